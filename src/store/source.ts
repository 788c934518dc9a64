import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { cloneForCollect, fetchNotesForCollect, refreshCollectClone } from '../git/collect-source.js';
import { repoPaths } from '../git/repo.js';
import { GitError } from '../errors.js';
import { StoreError } from './database.js';

/** Where one repository is read from, and the key the store files it under. */
export interface CollectSource {
  /** Stable key: an absolute path, or the URL without credentials. */
  repository: string;
  /** A display name (unique within a store once collect has made it so). */
  name: string;
  /** The repository to read: the local one, or our clone of the remote one. */
  dir: string;
  /** The revision collected by default: HEAD, or the remote's default branch. */
  revision: string;
  remote: boolean;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const SCP_LIKE = /^[^/\\:]+@[^/\\:]+:/;

export function isRemoteSource(arg: string): boolean {
  return URL_LIKE.test(arg) || SCP_LIKE.test(arg);
}

/** Credentials in a URL (https://user:token@host/...) never reach the store or its output. */
export function withoutCredentials(url: string): string {
  return URL_LIKE.test(url) ? url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1') : url;
}

export function nameOf(location: string): string {
  const trimmed = location.replace(/[/\\]+$/, '').replace(/\.git$/, '');
  const last = basename(trimmed.replace(/^.*:/, (m) => (m.includes('/') ? m : ''))) || trimmed;
  return last.replace(/[^\w.-]+/g, '-') || 'repository';
}

/**
 * Resolves one `collect` argument. A URL is cloned once beside the store
 * (`STORE.repos/<digest>`), then refreshed on each collect: branches, tags and notes.
 */
export async function resolveSource(
  arg: string,
  storePath: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CollectSource> {
  if (isRemoteSource(arg)) {
    const key = withoutCredentials(arg);
    const dir = join(`${resolve(storePath)}.repos`, createHash('sha256').update(key).digest('hex').slice(0, 16));
    const gitOptions = { cwd: dir, env: options.env };
    try {
      if (!existsSync(join(dir, '.git'))) {
        mkdirSync(dirname(dir), { recursive: true });
        await cloneForCollect(arg, dir, { cwd: dirname(dir), env: options.env });
        await fetchNotesForCollect(gitOptions);
      } else {
        await refreshCollectClone(gitOptions);
      }
    } catch (error) {
      if (error instanceof GitError) throw new StoreError(`cannot fetch ${key}: ${error.message}. Check the URL and your access to it.`);
      throw error;
    }
    return { repository: key, name: nameOf(key), dir, revision: 'HEAD', remote: true };
  }
  const dir = resolve(options.cwd, arg);
  if (!existsSync(dir)) throw new StoreError(`${arg}: no such folder. Name a repository's folder or a URL to clone.`);
  let paths;
  try {
    paths = await repoPaths({ cwd: dir, env: options.env });
  } catch (error) {
    if (error instanceof GitError) throw new StoreError(`${arg} is not a git repository. Name a repository's folder or a URL to clone.`);
    throw error;
  }
  const location = paths.top ?? paths.gitDir;
  return { repository: location, name: nameOf(location), dir: location, revision: 'HEAD', remote: false };
}
