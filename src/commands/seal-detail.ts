import { readFileSync } from 'node:fs';
import { claudeTurnContribution } from '../capture/handover.js';
import { locateRepo } from '../capture/repo.js';
import type { DetailContribution } from '../detail/index.js';

/**
 * `ai-attest hook seal-detail TRANSCRIPT [SESSION]`: the detached half of the hand-over.
 * `ai-attest hook seal-detail --stdin`: one payload's contribution (`{contribution, key}`) on a pipe.
 */
export async function sealDetailEntry(args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  if (args[0] === '--stdin') return sealPiped(ctx);
  const [transcript, session] = args;
  const repo = transcript ? locateRepo(ctx.cwd, ctx.env) : null;
  if (!repo || !transcript) return 0;
  const turn = claudeTurnContribution(transcript, repo.top, session);
  if (!turn || (!turn.contribution.outputs.length && !turn.contribution.turns.length)) return 0;
  const { submitContribution } = await import('../detail/index.js');
  const result = await submitContribution(turn.contribution, { cwd: repo.top, gitDir: repo.gitDir, env: ctx.env, key: turn.key });
  if (result.status === 'skipped' && ctx.env.AI_ATTEST_TRACE === '1')
    process.stderr.write(`ai-attest: detail not sealed: ${result.reason}\n`);
  return 0;
}

async function sealPiped(ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const repo = locateRepo(ctx.cwd, ctx.env);
  if (!repo) return 0;
  let piped: { contribution?: DetailContribution; key?: unknown };
  try {
    piped = JSON.parse(readFileSync(0, 'utf8')) as typeof piped;
  } catch {
    return 0; // the recording process died before the pipe was whole: nothing to seal
  }
  if (!piped.contribution || typeof piped.key !== 'string') return 0;
  const { submitContribution } = await import('../detail/index.js');
  const result = await submitContribution(piped.contribution, { cwd: repo.top, gitDir: repo.gitDir, env: ctx.env, key: piped.key });
  if (result.status === 'skipped' && ctx.env.AI_ATTEST_TRACE === '1')
    process.stderr.write(`ai-attest: detail not sealed: ${result.reason}\n`);
  return 0;
}
