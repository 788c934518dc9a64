import type { Config } from '../../config/types.js';
import type { CommitRecord } from '../../git/log.js';
import { evaluateCommits, loadEvaluationContext, type CheckResult, type CommitVerdict, type UsedStatement } from '../evaluate.js';
import { breaksIntegrity } from '../evaluate/integrity.js';
import { VerifyCache } from '../verify/cache.js';
import { cacheScope } from '../verify/cache-scope.js';
import type { Claims } from './item.js';
import type { VerifyStatus } from './types.js';

/** What the report needs from verify about one commit. */
export interface Judgement {
  status: VerifyStatus;
  reasons: string[];
  attested: boolean;
  claims: Claims | null;
}

/** Turns the commit stream into judged commits, in order, one at a time. */
export type Judge = (records: AsyncIterable<CommitRecord>) => AsyncIterable<{ record: CommitRecord; judgement: Judgement }>;

export interface JudgeContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  top: string | null;
  gitDir: string;
  commonDir: string;
  config: Config;
}

/** Checks that only run on a statement that is there: any of them means the commit carries one. */
const STATEMENT_CHECKS: ReadonlySet<CheckResult['check']> = new Set(['schema', 'signature', 'binding', 'identity', 'note']);

/**
 * Commits evaluated per batch. verify's default (2,500) keeps two batches of whole records (message,
 * note, signatures) alive at once; surviving young collections, they fill the old space, and V8
 * lets it grow to a few times what is live: 413 MB at 100,000 attested commits cold. 500 peaks
 * at 279 MB in the same time (the extra git calls per batch are a few hundred over 100,000).
 */
const REPORT_CHUNK = 500;

/**
 * The judge a report (and export, and collect) uses, and the name the report gives its checks:
 * verify's per-commit evaluation with its verdict cache, read and filled like `ai-attest verify`.
 */
export async function makeJudge(ctx: JudgeContext): Promise<{ name: string; judge: Judge }> {
  const evaluation = await loadEvaluationContext({
    cwd: ctx.cwd,
    env: ctx.env,
    paths: { top: ctx.top, gitDir: ctx.gitDir, commonDir: ctx.commonDir },
  });
  const cache = await VerifyCache.load(ctx.commonDir, cacheScope(evaluation));
  const judge: Judge = async function* (records) {
    for await (const { record, verdict, cached } of evaluateCommits(records, evaluation, {
      lookup: (r) => cache.lookup(r, true),
      chunkSize: REPORT_CHUNK,
    })) {
      if (!cached) cache.remember(record, verdict);
      yield { record, judgement: judgementOf(verdict) };
    }
    await cache.save();
  };
  return { name: 'ai-attest verify (signatures, bindings, identities, policy)', judge };
}

export function judgementOf(verdict: CommitVerdict): Judgement {
  const problems = verdict.results.filter((r) => r.level !== 'pass');
  const reasons = problems.map((r) => `${r.result}: ${r.message}`);
  // The verification table still shows policy failures; only these void the claims.
  const broken = problems.some(breaksIntegrity);
  const attested = verdict.statement !== null || verdict.results.some((r) => STATEMENT_CHECKS.has(r.check));
  const claims = verdict.statement && !broken ? claimsOf(verdict.statement) : null;
  return { status: verdict.status, reasons, attested, claims };
}

function claimsOf(s: UsedStatement): Claims {
  return {
    ai: s.ai,
    tools: s.tools,
    share: s.share,
    sensitive: s.sensitive,
    attester: s.attester,
    time: s.time,
    source: s.source,
    extensions: s.ai === 'used' ? s.extensions : {},
    ...(s.detail ? { detail: s.detail } : {}),
  };
}
