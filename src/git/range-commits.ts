import { collectCommits, type CommitRecord, type ReadRangeOptions } from './log.js';
import { git, type GitOptions } from './run.js';

/** The commits of a range that are not merges, oldest first (`git rev-list --reverse --no-merges`). */
export async function nonMergeCommitsOldestFirst(revisions: readonly string[], options: GitOptions): Promise<string[]> {
  const out = await git(['rev-list', '--reverse', '--no-merges', ...revisions, '--'], options);
  return out.split('\n').filter(Boolean);
}

/** The one commit a revision names, its history not walked; undefined when it names none. */
export async function readOneCommit(revision: string, options: Omit<ReadRangeOptions, 'logOptions'>): Promise<CommitRecord | undefined> {
  const [record] = await collectCommits([revision], { ...options, logOptions: ['--max-count=1', '--no-walk'] });
  return record;
}

/** The commits named, in the order given, from one `git log`. */
export function commitsAsGiven(ids: readonly string[], options: Omit<ReadRangeOptions, 'logOptions'>): Promise<CommitRecord[]> {
  return collectCommits(ids, { ...options, logOptions: ['--no-walk=unsorted'] });
}
