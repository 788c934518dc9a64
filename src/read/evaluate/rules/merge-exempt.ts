import type { CommitRecord } from '../../../git/log.js';

/**
 * A merge needs no attestation only when it adds nothing: its tree is exactly git's own merge of
 * its two parents. A conflict resolution, a change slipped into the merge, or a "merge" whose
 * parents are picked to make any commit look like one, all differ and need an attestation.
 * `merged`: the tree of git's merge, null when git's merge conflicts, undefined when not computed
 * (not a two-parent merge). Pure.
 */
export function mergeExemption(
  record: Pick<CommitRecord, 'parents' | 'tree'>,
  merged: string | null | undefined,
): { exempt: true; reason: string } | { exempt: false; why: string } | null {
  if (record.parents.length < 2) return null;
  if (record.parents.length > 2)
    return { exempt: false, why: 'an octopus merge: git cannot recompute it pair by pair, so what it adds needs an attestation' };
  if (merged === undefined) return null;
  if (merged === null)
    return { exempt: false, why: 'a merge whose parents conflict: its resolution is a change of its own and needs an attestation' };
  if (merged !== record.tree)
    return {
      exempt: false,
      why: "a merge whose tree is not git's own merge of its parents: what it adds beyond that merge needs an attestation",
    };
  return { exempt: true, reason: "a merge that adds nothing: its tree is git's own merge of its parents" };
}
