import { git, runGit, type GitOptions } from './run.js';

/**
 * What git knows that an exemption must prove: the adoption point's ancestry, git's own merge of
 * a merge's parents, and git's verdict on a commit's own signature. Each is one git call for a
 * whole range, except the merges (git 2.39's merge-tree takes one pair per call).
 */

/** Whether `commit` exists here as a commit. */
export async function commitExists(commit: string, options: GitOptions): Promise<boolean> {
  const r = await runGit(['cat-file', '-e', `${commit}^{commit}`], { ...options, okCodes: [1, 128] });
  return r.status === 0;
}

/**
 * The commits of a range NOT reachable from `boundary`: the walk stops where the boundary's
 * history begins, so its cost is the range's, never the old history's (generation numbers in
 * the commit-graph keep it so across merges).
 */
export async function rangeCommitsAfter(
  revisions: readonly string[],
  logOptions: readonly string[],
  boundary: string,
  options: GitOptions,
): Promise<Set<string>> {
  // Inside `--not` a revision is already negated; outside, `^` negates it.
  const negated = revisions.filter((r) => r === '--not').length % 2 === 1;
  const out = await git(['rev-list', ...logOptions, ...revisions, negated ? boundary : `^${boundary}`, '--'], options);
  return new Set(out.split('\n').filter(Boolean));
}

/** Every commit reachable from `boundary` (read commands that have no range to bound the walk). */
export async function ancestorsOf(boundary: string, options: GitOptions): Promise<Set<string>> {
  const out = await git(['rev-list', boundary, '--'], options);
  return new Set(out.split('\n').filter(Boolean));
}

/**
 * The tree git's own merge of two commits gives (`git merge-tree --write-tree`), or null when
 * it has conflicts. Several merges run side by side, a few at a time.
 */
export async function mergedTrees(
  pairs: ReadonlyArray<{ commit: string; parents: [string, string] }>,
  options: GitOptions,
): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  let next = 0;
  const worker = async () => {
    while (next < pairs.length) {
      const { commit, parents } = pairs[next++]!;
      const r = await runGit(['merge-tree', '--write-tree', '--no-messages', parents[0], parents[1]], { ...options, okCodes: [1] });
      result.set(commit, r.status === 0 ? r.stdout.split('\n')[0]!.trim() : null);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, pairs.length) }, worker));
  return result;
}

/** git's check of a commit's own signature (GnuPG or SSH, as `git verify-commit` does it). */
export interface GitSignature {
  /** %G?: G good, U good with unknown validity, X/Y expired, R revoked key, E cannot check, B bad, N none. */
  status: string;
  /** %GF: the signing key's fingerprint (an SSH key's SHA256:... form). */
  fingerprint: string;
  /** %GP: the primary key's fingerprint, for a GnuPG subkey signature. */
  primary: string;
}

/** Signatures of many commits from one `git log --no-walk --stdin` call. */
export async function commitSignatures(commits: readonly string[], options: GitOptions): Promise<Map<string, GitSignature>> {
  const result = new Map<string, GitSignature>();
  if (commits.length === 0) return result;
  const out = await git(['log', '--no-walk=unsorted', '--stdin', '--format=%H%x00%G?%x00%GF%x00%GP%x00'], {
    ...options,
    input: `${commits.join('\n')}\n`,
  });
  for (const line of out.split('\n')) {
    const [commit, status = 'N', fingerprint = '', primary = ''] = line.split('\0');
    if (commit && /^[0-9a-f]{40,64}$/.test(commit)) result.set(commit, { status, fingerprint, primary });
  }
  return result;
}
