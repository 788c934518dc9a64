import type { CommitRecord } from '../../git/log.js';
import type { CommitVerdict, EvaluationContext } from '../evaluate.js';
import { finalize, prepare } from '../evaluate/verdict.js';

/** The commits without statements whose verdict needs nothing from git: each kind has one verdict. */
type Kind = 'before-adoption' | 'unattested';

/**
 * Verdicts of commits that need no evaluation of their own: no statement (no `ai-attest` in the
 * message, nothing in the note), no change to trust, and an answer git need not compute: before
 * the adoption point, or, where ai-attest was never set up, a commit that is neither a two-parent
 * merge (git proves those) nor by a listed author (git checks its signature). Most of a long
 * history is one of the two, and every commit of a kind gets the same results: the first two of
 * a kind are evaluated in full (prepare and finalize, as every commit was before), and when they
 * agree, their verdict is reused for the others with their own id; when they differ (a rule that
 * came to say something of the commit itself) the kind is evaluated commit by commit.
 * test/verify-settled.test.ts compares the two ways on every kind of commit. Undefined: evaluate
 * the commit as usual.
 */
export function settledVerdicts(ctx: EvaluationContext): (record: CommitRecord) => CommitVerdict | undefined {
  // show keeps every statement found; a settled verdict has none to keep, and show reads one commit anyway.
  if (ctx.detail) return () => undefined;
  const mergesProved = ctx.config.policy.exempt.merges;
  const changesTrust = ctx.rangeTrust?.changes;
  /** Per kind: the first verdict (one seen), the template (two agreed), or null (they differed). */
  const kinds = new Map<Kind, { first: CommitVerdict } | { template: CommitVerdict } | null>();
  return (record) => {
    if (record.note !== '' && record.note.trim() !== '') return undefined;
    if (/ai-attest/i.test(record.message) || changesTrust?.has(record.commit)) return undefined;
    let kind: Kind;
    if (ctx.exempt.beforeAdoption(record.commit)) kind = 'before-adoption';
    else if (!ctx.adopted && !(mergesProved && record.parents.length === 2) && !ctx.exempt.listsAuthor(record)) kind = 'unattested';
    else return undefined;
    const state = kinds.get(kind);
    if (state === null) return undefined;
    if (state && 'template' in state) {
      const { status, results } = state.template;
      return { commit: record.commit, status, results, statement: null };
    }
    const verdict = finalize(prepare(record, ctx), undefined, undefined, ctx);
    if (!state) kinds.set(kind, { first: verdict });
    else kinds.set(kind, agree(state.first, verdict) ? { template: frozen(verdict) } : null);
    return verdict;
  };
}

function agree(a: CommitVerdict, b: CommitVerdict): boolean {
  const plain = (v: CommitVerdict) => v.statement === null && v.candidates === undefined;
  return plain(a) && plain(b) && a.status === b.status && JSON.stringify(a.results) === JSON.stringify(b.results);
}

/** The verdicts made from a template share its results: frozen, so that nothing changes one for all. */
function frozen(verdict: CommitVerdict): CommitVerdict {
  for (const r of verdict.results) Object.freeze(r);
  Object.freeze(verdict.results);
  return verdict;
}
