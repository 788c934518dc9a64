/**
 * A statement signed when its commit was made cannot be older than the commit's parents: the
 * commit did not exist before them. A signature dated earlier was back-dated (to before a key
 * expired or was revoked, say). Committer dates come from other machines' clocks, hence the skew.
 * Only statements bound exactly to the commit and made at commit time are judged: a carry or
 * attest statement is signed later, a rebased commit's trailers before its new parents. Pure.
 */
export const PARENT_CLOCK_SKEW_SECONDS = 15 * 60;

export function signedBeforeParent(
  signed: Date,
  parentCommitterTimes: readonly number[],
  skewSeconds = PARENT_CLOCK_SKEW_SECONDS,
): string | null {
  if (parentCommitterTimes.length === 0) return null;
  const newest = Math.max(...parentCommitterTimes);
  if (signed.getTime() / 1000 >= newest - skewSeconds) return null;
  return (
    `signed at ${signed.toISOString()}, before its parent was committed (` +
    `${new Date(newest * 1000).toISOString()}; allowed skew ${skewSeconds / 60} min): the ` +
    `signature was back-dated`
  );
}

/** Sources of statements signed when the commit is made (as opposed to carry and attest, signed later). */
export const COMMIT_TIME_SOURCES: ReadonlySet<string> = new Set(['prompt', 'env', 'events', 'amend', 'policy']);
