import { git, type GitOptions } from './run.js';

/** The commits of a range that are not merges, oldest first (`git rev-list --reverse --no-merges`). */
export async function nonMergeCommitsOldestFirst(revisions: readonly string[], options: GitOptions): Promise<string[]> {
  const out = await git(['rev-list', '--reverse', '--no-merges', ...revisions, '--'], options);
  return out.split('\n').filter(Boolean);
}
