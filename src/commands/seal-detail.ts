import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { claudeTurnContribution } from '../capture/handover.js';
import { locateRepo } from '../capture/repo.js';

/**
 * At an agent's Stop, the turn's prompts and raw output go to the detail tier (redacted,
 * encrypted to the compliance recipients). That loads secretlint and openpgp.js and reads the
 * whole transcript: too slow for the agent to wait on, so `record` starts it detached and returns.
 * Nothing starts when the repository has no recipients folder (the detail tier would skip anyway).
 */
export function startDetailHandover(transcript: string, session: string | undefined, ctx: { cwd: string; env: NodeJS.ProcessEnv }): boolean {
  const repo = locateRepo(ctx.cwd, ctx.env);
  if (!repo || !existsSync(join(repo.top, recipientsFolder(repo.top)))) return false;
  const bin = process.argv[1];
  if (!bin) return false;
  const child = spawn(process.execPath, [bin, 'hook', 'seal-detail', transcript, ...(session ? [session] : [])], { cwd: repo.top, env: ctx.env, detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
  return true;
}

function recipientsFolder(top: string): string {
  try {
    const config = JSON.parse(readFileSync(join(top, '.ai-attest', 'config.json'), 'utf8')) as { detail?: { recipients?: unknown } };
    if (typeof config.detail?.recipients === 'string') return config.detail.recipients;
  } catch {
    // no config or not JSON: the default folder
  }
  return join('.ai-attest', 'recipients');
}

/** `ai-attest hook seal-detail TRANSCRIPT [SESSION]`: the detached half of the hand-over. */
export async function sealDetailEntry(args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const [transcript, session] = args;
  const repo = transcript ? locateRepo(ctx.cwd, ctx.env) : null;
  if (!repo || !transcript) return 0;
  const turn = claudeTurnContribution(transcript, repo.top, session);
  if (!turn || (!turn.contribution.outputs.length && !turn.contribution.turns.length)) return 0;
  const { submitContribution } = await import('../detail/index.js');
  const result = await submitContribution(turn.contribution, { cwd: repo.top, gitDir: repo.gitDir, env: ctx.env, key: turn.key });
  if (result.status === 'skipped' && ctx.env.AI_ATTEST_TRACE === '1') process.stderr.write(`ai-attest: detail not sealed: ${result.reason}\n`);
  return 0;
}
