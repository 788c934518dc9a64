import { readFileSync } from 'node:fs';
import { claudeTurnContribution } from '../capture/handover.js';
import { locateRepo } from '../capture/repo.js';
import type { DetailContribution } from '../detail/index.js';

/**
 * `ai-attest hook seal-detail --drain`: the repository's one sealer, draining Claude Code's queued turns.
 * `ai-attest hook seal-detail TRANSCRIPT [SESSION]`: one turn at once (the hand-over of earlier versions).
 * `ai-attest hook seal-detail --stdin`: one payload's contribution (`{contribution, key}`) on a pipe.
 */
export async function sealDetailEntry(args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  if (args[0] === '--stdin') return sealPiped(ctx);
  if (args[0] === '--drain') return drain(ctx);
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

async function drain(ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const repo = locateRepo(ctx.cwd, ctx.env);
  if (!repo) return 0;
  const { drainQueue, sealQueuePaths } = await import('../capture/seal-queue.js');
  await drainQueue(
    sealQueuePaths(repo.gitDir),
    process.pid,
    async (queued) => {
      const turn = claudeTurnContribution(queued.transcript, repo.top, queued.session, queued.upTo);
      if (!turn || (!turn.contribution.outputs.length && !turn.contribution.turns.length)) return;
      const { submitContribution } = await import('../detail/index.js');
      const result = await submitContribution(turn.contribution, { cwd: repo.top, gitDir: repo.gitDir, env: ctx.env, key: turn.key });
      if (result.status === 'skipped' && ctx.env.AI_ATTEST_TRACE === '1')
        process.stderr.write(`ai-attest: detail not sealed: ${result.reason}\n`);
    },
    (error) => {
      if (ctx.env.AI_ATTEST_TRACE === '1') process.stderr.write(`ai-attest: detail not sealed: ${(error as Error).message}\n`);
    },
  );
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
