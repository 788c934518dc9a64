import type { DetailPolicy } from '../config/types.js';
import type { TracedCommit } from '../read/trace/model.js';
import { FACTS, type ContributionReport, type Fact, type Gap, type Scorecard } from './model.js';

/** What drill knows of a commit beyond its trace: its AI-written lines, and whether its detail record can be read. */
export interface ContributionContext {
  detail: DetailPolicy;
  /** Added lines x declared share / 100, or null when not counted. */
  aiLines: number | null;
  /** null: no detail record, or not checked; false: no current compliance recipient can open it. */
  detailReadable: boolean | null;
}

/** Policy results the drill reports as trail gaps of their own (tool-unapproved: per tool, once). */
const REPORTED_ELSEWHERE = new Set(['tool-unapproved']);

const PLACEHOLDER_MODELS = new Set(['', 'pending', 'unknown', 'other']);

/** Whether the policy requires the detail tier (prompt and raw output) for an AI commit. */
export function detailRequired(policy: DetailPolicy, commit: { sensitiveAi: boolean; aiLines: number | null }): boolean {
  if (policy.when === 'always') return true;
  if (policy.when === 'never') return false;
  return (
    (policy.sensitivePaths && commit.sensitiveAi) ||
    (policy.aiLinesOver !== null && commit.aiLines !== null && commit.aiLines > policy.aiLinesOver)
  );
}

/**
 * One contribution as an incident responder would find it: which of the five facts the trail
 * gives, which the policy requires, and every gap in between. Claims that do not verify count
 * for nothing: an investigation cannot rest on them.
 */
export function assessContribution(c: TracedCommit, lines: number, ctx: ContributionContext): ContributionReport {
  const a = c.attestation;
  const short = c.commit.slice(0, 12);
  const none = Object.fromEntries(FACTS.map((f) => [f, null])) as Record<Fact, boolean | null>;
  const report: ContributionReport = {
    commit: c.commit,
    subject: c.subject,
    lines,
    ai: a.ai,
    verified: a.verified,
    tools: a.tools.map((t) => ({ tool: t.tool, model: t.model, via: t.via })),
    facts: none,
    required: [],
    gaps: [],
  };
  const gap = (kind: Gap['kind'], message: string, fix: string) => report.gaps.push({ kind, subject: c.commit, message, fix });
  if (c.verification.status === 'exempt') return report;
  if (a.ai === 'unattested') {
    gap('unattested', `${short} has no attestation: who used which AI on these lines cannot be answered.`, `ai-attest attest ${short}`);
    return report;
  }
  if (a.ai === 'undeclared') {
    gap('undeclared', `${short} was committed without answers: whether AI wrote these lines is not known.`, `ai-attest attest ${short}`);
    return report;
  }
  if (!a.verified) {
    const why = c.verification.problems.map((p) => p.result).join(', ') || 'does not verify';
    gap('unverified', `${short}'s attestation cannot be relied on (${why}).`, `ai-attest show ${short}`);
    if (a.ai === 'used') {
      report.facts = { model: false, prompt: false, rawOutput: false, human: false, toolPath: false };
      report.required = ['model', 'human', 'toolPath'];
    }
    return report;
  }
  // Claims that hold but break a policy rule: the investigation finds the facts, the gate did not pass them.
  const policy = c.verification.problems.filter((p) => p.level === 'fail' && !REPORTED_ELSEWHERE.has(p.result));
  if (policy.length)
    gap(
      'policy-failure',
      `${short} fails the policy: ${policy.map((p) => p.message).join('; ')}`,
      policy[0]!.fix ?? `ai-attest verify ${short}`,
    );
  if (a.ai !== 'used') return report;

  const sensitiveAi = a.sensitive.some((f) => f.ai.length > 0);
  const needsDetail = detailRequired(ctx.detail, { sensitiveAi, aiLines: ctx.aiLines });
  const detailFound = a.detail.recorded && ctx.detailReadable !== false;
  report.facts = {
    model: a.tools.length > 0 && a.tools.every((t) => !PLACEHOLDER_MODELS.has(t.model.trim().toLowerCase())),
    prompt: detailFound,
    rawOutput: detailFound,
    human: a.attester !== null,
    toolPath: a.tools.length > 0 && a.tools.every((t) => t.tool !== '' && Boolean(t.via)),
  };
  report.required = needsDetail ? [...FACTS] : ['model', 'human', 'toolPath'];
  if (!report.facts.model) gap('model-unknown', `${short} does not name the exact model of every tool.`, `ai-attest attest ${short}`);
  if (!report.facts.toolPath)
    gap('tool-path-unknown', `${short} does not name the tool and integration path of every contribution.`, `ai-attest attest ${short}`);
  if (needsDetail && !a.detail.recorded) {
    gap(
      'detail-missing',
      `${short}: the policy requires the prompt and raw output ` +
        `(${sensitiveAi ? 'AI touched a sensitive path' : 'a large AI change'}), and no detail ` +
        `record is bound.`,
      'instrument the tool (ai-attest agents install) so that capture records the detail tier',
    );
  }
  if (a.detail.recorded && ctx.detailReadable === false) {
    gap(
      'detail-unreadable',
      `${short}: its detail record is encrypted to no current compliance recipient.`,
      'a former recipient re-encrypts it to the current ones (docs/privacy.md, rotating recipients)',
    );
  }
  return report;
}

export function scorecard(contributions: readonly ContributionReport[], ranges: number, gaps: number): Scorecard {
  const byFact = Object.fromEntries(FACTS.map((f) => [f, { found: 0, required: 0 }])) as Scorecard['byFact'];
  let factsFound = 0;
  let factsRequired = 0;
  for (const c of contributions) {
    for (const f of c.required) {
      byFact[f].required++;
      factsRequired++;
      if (c.facts[f]) {
        byFact[f].found++;
        factsFound++;
      }
    }
  }
  return {
    ranges,
    contributions: contributions.length,
    aiContributions: contributions.filter((c) => c.ai === 'used').length,
    factsFound,
    factsRequired,
    score: contributions.length === 0 ? null : factsRequired === 0 ? 1 : factsFound / factsRequired,
    byFact,
    gaps,
  };
}
