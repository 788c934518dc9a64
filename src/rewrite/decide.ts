import type { Answers, Predicate } from '../core/model.js';
import type { CommitFacts } from './facts.js';
import {
  CARRY_EXTENSION,
  needsReattestation,
  withoutCarryExtensions,
  type CarryInfo,
  type NeedsReattestation,
  type RewriteKind,
} from '../core/marker.js';
import { mergeAnswers } from './merge-answers.js';

/**
 * What to sign for one rewritten commit:
 * - carry: the old answers hold (proof in `info.proof`);
 * - ask: the change was edited; ask the rewriter whether `defaults` still hold, else mark;
 * - mark: sign a needs-reattestation statement;
 * - keep: the commit already has its own statement (commit-msg signed it, e.g. an amend);
 * - nothing: there is nothing trustworthy to carry (`reason` says why).
 */
export type Decision =
  | { type: 'carry'; answers: Answers; from: string[]; info: CarryInfo; detail?: Predicate['detail'] }
  | { type: 'ask'; defaults: Answers; from: string[]; kind: RewriteKind; reason: string }
  | { type: 'mark'; info: NeedsReattestation; kind: RewriteKind; sensitive: Answers['sensitive'] }
  | { type: 'keep' }
  | { type: 'nothing'; reason: string };

const WHAT: Record<RewriteKind, string> = {
  amend: 'amend',
  rebase: 'rebase',
  squash: 'squash',
  'cherry-pick': 'cherry-pick',
  'merge-squash': 'squash merge',
  carry: 'server-side merge',
};

/** For a squash: are the old commits one unbroken chain, and does it make the new commit's change? */
export type SquashProof = 'same' | 'changed' | 'reordered';

export function decide(fresh: CommitFacts, olds: readonly CommitFacts[], kind: RewriteKind, squashProof: SquashProof | null): Decision {
  const own = fresh.chosen;
  if (own?.match === 'exact') {
    const p = own.candidate.predicate;
    if (p.ai !== 'undeclared' || needsReattestation(p)) return { type: 'keep' };
  }
  // Merges bring in other commits' lines; they have no answers of their own to carry.
  const parts = olds.filter((o) => o.record.parents.length < 2);
  if (parts.length === 0) return { type: 'nothing', reason: 'only merge commits were rewritten' };
  const from = parts.map((o) => o.record.commit);

  const missing = parts.filter((o) => !o.chosen);
  const marked = parts.filter((o) => o.chosen && needsReattestation(o.chosen.candidate.predicate));
  const undeclared = parts.filter(
    (o) => o.chosen && !needsReattestation(o.chosen.candidate.predicate) && o.chosen.candidate.predicate.ai === 'undeclared',
  );
  const known = parts.filter((o) => o.chosen && o.chosen.candidate.predicate.ai !== 'undeclared');
  const merged = mergeAnswers(known.map((o) => ({ answers: o.chosen!.candidate.predicate, lines: o.lines })));
  const sensitive = mergeAnswers(
    parts.filter((o) => o.chosen).map((o) => ({ answers: o.chosen!.candidate.predicate, lines: o.lines })),
  ).sensitive;
  const previous = known.length ? { ai: merged.ai, tools: merged.tools, share: merged.share } : undefined;
  const short = (list: readonly CommitFacts[]) => list.map((o) => o.record.commit.slice(0, 12)).join(', ');
  const mark = (reason: string): Decision => ({
    type: 'mark',
    kind,
    sensitive,
    info: { reason, from, ...(previous ? { previous } : {}) },
  });

  if (marked.length) {
    const first = needsReattestation(marked[0]!.chosen!.candidate.predicate)!;
    return mark(parts.length === 1 ? first.reason : `${short(marked)} already needed re-attestation: ${first.reason}`);
  }
  if (parts.length === 1) {
    const old = parts[0]!;
    if (!old.chosen) {
      return { type: 'nothing', reason: old.problems[0] ?? `${short([old])} had no attestation` };
    }
    if (undeclared.length) return { type: 'nothing', reason: `${short([old])} was recorded as undeclared` };
  } else if (missing.length || undeclared.length) {
    const gaps = [...missing, ...undeclared];
    return mark(
      `the squashed commit${gaps.length > 1 ? 's' : ''} ${short(gaps)} ` +
        `${gaps.length > 1 ? 'have' : 'has'} no declared attestation, so the merged answers would ` +
        `be incomplete`,
    );
  }

  const single = parts.length === 1 ? parts[0]!.chosen!.candidate.predicate : null;
  const answers: Answers = {
    ...merged,
    source: 'carry',
    extensions: withoutCarryExtensions(merged.extensions),
  };
  const carry = (proof: CarryInfo['proof']): Decision => ({
    type: 'carry',
    answers: { ...answers, extensions: { ...answers.extensions, [CARRY_EXTENSION]: { kind, proof } satisfies CarryInfo } },
    from,
    info: { kind, proof },
    ...(single?.detail ? { detail: single.detail } : {}),
  });

  if (parts.length === 1) {
    const old = parts[0]!;
    if (old.patchId === fresh.patchId) return carry('patch-id');
    if (old.changeId && old.changeId === fresh.changeId) return carry('changed-lines');
    return {
      type: 'ask',
      defaults: answers,
      from,
      kind,
      reason: `its change was edited during the ${WHAT[kind]} (the patch differs from ${short([old])})`,
    };
  }
  if (squashProof === 'same') return carry('squash');
  if (squashProof === 'reordered') return carry('unproven');
  return {
    type: 'ask',
    defaults: answers,
    from,
    kind,
    reason: `the squash of ${short(parts)} was edited (it no longer makes the same change as those commits together)`,
  };
}
