// @module-tag git
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRepo } from './helpers/attested.js';
import { BIN, type Repo } from './helpers/repo.js';

/**
 * `ai-attest … | head -1`: the reader closes the pipe. Here stdout is a real pipe (a FIFO) whose
 * reading end is closed before the child starts, so every write fails with EPIPE; the command must
 * end quietly with the exit code it would have had (0 for all of these), as git does, never with
 * "Unhandled 'error' event".
 */
function runWithClosedStdout(repo: Repo, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const fifo = join(repo.sandbox.root, `stdout-${process.pid}-${fifoCount++}`);
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  closeSync(reader);
  rmSync(fifo);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: repo.env, stdio: ['ignore', writer, 'pipe'] });
    closeSync(writer);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
let fifoCount = 0;

describe('a closed stdout ends every command quietly', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = initRepo();
    for (let i = 0; i < 3; i++) {
      repo.write('src/app.ts', Array.from({ length: 400 }, (_, k) => `line ${k} of version ${i}`).join('\n'));
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', `change ${i}`], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
    }
  });
  afterAll(() => repo.sandbox.cleanup());

  const commands: string[][] = [
    ['verify', 'HEAD~3..HEAD'],
    ['verify', '--json', 'HEAD~3..HEAD'],
    ['verify', '--format', 'github', 'HEAD~3..HEAD'],
    ['show', 'HEAD'],
    ['show', '--json', 'HEAD'],
    ['report', 'HEAD'],
    ['report', '--format', 'markdown', 'HEAD'],
    ['report', '--format', 'csv', 'HEAD'],
    ['report', '--format', 'html', 'HEAD'],
    ['report', '--json', 'HEAD'],
    ['trace', '-L', '1,300', 'src/app.ts'],
    ['trace', '--json', '-L', '1,300', 'src/app.ts'],
    ['export', 'HEAD'],
    ['export', '--format', 'agent-trace', 'HEAD~3..HEAD'],
    ['detect', 'HEAD~3..HEAD'],
    ['detect', '--format', 'sarif', 'HEAD~3..HEAD'],
    ['detect', '--json', 'HEAD~3..HEAD'],
    ['access-log'],
    ['agents', 'list'],
    ['tools', 'list'],
    ['status'],
    ['status', '--json'],
    ['doctor', '--offline', '--json'],
    ['keys', 'list'],
    ['schema', 'config'],
    ['--help'],
    ['--version'],
  ];

  it.each(commands.map((args) => [args.join(' '), args] as const))('%s', async (_name, args) => {
    const { code, stderr } = await runWithClosedStdout(repo, args);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|unexpected error/);
    expect(code, stderr).toBe(0);
  });
});
