// @module-tag git
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initRepo } from './helpers/attested.js';
import { BIN, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

const sandbox = makeSandbox('ai-attest-doctor-');
afterAll(() => sandbox.cleanup());

interface Check {
  id: string;
  status: 'ok' | 'problem' | 'warn' | 'skipped';
  message: string;
  fix?: string;
}

function doctor(repo: Repo, ...args: string[]): { code: number; checks: Check[] } {
  const r = repo.cli(['doctor', '--json', ...args]);
  expect([0, 1], r.stderr).toContain(r.status);
  const report = JSON.parse(r.stdout);
  expect(report.schema).toBe('ai-attest/doctor@1');
  return { code: r.status!, checks: report.checks };
}

const problems = (checks: Check[]) => checks.filter((c) => c.status === 'problem');

/** `ai-attest` on PATH, as a user has it, so printed fixes run as they are. */
const shims = join(sandbox.root, 'bin');
mkdirSync(shims, { recursive: true });
writeFileSync(join(shims, 'ai-attest'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
chmodSync(join(shims, 'ai-attest'), 0o755);

/** Runs a printed fix the way a user pastes it (the part before the explanation in parentheses). */
function applyFix(repo: Repo, fix: string): void {
  const command = fix.split(/\s{3}\(/)[0]!;
  const r = spawnSync('sh', ['-c', command], { cwd: repo.dir, env: { ...repo.env, PATH: `${shims}:${repo.env.PATH}` }, encoding: 'utf8' });
  expect(r.status, `${command}: ${r.stderr}`).toBe(0);
}

describe('ai-attest doctor', () => {
  it('passes a healthy clone and finds notes behind the remote', () => {
    const bare = join(sandbox.root, 'doctor.git');
    execFileSync('git', ['init', '-q', '--bare', bare], { env: sandbox.env });
    const a = initRepo(sandbox, 'healthy');
    a.git(['remote', 'add', 'origin', bare]);
    a.git(['push', '-q', '--no-verify', '-u', 'origin', 'main']);
    expect(a.cli(['sync']).status).toBe(0);
    const healthy = doctor(a);
    expect(problems(healthy.checks)).toEqual([]);
    expect(healthy.code).toBe(0);
    expect(healthy.checks.find((c) => c.id === 'notes.remote.origin')?.status).toBe('ok');

    const b = makeRepo(sandbox, 'behind', false);
    b.git(['clone', '-q', bare, '.']);
    expect(b.cli(['install']).status).toBe(0);
    const behind = doctor(b);
    expect(behind.code).toBe(1);
    const check = behind.checks.find((c) => c.id === 'notes.remote.origin')!;
    expect(check).toMatchObject({ status: 'problem', fix: 'ai-attest sync origin' });
    applyFix(b, check.fix!);
    expect(doctor(b).code).toBe(0);
    expect(doctor(b, '--offline').checks.find((c) => c.id === 'notes.remote.origin')?.status).toBe('skipped');
  });

  it('names every broken setting with a fix that works', () => {
    const repo = initRepo(sandbox, 'broken');
    repo.git(['remote', 'add', 'origin', join(sandbox.root, 'nowhere.git')]);
    repo.git(['config', '--add', 'remote.origin.fetch', '+refs/notes/*:refs/notes/*']);
    repo.git(['config', '--add', 'remote.origin.push', 'refs/notes/ai-attest']);
    repo.git(['config', 'notes.rewriteMode', 'overwrite']);
    repo.git(['config', '--unset-all', 'notes.rewriteRef']);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    mkdirSync(join(repo.dir, '.git', 'ai-attest', 'unfiled'), { recursive: true });
    writeFileSync(join(repo.dir, '.git', 'ai-attest', 'unfiled', `${head}.note`), '');

    const found = doctor(repo, '--offline');
    expect(found.code).toBe(1);
    const ids = problems(found.checks)
      .map((c) => c.id)
      .sort();
    expect(ids).toEqual(['notes.rewriteMode', 'notes.rewriteRef', 'notes.unfiled', 'refspec.origin.fetch', 'refspec.origin.push']);
    for (const c of problems(found.checks)) applyFix(repo, c.fix!);
    const fixed = doctor(repo, '--offline');
    expect(problems(fixed.checks)).toEqual([]);
    expect(fixed.code).toBe(0);
  });

  it('finds hooks bypassed or not chained, an invalid config and a key the repository does not trust', () => {
    const repo = initRepo(sandbox, 'hooks');
    const hook = join(repo.dir, '.git', 'hooks', 'commit-msg');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    chmodSync(hook, 0o755);
    writeFileSync(join(repo.dir, '.ai-attest', 'config.json'), '{ "version": 1, "tools": "nope" }');
    for (const f of readdirSync(join(repo.dir, '.ai-attest', 'keys'))) rmSync(join(repo.dir, '.ai-attest', 'keys', f));

    const found = doctor(repo, '--offline');
    const byId = new Map(found.checks.map((c) => [c.id, c]));
    expect(byId.get('hooks.commit-msg')).toMatchObject({ status: 'problem', fix: 'ai-attest install' });
    expect(byId.get('hooks.commit-msg')!.message).toMatch(/foreign-not-chained/);
    expect(byId.get('config')).toMatchObject({ status: 'problem' });
    expect(byId.get('config')!.message).toMatch(/tools/);

    // With the config fixed, the key check can read the keyring folder it names.
    repo.git(['checkout', '--', '.ai-attest/config.json']);
    const key = doctor(repo, '--offline').checks.find((c) => c.id === 'key.keyring')!;
    expect(key).toMatchObject({
      status: 'problem',
      fix: expect.stringMatching(/^ai-attest keys export [0-9A-F]{40} --output \.ai-attest\/keys\//),
    });
    applyFix(repo, key.fix!);
    applyFix(repo, byId.get('hooks.commit-msg')!.fix!);
    const after = doctor(repo, '--offline');
    expect(problems(after.checks)).toEqual([]);

    repo.git(['config', 'core.hooksPath', '.agent-hooks']);
    const bypassed = doctor(repo, '--offline');
    expect(bypassed.checks.find((c) => c.id === 'hooks.path')).toMatchObject({
      status: 'problem',
      fix: expect.stringMatching(/^git config --unset core.hooksPath && ai-attest install/),
    });
  });
});
