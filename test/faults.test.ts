// @module-tag git
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo, noteOf } from './helpers/attested.js';
import { BIN, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * No invisible gaps: a process killed at the worst moment, or a lock left behind, ends in a
 * replay, never in a lost attestation; status and doctor name what waits until then.
 */
const sandbox = makeSandbox('ai-attest-faults-');
let repo: Repo;
let remote: string;
const REF = 'refs/notes/ai-attest';

function commit(file: string, env: NodeJS.ProcessEnv = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '30' }): string {
  repo.write(file, `${file} ${Date.now()}\n`);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', `change ${file}`], { env });
  return repo.git(['rev-parse', 'HEAD']).trim();
}

const remoteGit = (args: string[]) => repo.git(['--git-dir', remote, ...args]);
const pendingDir = () => join(repo.dir, '.git', 'ai-attest', 'pending');
const pendingNotes = () => (existsSync(pendingDir()) ? readdirSync(pendingDir()) : []);

beforeAll(() => {
  repo = initRepo(sandbox, 'work');
  remote = join(sandbox.root, 'remote.git');
  repo.git(['init', '-q', '--bare', remote]);
  repo.git(['remote', 'add', 'origin', remote]);
  repo.git(['push', '-q', '-u', 'origin', 'main']);
});

afterAll(() => sandbox.cleanup());

describe('no invisible gaps', () => {
  it('a post-commit killed between the message and the note: status and doctor name it, the next push files and publishes it', () => {
    // A previous post-commit hook (chained, it runs first) that kills the hook running it.
    const killer = join(repo.dir, '.git', 'hooks', 'post-commit.pre-ai-attest');
    writeFileSync(killer, '#!/bin/sh\nkill -9 $PPID\n');
    chmodSync(killer, 0o755);
    const killed = commit('killed.txt');
    writeFileSync(killer, '#!/bin/sh\nexit 0\n');
    expect(noteOf(repo, killed)).toBe('');
    const [left] = pendingNotes();
    expect(left).toMatch(/^[0-9a-f]{40}\.note$/);
    // A minute later nothing has filed it: it is no longer a commit in progress.
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(join(pendingDir(), left!), old, old);
    const status = repo.cli(['status']);
    expect(status.stdout).toMatch(/1 never filed.*ai-attest notes flush/);
    const doctor = repo.cli(['doctor', '--json']);
    expect(JSON.parse(doctor.stdout).checks.some((c: { id: string }) => c.id === 'notes.pending')).toBe(true);

    const push = repo.gitRaw(['push', '-q', 'origin', 'main']);
    expect(push.status, push.stderr).toBe(0);
    expect(noteOf(repo, killed)).toContain('"payloadType"');
    expect(remoteGit(['notes', `--ref=${REF}`, 'show', killed])).toContain('"payloadType"');
    expect(pendingNotes()).toEqual([]);
    expect(repo.cli(['doctor', '--json']).stdout).not.toContain('notes.pending');
  });

  it('a sync killed while it holds the notes lock loses nothing, and the next sync completes once the lock is stale', async () => {
    const a = commit('a.txt');
    // Published first (hooks skipped): sync publishes only notes of commits the remote has.
    repo.git(['push', '-q', '--no-verify', 'origin', 'main']);
    const lock = join(repo.dir, '.git', 'ai-attest', 'notes.lock');
    const child = spawn(process.execPath, [BIN, 'sync', 'origin'], {
      cwd: repo.dir,
      env: { ...repo.env },
      stdio: 'ignore',
      detached: true,
    });
    const deadline = Date.now() + 20_000;
    while (!existsSync(lock) && Date.now() < deadline && child.exitCode === null) await sleep(2);
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve).once('close', resolve));
    expect(noteOf(repo, a)).toContain('"payloadType"');
    if (existsSync(lock)) {
      // Left by the killed process: a lock older than 120 s is broken by the next writer.
      const old = new Date(Date.now() - 5 * 60_000);
      utimesSync(lock, old, old);
    }
    const again = repo.cli(['sync', 'origin']);
    expect(again.status, again.stderr).toBe(0);
    expect(remoteGit(['notes', `--ref=${REF}`, 'show', a])).toContain('"payloadType"');
    expect(existsSync(lock)).toBe(false);
  });

  it('a commit made while the notes lock stays busy sets its note aside; the next push files and publishes it', () => {
    const lock = join(repo.dir, '.git', 'ai-attest', 'notes.lock');
    mkdirSync(lock, { recursive: true });
    const busy = commit('busy.txt', { AI_ATTEST_TOOLS: 'none', AI_ATTEST_LOCK_TIMEOUT: '0' });
    rmdirSync(lock);
    expect(noteOf(repo, busy)).toBe('');
    expect(repo.cli(['status']).stdout).toMatch(/1 unfiled/);
    const push = repo.gitRaw(['push', '-q', 'origin', 'main']);
    expect(push.status, push.stderr).toBe(0);
    expect(remoteGit(['notes', `--ref=${REF}`, 'show', busy])).toContain('"payloadType"');
    expect(repo.cli(['status']).stdout).not.toMatch(/unfiled/);
  });
});
