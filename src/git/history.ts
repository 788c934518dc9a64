import { runGit, type GitOptions } from './run.js';

/** HEAD's full commit id and how many commits it reaches, or null on an unborn branch. */
export async function headAndHistorySize(options: GitOptions): Promise<{ head: string; commits: number } | null> {
  const result = await runGit(['rev-list', '--count', 'HEAD', '--'], { ...options, okCodes: [128] });
  if (result.status !== 0) return null;
  const head = await runGit(['rev-parse', '--verify', 'HEAD^{commit}'], options);
  return { head: head.stdout.trim(), commits: Number(result.stdout.trim()) };
}

/** The earliest commit on HEAD that added `path`, with its parents, or null when none did. */
export async function commitThatAdded(path: string, options: GitOptions): Promise<{ commit: string; parents: string[] } | null> {
  const result = await runGit(['log', '--diff-filter=A', '--format=%H %P', 'HEAD', '--', path], { ...options, okCodes: [128] });
  if (result.status !== 0) return null;
  const last = result.stdout.trim().split('\n').filter(Boolean).pop();
  if (!last) return null;
  const [commit = '', ...parents] = last.split(' ').filter(Boolean);
  return { commit, parents };
}
