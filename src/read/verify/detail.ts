import { checkDetailRecords } from '../../detail/verify.js';
import type { GitOptions } from '../../git/run.js';
import type { EvaluationContext } from '../evaluate.js';
import type { CheckResult, FailureResult, UsedStatement, VerdictStatus } from '../evaluate/types.js';

interface Judged {
  commit: string;
  statement: UsedStatement | null;
  results: CheckResult[];
  status: VerdictStatus;
}

/**
 * The detail check, after the per-commit evaluation: it reads refs/notes/ai-attest-detail, which
 * the verdict cache does not key on, so it runs on cached verdicts too (a record swapped after
 * the commit was first verified is still caught). `pass`: list the passing check too (show).
 */
export async function applyDetailChecks(
  commits: Judged[],
  ctx: EvaluationContext,
  options: GitOptions,
  strict: boolean,
  pass = false,
): Promise<void> {
  const checks = await checkDetailRecords(commits, options, {
    commit: ctx.trust.commit,
    policy: ctx.config.detail,
    keyring: ctx.config.keyring,
  });
  for (const c of commits) {
    const check = checks.get(c.commit);
    if (!check) continue;
    if (check.result === 'ok') {
      if (!pass) continue;
      c.results.push({ check: 'detail', result: 'ok', level: 'pass', message: check.message });
      continue;
    }
    const level = ctx.levelOf(check.result as FailureResult, 'detail');
    if (level === 'off') continue;
    const effective = strict ? 'fail' : level;
    const result: CheckResult = { check: 'detail', result: check.result, level: effective, message: check.message };
    if (check.result === 'detail-missing') result.fix = 'ai-attest sync   (fetches refs/notes/ai-attest-detail with the attestation notes)';
    c.results.push(result);
    if (effective === 'fail') c.status = 'fail';
    else if (c.status !== 'fail') c.status = 'warn';
  }
}
