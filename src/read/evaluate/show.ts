import { parseTrailers } from '../../core/trailers.js';
import { typedDisclosures } from '../../detect/index.js';
import { readCommit } from '../../git/log.js';
import { AttestError } from '../../errors.js';
import { evaluateCommit } from '../evaluate.js';
import { applyDetailChecks } from '../verify/detail.js';
import { explicitTrust } from '../trust/revision.js';
import { loadEvaluationContext, type CandidateReport, type CheckResult, type UsedStatement, type VerdictStatus } from '../evaluate.js';

export const SHOW_SCHEMA = 'ai-attest/show@1';

export interface ShowReport {
  schema: typeof SHOW_SCHEMA;
  commit: string;
  subject: string;
  author: { name: string; email: string };
  status: VerdictStatus;
  /** The statement the verdict rests on, if any is valid. */
  statement: UsedStatement | null;
  /** Every statement on the commit: the trailers and each note line, decoded and checked. */
  statements: CandidateReport[];
  /** Every check, passes included. */
  results: CheckResult[];
  /** Agent disclosures typed into the message outside the signed block: shown, never as attested. */
  disclosures: Array<{ key: string; value: string; tool: string }>;
}

/** One commit's attestations, evaluated exactly as verify evaluates them. */
export async function showCommit(
  rev: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; keyringDirs?: readonly string[]; trust?: string },
): Promise<ShowReport> {
  const opts = { cwd: options.cwd, env: options.env };
  const record = await readCommit(rev, opts);
  if (!record) throw new AttestError(`no commit named "${rev}".`);
  // Judged as `verify REV^!` judges it: the same trust revision, exemptions and trust changes.
  const range = { revisions: [`${record.commit}^!`], logOptions: [], description: `commit ${record.commit.slice(0, 12)}` };
  const trust = options.trust ? explicitTrust(options.trust, opts) : undefined;
  const ctx = await loadEvaluationContext({
    ...opts,
    keyringDirs: options.keyringDirs ?? [],
    detail: true,
    range,
    scanRange: true,
    ...(trust ? { trust } : {}),
  });
  const verdict = await evaluateCommit(record, ctx);
  await applyDetailChecks([verdict], ctx, opts, false, true);
  return {
    schema: SHOW_SCHEMA,
    commit: record.commit,
    subject: record.message.split('\n', 1)[0] ?? '',
    author: { name: record.authorName, email: record.authorEmail },
    status: verdict.status,
    statement: verdict.statement,
    statements: verdict.candidates ?? [],
    results: verdict.results,
    disclosures: typedDisclosures(parseTrailers(record.message)).map((d) => ({ key: d.trailer.key, value: d.trailer.value, tool: d.tool })),
  };
}
