import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DetailContribution } from '../detail/index.js';
import { locateRepo } from './repo.js';
import { enqueueTurn, ensureSealer, sealQueuePaths } from './seal-queue.js';

/**
 * At an agent's Stop, the turn's prompts and raw output go to the detail tier (redacted,
 * encrypted to the compliance recipients). That loads secretlint and openpgp.js and reads the
 * whole transcript: too slow for the agent to wait on, so `record` queues a reference to the turn
 * and returns, and one detached sealer per repository drains the queue (src/capture/seal-queue.ts).
 * Nothing is queued when the repository has no recipients folder (the detail tier would skip anyway).
 */
export function startDetailHandover(
  transcript: string,
  session: string | undefined,
  ctx: { cwd: string; env: NodeJS.ProcessEnv },
): boolean {
  const repo = locateRepo(ctx.cwd, ctx.env);
  if (!repo || !existsSync(join(repo.top, recipientsFolder(repo.top)))) return false;
  const bin = cliEntry();
  if (!bin) return false;
  const paths = sealQueuePaths(repo.gitDir);
  enqueueTurn(paths, { transcript, ...(session ? { session } : {}), upTo: sizeOf(transcript) });
  ensureSealer(paths, () => {
    const child = spawn(process.execPath, [bin, 'hook', 'seal-detail', '--drain'], {
      cwd: repo.top,
      env: ctx.env,
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {});
    child.unref();
    return child.pid;
  });
  return true;
}

/**
 * The CLI entry beside the one that started us (bin/ai-attest.cjs, or the hook loader beside it).
 * A global npm install starts us through a symlink in another folder (`/usr/bin/ai-attest`), so the
 * folder is the entry's real one, not the link's.
 */
function cliEntry(): string | null {
  if (!process.argv[1]) return null;
  let started: string;
  try {
    started = realpathSync(process.argv[1]);
  } catch {
    return null;
  }
  const entry = ['ai-attest.cjs', 'ai-attest.js'].map((name) => join(dirname(started), name)).find((path) => existsSync(path));
  return entry ?? null;
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
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

/**
 * The other agents' hooks carry the text itself (a prompt, an edit): it goes to a detached sealing
 * process through a pipe, never through a file, and `record` returns once the pipe has it (at
 * once for anything under the pipe's 64 KiB; a larger payload waits for the child to read).
 */
export async function startPayloadSeal(
  sealing: { contribution: DetailContribution; key: string },
  ctx: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<boolean> {
  const repo = locateRepo(ctx.cwd, ctx.env);
  if (!repo || !existsSync(join(repo.top, recipientsFolder(repo.top)))) return false;
  const bin = cliEntry();
  if (!bin) return false;
  const child = spawn(process.execPath, [bin, 'hook', 'seal-detail', '--stdin'], {
    cwd: repo.top,
    env: ctx.env,
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => {});
  child.stdin.on('error', () => {});
  await new Promise<void>((done) => child.stdin.end(JSON.stringify(sealing), () => done()));
  child.unref();
  return true;
}
