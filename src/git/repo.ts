import { isAbsolute, resolve } from 'node:path';
import { git, runGit, type GitOptions } from './run.js';

export interface RepoPaths {
  /** Work tree top; null for a bare repository. */
  top: string | null;
  /** This worktree's git dir (absolute). */
  gitDir: string;
  /** The git dir shared by all worktrees (absolute): notes lock, install state, caches. */
  commonDir: string;
}

/** All paths from one `git rev-parse` call. */
export async function repoPaths(options: GitOptions): Promise<RepoPaths> {
  const paths = ['rev-parse', '--is-bare-repository', '--absolute-git-dir', '--git-common-dir'];
  const withTop = await runGit([...paths, '--show-toplevel'], { ...options, okCodes: [128] });
  // git >= 2.25 refuses --show-toplevel in a bare repository (or a git dir): ask again without.
  const out = withTop.status === 0 ? withTop.stdout : await git(paths, options);
  const [bare, gitDir = '', common = '', top = ''] = out.split('\n');
  const commonDir = isAbsolute(common) ? common : resolve(options.cwd, common);
  return { top: bare === 'true' || !top ? null : top, gitDir, commonDir };
}

/** The commit id a revision names, or null when it does not exist (unborn branch). */
export async function resolveCommit(rev: string, options: GitOptions): Promise<string | null> {
  const result = await runGit(resolveCommitArgs(rev), { ...options, okCodes: [1, 128] });
  return result.status === 0 ? result.stdout.trim() : null;
}

export function resolveCommitArgs(rev: string): string[] {
  return ['rev-parse', '-q', '--verify', `${rev}^{commit}`];
}

/** True when `ancestor` is reachable from `descendant` (or is it); false when either is missing. */
export async function isAncestor(ancestor: string, descendant: string, options: GitOptions): Promise<boolean> {
  if (ancestor === descendant) return true;
  const result = await runGit(['merge-base', '--is-ancestor', ancestor, descendant], { ...options, okCodes: [1, 128] });
  return result.status === 0;
}

export async function configGet(key: string, options: GitOptions): Promise<string | null> {
  const result = await runGit(['config', '--get', key], { ...options, okCodes: [1] });
  return result.status === 0 ? result.stdout.trim() : null;
}

export async function configSet(key: string, value: string, options: GitOptions): Promise<void> {
  await git(['config', key, value], options);
}

export async function userIdentity(options: GitOptions): Promise<{ name: string | null; email: string | null }> {
  const [name, email] = await Promise.all([configGet('user.name', options), configGet('user.email', options)]);
  return { name, email };
}
