import { buildPredicate, signPredicate } from '../core/attest.js';
import type { Answers } from '../core/model.js';
import { changedFiles } from '../git/changed-files.js';
import type { RewriteContext } from './context.js';
import { decide, type Decision } from './decide.js';
import { envWithCommitter } from './identity.js';
import { readFacts, type CommitFacts } from './facts.js';
import { CARRY_EXTENSION, needsReattestationAnswers, type CarryInfo, type RewriteKind } from '../core/marker.js';
import { reaffirm } from './reaffirm.js';
import type { RewriteGroup } from './rewrite-list.js';
import { squashProof } from './squash-proof.js';
import { addNoteLinesMany } from './write-notes.js';

export interface CarryOutcome {
  commit: string;
  from: string[];
  /**
   * carried: old answers re-signed for the new commit; reaffirmed: the rewriter confirmed them on
   * a terminal; needs-reattestation: a marker was signed; kept: the commit had its own statement;
   * nothing: nothing trustworthy to carry; unsigned: no key to sign with here (evidence copied only).
   */
  action: 'carried' | 'reaffirmed' | 'needs-reattestation' | 'kept' | 'nothing' | 'unsigned';
  kind: RewriteKind;
  proof?: CarryInfo['proof'];
  reason?: string;
}

export interface CarryReport {
  outcomes: CarryOutcome[];
  /** Fingerprint of the key that signed, or null. */
  signer: string | null;
  /** Commits whose note gained lines. */
  notesWritten: string[];
}

export interface CarryRequest {
  groups: readonly RewriteGroup[];
  /** What rewrote the commits; a group of several old commits is a squash whatever the kind. */
  kind: RewriteKind;
  /** Ask on the terminal (when there is one) whether an edited commit's answers still hold. */
  interactive: boolean;
}

/**
 * Carries attestations from old commits to the commits that replaced them: decides per new
 * commit (decide.ts), asks where a change was edited, signs carry or needs-reattestation
 * statements with the rewriter's key, and appends them, with every old statement as evidence,
 * to the new commits' notes under one hold of the notes lock.
 */
export async function carryAttestations(ctx: RewriteContext, request: CarryRequest): Promise<CarryReport> {
  const groups = request.groups.filter((g) => g.olds.length > 0);
  const opts = { cwd: ctx.cwd, env: ctx.env };
  const facts = await readFacts(
    groups.flatMap((g) => [g.newCommit, ...g.olds]),
    ctx.keyring,
    opts,
  );
  const additions = new Map<string, string[]>();
  const outcomes: CarryOutcome[] = [];
  const now = new Date();

  for (const group of groups) {
    const fresh = facts.get(group.newCommit)!;
    const olds = group.olds.map((o) => facts.get(o)!);
    const kind: RewriteKind = olds.length > 1 && (request.kind === 'rebase' || request.kind === 'amend') ? 'squash' : request.kind;
    const proof = olds.length > 1 ? await squashProof(fresh.changeId, olds, opts) : null;
    const decision = await resolveAsk(decide(fresh, olds, kind, proof), fresh, ctx, request.interactive);

    const evidence = [...new Set(olds.flatMap((o) => [...o.candidates.map((c) => c.noteLine), ...o.otherLines]))];
    const outcome = sign(decision, fresh, ctx, kind, now);
    outcomes.push({ commit: group.newCommit, from: group.olds, kind, ...outcome.report });
    const lines = [...evidence, ...(outcome.line ? [outcome.line] : [])];
    if (lines.length) additions.set(group.newCommit, [...(additions.get(group.newCommit) ?? []), ...lines]);
  }

  const notesWritten = additions.size
    ? await addNoteLinesMany(additions, { ...opts, env: await envWithCommitter(opts), commonDir: ctx.paths.commonDir })
    : [];
  return { outcomes, signer: ctx.signer?.fingerprint ?? null, notesWritten };
}

type Resolved = Exclude<Decision, { type: 'ask' }>;

async function resolveAsk(decision: Decision, fresh: CommitFacts, ctx: RewriteContext, interactive: boolean): Promise<Resolved> {
  if (decision.type !== 'ask') return decision;
  const mark: Resolved = {
    type: 'mark',
    kind: decision.kind,
    sensitive: decision.defaults.sensitive,
    info: {
      reason: decision.reason,
      from: decision.from,
      previous: { ai: decision.defaults.ai, tools: decision.defaults.tools, share: decision.defaults.share },
    },
  };
  if (!interactive) return mark;
  const record = fresh.record;
  const files = await changedFiles([{ commit: record.commit, base: record.parents[0] ?? null }], { cwd: ctx.cwd, env: ctx.env });
  const answers = await reaffirm({
    config: ctx.config,
    commit: record.commit,
    subject: record.message.split('\n')[0] ?? '',
    reason: decision.reason,
    files: files.get(record.commit) ?? [],
    defaults: decision.defaults,
  });
  if (!answers) return mark;
  const reused = answers.source === 'amend';
  return {
    type: 'carry',
    answers: {
      ...answers,
      source: reused ? 'carry' : 'prompt',
      extensions: { ...(answers.extensions ?? {}), [CARRY_EXTENSION]: { kind: decision.kind, proof: 'reaffirmed' } satisfies CarryInfo },
    },
    from: decision.from,
    info: { kind: decision.kind, proof: 'reaffirmed' },
  };
}

function sign(
  decision: Resolved,
  fresh: CommitFacts,
  ctx: RewriteContext,
  kind: RewriteKind,
  now: Date,
): { line: string | null; report: Omit<CarryOutcome, 'commit' | 'from' | 'kind'> } {
  if (decision.type === 'keep') return { line: null, report: { action: 'kept' } };
  if (decision.type === 'nothing') return { line: null, report: { action: 'nothing', reason: decision.reason } };
  if (!ctx.signer) return { line: null, report: { action: 'unsigned', reason: ctx.signerProblem ?? 'no signing key' } };
  const record = fresh.record;
  const binding = { tree: record.tree, parents: record.parents, patchId: fresh.patchId, commit: record.commit };
  let answers: Answers;
  let from: string[];
  if (decision.type === 'mark') {
    answers = needsReattestationAnswers(decision.info, kind, decision.sensitive);
    from = decision.info.from;
  } else {
    answers = decision.answers;
    from = decision.from;
  }
  const predicate = buildPredicate(answers, binding, ctx.signer, now, from);
  if (decision.type === 'carry' && decision.detail) predicate.detail = decision.detail;
  const signed = signPredicate(predicate, ctx.signer);
  if (decision.type === 'mark') return { line: signed.noteLine, report: { action: 'needs-reattestation', reason: decision.info.reason } };
  return {
    line: signed.noteLine,
    report: { action: decision.info.proof === 'reaffirmed' ? 'reaffirmed' : 'carried', proof: decision.info.proof },
  };
}
