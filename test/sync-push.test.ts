// @module-tag git
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pushNotesAfterVerify } from '../src/sync/push-notes.js';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { PROJECT_ROOT, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * Notes pushed after verify: a remote that refuses the notes ref (a pre-receive hook) makes the
 * push report and record the failure; status and doctor show it; the next push retries.
 */
const sandbox = makeSandbox('ai-attest-push-');
afterAll(() => sandbox.cleanup());
const REF = 'refs/notes/ai-attest';
const bare = join(sandbox.root, 'remote.git');
const remoteGit = (args: string[]) => execFileSync('git', ['--git-dir', bare, ...args], { env: sandbox.env, encoding: 'utf8' });
execFileSync('git', ['init', '-q', '--bare', bare], { env: sandbox.env });
const seed = initRepo(sandbox, 'seed');
seed.git(['push', '-q', '--no-verify', bare, 'main']);

const receiveHook = join(bare, 'hooks', 'pre-receive');
function refuseNotes(on: boolean): void {
  if (!on) return rmSync(receiveHook, { force: true });
  writeFileSync(
    receiveHook,
    '#!/bin/sh\nwhile read old new ref; do case $ref in refs/notes/*) echo "notes are not accepted here" >&2; exit 1;; esac; done\n' +
      'exit 0\n',
  );
  chmodSync(receiveHook, 0o755);
}

function clone(name: string): Repo {
  const repo = makeRepo(sandbox, name, false);
  repo.git(['clone', '-q', bare, '.']);
  expect(repo.cli(['install']).status).toBe(0);
  return repo;
}

function work(repo: Repo, name: string): string {
  repo.write(`${name}.txt`, `${name}\n`);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', name], { env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '20' } });
  return repo.git(['rev-parse', 'HEAD']).trim();
}

const remoteNotes = () => {
  try {
    return remoteGit(['rev-parse', REF]).trim();
  } catch {
    return null;
  }
};

describe('pushNotesAfterVerify', () => {
  it('reports and records a refused notes push, status and doctor show it, the next push retries', async () => {
    const repo = clone('refused');
    const head = work(repo, 'first');
    refuseNotes(true);
    // As the pre-push hook passes it: the commit being pushed, whose note may go with it.
    const ctx = { cwd: repo.dir, env: repo.env, remote: 'origin', pushing: [head] };
    const refused = await pushNotesAfterVerify(ctx);
    expect(refused.pushed).toBe(false);
    expect(refused.message).toMatch(/could not push the attestation notes to origin.*notes are not accepted here/);
    expect(refused.message).toMatch(/next push retries/);
    expect(remoteNotes()).toBeNull();
    const state = JSON.parse(readFileSync(join(repo.dir, '.git', 'ai-attest', 'sync-state.json'), 'utf8'));
    expect(state.remotes.origin.failure).toMatchObject({ stage: 'push', attempts: 1 });

    const again = await pushNotesAfterVerify(ctx);
    expect(again.message).toMatch(/2 pushes in a row/);

    const status = repo.cli(['status', '--json']);
    expect(status.status, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout);
    expect(s.schema).toBe('ai-attest/status@1');
    expect(s.notes.remotes.find((r: { remote: string }) => r.remote === 'origin')).toMatchObject({
      notPushed: 1,
      failure: { stage: 'push' },
    });
    const text = repo.cli(['status']).stdout;
    expect(text).toMatch(/1 not on origin yet/);
    expect(text).toMatch(/last push failed/);

    const doctor = repo.cli(['doctor', '--json', '--offline']);
    expect(doctor.status).toBe(1);
    const d = JSON.parse(doctor.stdout);
    expect(d.checks.find((c: { id: string }) => c.id === 'notes.push.origin')).toMatchObject({
      status: 'problem',
      fix: expect.stringMatching(/^ai-attest sync origin/),
    });

    refuseNotes(false);
    const retried = await pushNotesAfterVerify(ctx);
    expect(retried).toEqual({ pushed: true, message: expect.stringMatching(/earlier failure is resolved/) });
    expect(remoteGit(['rev-parse', `${REF}^{tree}`])).toBe(repo.git(['rev-parse', `${REF}^{tree}`]));
    expect(remoteGit(['notes', `--ref=${REF}`, 'show', head])).toContain('"payloadType"');
    const cleared = JSON.parse(readFileSync(join(repo.dir, '.git', 'ai-attest', 'sync-state.json'), 'utf8'));
    expect(cleared.remotes.origin.failure).toBeNull();
    expect(JSON.parse(repo.cli(['status', '--json']).stdout).notes.remotes[0]).toMatchObject({ notPushed: 0, failure: null });
  });

  it('never throws for an unreachable remote', async () => {
    const repo = clone('unreachable');
    const head = work(repo, 'offline');
    repo.git(['remote', 'set-url', 'origin', join(sandbox.root, 'gone.git')]);
    const result = await pushNotesAfterVerify({ cwd: repo.dir, env: repo.env, remote: 'origin', pushing: [head] });
    expect(result.pushed).toBe(false);
    expect(result.message).toMatch(/could not push the attestation notes/);
  });
});

const wired = readFileSync(join(PROJECT_ROOT, 'src', 'hook', 'pre-push.ts'), 'utf8').includes('pushNotesAfterVerify');

describe.skipIf(!wired)('git push through the pre-push hook', () => {
  it('pushes the notes with the branch; a refused notes push does not block the branch and is retried', () => {
    const repo = clone('hooked');
    const one = work(repo, 'hooked one');
    refuseNotes(true);
    const push = repo.gitRaw(['push', 'origin', 'HEAD:refs/heads/hooked']);
    expect(push.status, push.stderr).toBe(0);
    expect(push.stderr).toMatch(/could not push the attestation notes/);
    expect(remoteGit(['rev-parse', 'refs/heads/hooked']).trim()).toBe(one);

    refuseNotes(false);
    const two = work(repo, 'hooked two');
    const again = repo.gitRaw(['push', 'origin', 'HEAD:refs/heads/hooked']);
    expect(again.status, again.stderr).toBe(0);
    for (const c of [one, two]) expect(remoteGit(['notes', `--ref=${REF}`, 'show', c])).toContain('"payloadType"');
  });

  it('publishes only notes of commits the remote has: an unpushed private branch keeps its notes local', () => {
    const repo = clone('embargo');
    repo.git(['checkout', '-q', '-b', 'embargoed-fix']);
    const secret = work(repo, 'cve-fix');
    repo.git(['checkout', '-q', 'main']);
    const shared = work(repo, 'shared');
    const push = repo.gitRaw(['push', 'origin', 'HEAD:refs/heads/embargo-main']);
    expect(push.status, push.stderr).toBe(0);
    expect(push.stderr).toMatch(/1 attestation note kept local: its commit is not on origin/);
    expect(remoteGit(['notes', `--ref=${REF}`, 'show', shared])).toContain('"payloadType"');
    // Not in the remote's notes tree, nor anywhere in its notes history.
    const history = remoteGit(['log', '--format=%H', REF]).trim().split('\n');
    for (const notesCommit of history)
      expect(remoteGit(['ls-tree', '-r', '--name-only', notesCommit]).replace(/\//g, '')).not.toContain(secret);
    expect(repo.git(['notes', `--ref=${REF}`, 'show', secret])).toContain('"payloadType"');
    expect(repo.cli(['sync']).stdout).toMatch(/1 attestation note kept local/);

    // Published with its commit: the note goes with the push that gives the remote the commit.
    const later = repo.gitRaw(['push', 'origin', 'embargoed-fix']);
    expect(later.status, later.stderr).toBe(0);
    expect(remoteGit(['notes', `--ref=${REF}`, 'show', secret])).toContain('"payloadType"');
    expect(repo.cli(['doctor', '--json']).stdout).toContain('"the attestation notes are the same here and on origin"');
  });
});
