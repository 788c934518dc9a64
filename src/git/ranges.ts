import { git, runGit, type GitOptions } from './run.js';

/** Revisions as `git rev-list` takes them (`v1..v2`, `HEAD --not --remotes`) and walk options (`--first-parent`). */
export interface RevisionRange {
  revisions: readonly string[];
  logOptions: readonly string[];
}

/** The commits of a range, newest first, from one `git rev-list`. */
export async function commitsOf(range: RevisionRange, options: GitOptions): Promise<string[]> {
  const out = await git(['rev-list', ...range.logOptions, ...range.revisions, '--'], options);
  return out.split('\n').filter(Boolean);
}

/** The commits of a range that are not merges, oldest first. */
export async function nonMergeCommitsOldestFirst(revisions: readonly string[], options: GitOptions): Promise<string[]> {
  const out = await git(['rev-list', '--reverse', '--no-merges', ...revisions, '--'], options);
  return out.split('\n').filter(Boolean);
}

/** How many commits a range holds; null when a revision in it names nothing. */
export async function countCommits(range: RevisionRange, options: GitOptions): Promise<number | null> {
  const r = await runGit(['rev-list', '--count', ...range.logOptions, ...range.revisions, '--'], { ...options, okCodes: [128] });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/**
 * The commits of a range that change `path` (relative to the top, taken literally), newest
 * first; null when a revision in the range names nothing.
 */
export async function commitsChanging(range: RevisionRange, path: string, options: GitOptions): Promise<string[] | null> {
  const out = await runGit(['rev-list', ...range.logOptions, ...range.revisions, '--', `:(top,literal)${path}`], {
    ...options,
    okCodes: [128],
  });
  return out.status === 0 ? out.stdout.split('\n').filter(Boolean) : null;
}

/**
 * Of `commits`, those not reachable from any of `tips`, in one walk that covers only the part
 * the tips do not reach (commit ids on stdin, so any number fits; unknown tips are skipped).
 */
export async function commitsNotReachedFrom(
  commits: readonly string[],
  tips: readonly string[],
  options: GitOptions,
): Promise<Set<string>> {
  const wanted = new Set(commits);
  if (wanted.size === 0) return wanted;
  const walk = [...wanted, ...tips.map((tip) => `^${tip}`)].join('\n');
  const out = await git(['rev-list', '--ignore-missing', '--stdin'], { ...options, input: `${walk}\n` });
  return new Set(out.split('\n').filter((c) => wanted.has(c)));
}
