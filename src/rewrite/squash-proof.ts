import type { GitOptions } from '../git/run.js';
import { EMPTY_TREE } from '../git/staged.js';
import type { SquashProof } from './decide.js';
import { rangeChangedLineId } from '../git/patch-id.js';
import type { CommitFacts } from './facts.js';

/**
 * Whether squashed commits together make the change of the commit that replaced them. Only an
 * unbroken chain (each commit's parent is the one before) has a combined diff to compare; a
 * fixup moved next to its target (autosquash) is 'reordered': nothing to compare it with.
 */
export async function squashProof(changeId: string, olds: readonly CommitFacts[], options: GitOptions): Promise<SquashProof> {
  const parts = olds.filter((o) => o.record.parents.length < 2);
  const ids = new Set(parts.map((o) => o.record.commit));
  const starts = parts.filter((o) => !ids.has(o.record.parents[0] ?? ''));
  if (starts.length !== 1) return 'reordered';
  const childOf = new Map(parts.map((o) => [o.record.parents[0] ?? '', o]));
  let tip = starts[0]!;
  for (let n = 1; n < parts.length; n++) {
    const next = childOf.get(tip.record.commit);
    if (!next) return 'reordered';
    tip = next;
  }
  const combined = await rangeChangedLineId(starts[0]!.record.parents[0] ?? EMPTY_TREE, tip.record.commit, options);
  return combined === changeId ? 'same' : 'changed';
}
