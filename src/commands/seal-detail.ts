import { claudeTurnContribution } from '../capture/handover.js';
import { locateRepo } from '../capture/repo.js';

/** `ai-attest hook seal-detail TRANSCRIPT [SESSION]`: the detached half of the hand-over. */
export async function sealDetailEntry(args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
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
