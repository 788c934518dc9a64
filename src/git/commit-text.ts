import { git, type GitOptions } from './run.js';

/** A commit's full message, as `git log --format=%B` prints it. */
export async function commitMessage(commit: string, options: GitOptions): Promise<string> {
  return git(['log', '-1', '--format=%B', commit], options);
}

/** A commit's parents and full message, from one git call. */
export async function commitParentsAndMessage(commit: string, options: GitOptions): Promise<{ parents: string[]; message: string }> {
  const out = await git(['log', '-1', '--format=%P%x00%B', commit], options);
  const nul = out.indexOf('\0');
  return { parents: out.slice(0, nul).split(/\s+/).filter(Boolean), message: out.slice(nul + 1) };
}
