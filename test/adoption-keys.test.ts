// @module-tag git
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { initRepo, trailer } from './helpers/attested.js';
import { makeRepo, makeSandbox } from './helpers/repo.js';
import { startTmux, type TmuxSession } from './helpers/tmux.js';

const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.kill()));

describe('a passphrase-protected key', () => {
  const sandbox = makeSandbox('ai-attest-passphrase-');
  afterAll(() => sandbox.cleanup());
  const repo = makeRepo(sandbox, 'protected');
  const init = repo.cli(['init', '--yes', '--passphrase-env', 'SECRET'], { env: { SECRET: 'open sesame' } });
  repo.write('a.txt', 'a\n');
  repo.git(['add', '-A']);

  it('without a terminal, says to set AI_ATTEST_PASSPHRASE', () => {
    expect(init.status, init.stderr).toBe(0);
    const commit = repo.gitRaw(['commit', '-m', 'no terminal'], { env: { AI_ATTEST_TOOLS: 'none' } });
    expect(commit.status).not.toBe(0);
    expect(commit.stderr).toContain('AI_ATTEST_PASSPHRASE');
  });

  it('on a terminal, asks for it and signs', async () => {
    const tmux = startTmux({
      command: `AI_ATTEST_TOOLS=none git commit -m 'on a terminal'; echo "all done $?"; sleep 30`,
      cwd: repo.dir,
      env: sandbox.env,
      width: 160,
      height: 40,
    });
    sessions.push(tmux);
    await tmux.waitFor('Passphrase of your signing key', 20_000);
    tmux.type('open sesame');
    tmux.keys('Enter');
    await tmux.waitFor('all done 0', 20_000);
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 none src=env']);
    expect(repo.cli(['verify', 'HEAD']).status).toBe(0);
  });
});

describe('signing key warnings at commit time, and keys revoke', () => {
  const sandbox = makeSandbox('ai-attest-key-warnings-');
  afterAll(() => sandbox.cleanup());
  const repo = initRepo(sandbox, 'warnings');
  const keys = join(repo.dir, '.ai-attest', 'keys');
  const commit = (name: string) => {
    repo.write(name, `${name}\n`);
    repo.git(['add', name]);
    return repo.gitRaw(['commit', '-m', name], { env: { AI_ATTEST_TOOLS: 'none' } });
  };

  it('a healthy key commits quietly', () => {
    const done = commit('ok.txt');
    expect(done.status, done.stderr).toBe(0);
    expect(done.stderr).not.toContain('warning');
    expect(done.stderr).not.toMatch(/your signing key/);
  });

  it('a key this repository does not trust is named with the fix', () => {
    const file = readdirSync(keys)[0]!;
    const saved = readFileSync(join(keys, file), 'utf8');
    rmSync(join(keys, file));
    const done = commit('untrusted.txt');
    expect(done.status, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/your signing key [0-9A-F]{40} is not in this repository's keyring/);
    expect(done.stderr).toContain('ai-attest init');
    repo.write(`.ai-attest/keys/${file}`, saved);
  });

  it('keys revoke updates the keyring file; the next commit warns, and verify fails what the key signed', () => {
    const revoke = repo.cli(['keys', 'revoke', '--json']);
    expect(revoke.status, revoke.stderr).toBe(0);
    const report = JSON.parse(revoke.stdout) as { keyringFile: string; reason: string };
    expect(report).toMatchObject({ reason: 'compromised' });
    expect(report.keyringFile).toMatch(/^\.ai-attest\/keys\/.*\.asc$/);
    repo.git(['add', report.keyringFile]);
    const done = commit('revoked.txt');
    expect(done.stderr).toMatch(/your signing key [0-9A-F]{40} is revoked/);
    expect(done.stderr).toContain('ai-attest keys generate --default');
    // A committed revocation applies at once, even inside the range verified: it only takes trust away.
    const verified = repo.cli(['verify', 'HEAD~1..HEAD', '--json']);
    expect(verified.status).toBe(1);
    expect(JSON.parse(verified.stdout).commits[0].results.map((r: { result: string }) => r.result)).toEqual(
      expect.arrayContaining(['key-revoked', 'trust-changed']),
    );
  });
});

describe('a signing key about to expire', () => {
  const sandbox = makeSandbox('ai-attest-key-expiry-');
  afterAll(() => sandbox.cleanup());
  const repo = makeRepo(sandbox, 'expiring');
  const generated = repo.cli(['keys', 'generate', '--expires', '3', '--default']);
  const init = repo.cli(['init', '--yes']);

  it('warns at commit time, naming the date and the fix', () => {
    expect(generated.status, generated.stderr).toBe(0);
    expect(init.status, init.stderr).toBe(0);
    repo.write('e.txt', 'e\n');
    repo.git(['add', 'e.txt']);
    const done = repo.gitRaw(['commit', '-m', 'e'], { env: { AI_ATTEST_TOOLS: 'none' } });
    expect(done.status, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/your signing key [0-9A-F]{40} expires on \d{4}-\d{2}-\d{2}: make a new key/);
  });
});

describe('key file names', () => {
  const sandbox = makeSandbox('ai-attest-key-names-');
  afterAll(() => sandbox.cleanup());
  const repo = makeRepo(sandbox, 'names');
  const generated = repo.cli(['keys', 'generate', '--json']);
  const key = JSON.parse(generated.stdout || '{}') as { fingerprint: string };
  const human = repo.cli(['keys', 'generate', '--email', 'second@example.com', '--name', 'Second']);

  it('keys generate suggests the name init gives, and init writes no second copy of a key already there', () => {
    expect(generated.status, generated.stderr).toBe(0);
    expect(human.stdout).toMatch(/\.ai-attest\/keys\/second-[0-9A-F]{16}\.asc/);
    repo.write(`.ai-attest/keys/${key.fingerprint.slice(-16)}.asc`, repo.cli(['keys', 'export', key.fingerprint]).stdout);
    const init = repo.cli(['init', '--yes', '--json']);
    expect(init.status, init.stderr).toBe(0);
    expect(readdirSync(join(repo.dir, '.ai-attest', 'keys'))).toEqual([`${key.fingerprint.slice(-16)}.asc`]);
  });
});
