// @module-tag git
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeSandbox } from './helpers/repo.js';

const sandbox = makeSandbox('ai-attest-status-');
afterAll(() => sandbox.cleanup());

describe('ai-attest status', () => {
  it('shows hooks, the key, notes not on the remote and the commits waiting for attest', () => {
    const repo = initRepo(sandbox, 'status');
    const bare = join(sandbox.root, 'status.git');
    execFileSync('git', ['init', '-q', '--bare', bare], { env: sandbox.env });
    repo.git(['remote', 'add', 'origin', bare]);
    repo.git(['push', '-q', '--no-verify', '-u', 'origin', 'main']);
    expect(repo.cli(['sync']).status).toBe(0);

    repo.write('a.txt', 'a\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'attested'], { env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '50' } });
    repo.write('b.txt', 'b\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'hooks bypassed'], { env: { AI_ATTEST: '0' } });
    repo.write('c.txt', 'c\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'edited later'], { env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '50' } });
    repo.write('c.txt', 'c, edited by hand\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--amend', '--no-verify', '--no-edit']);

    const r = repo.cli(['status', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.schema).toBe('ai-attest/status@1');
    expect(s.hooksOk).toBe(true);
    expect(s.hooks.map((h: { hook: string; state: string }) => `${h.hook}:${h.state}`)).toEqual([
      'prepare-commit-msg:installed',
      'commit-msg:installed',
      'post-commit:installed',
      'post-rewrite:installed',
      'pre-push:installed',
    ]);
    expect(s.key).toMatchObject({ expired: false, expires: null, inKeyring: true, hasSecret: true });
    // attested, the amended commit, and the commit it replaced (its note stays, as evidence).
    expect(s.notes.remotes).toEqual([expect.objectContaining({ remote: 'origin', notPushed: 3, failure: null })]);
    expect(s.pending.range).toMatch(/origin\/main/);
    expect(s.pending.commits.map((c: { subject: string; reason: string }) => `${c.subject}:${c.reason}`)).toEqual([
      'edited later:needs-reattestation',
      'hooks bypassed:missing',
    ]);
    for (const c of s.pending.commits) expect(c.fix).toMatch(/^ai-attest attest [0-9a-f]{12}/);

    const text = repo.cli(['status']).stdout;
    expect(text).toMatch(/3 not on origin yet/);
    expect(text).toMatch(/needs-reattestation \w{12} edited later: its change was edited during the amend/);
    expect(text).toMatch(/fix: ai-attest attest/);
  });

  it('sees hooks bypassed by a core.hooksPath in the environment (as agents set it)', () => {
    const repo = initRepo(sandbox, 'bypassed');
    const env = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.hooksPath', GIT_CONFIG_VALUE_0: join(sandbox.root, 'agent-hooks') };
    const s = JSON.parse(repo.cli(['status', '--json'], { env }).stdout);
    expect(s.hooksOk).toBe(false);
    expect(s.hooks.every((h: { state: string }) => h.state === 'bypassed')).toBe(true);
    expect(s.notes.remotes).toEqual([]);
  });
});
