// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';
import { editShare, recommit, rev } from './helpers/tamper.js';

const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

let repo: Repo;
let used: string;
let completed: string;
let bare: string;

function commit(file: string, env: NodeJS.ProcessEnv): string {
  repo.write(file, `${file}\n`);
  repo.git(['add', file]);
  repo.git(['commit', '-q', '-m', `Add ${file}`], { env: { AI_ATTEST_QUIET: '1', ...env } });
  return rev(repo, 'HEAD');
}

function show(id: string) {
  const r = repo.cli(['show', id, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  repo = initRepo(sandbox);
  used = commit('src/auth/session.ts', { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '60' });
  completed = commit('src/gui.ts', {});
  expect(repo.cli(['attest', completed, '--tools', 'none']).status).toBe(0);
  bare = commit('src/bare.ts', { AI_ATTEST: '0' });
});

describe('show --json', () => {
  it('decodes the trailers and the note, with signature, binding and every check', () => {
    const s = show(used);
    expect(s).toMatchObject({ schema: 'ai-attest/show@1', commit: used, subject: 'Add src/auth/session.ts', status: 'ok' });
    expect(s.statement).toMatchObject({
      origin: 'trailers',
      ai: 'used',
      share: 60,
      sensitive: [{ path: 'src/auth/session.ts', category: 'security-controls', ai: ['claude-code'] }],
    });
    expect(s.statements).toHaveLength(2);
    expect(s.statements[0]).toMatchObject({
      origin: 'trailers',
      used: true,
      sameAsTrailers: false,
      relation: 'exact',
      problem: null,
      signature: { ok: true, userIds: ['Test Dev <dev@example.com>'] },
      identity: { ok: true },
    });
    expect(s.statements[1]).toMatchObject({ origin: 'note:1', sameAsTrailers: true, signature: { ok: true } });
    expect(s.results.map((r: { check: string; level: string }) => `${r.check}:${r.level}`)).toEqual([
      'presence:pass',
      'schema:pass',
      'signature:pass',
      'identity:pass',
      'binding:pass',
      'sensitive:pass',
      'tools:pass',
    ]);
  });

  it('says which statement is used: an attest note completes an undeclared commit', () => {
    const s = show(completed);
    expect(s.status).toBe('ok');
    expect(s.statement).toMatchObject({ origin: 'note:2', source: 'attest', ai: 'none' });
    expect(
      s.statements.map((c: { origin: string; used: boolean; predicate: { ai: string } }) => [c.origin, c.used, c.predicate.ai]),
    ).toEqual([
      ['trailers', false, 'undeclared'],
      ['note:1', false, 'undeclared'],
      ['note:2', true, 'none'],
    ]);
    expect(s.statements[2].predicate.binding.commit).toBe(completed);
  });

  it('shows a commit with no attestation, and a forged one, without failing itself', () => {
    expect(show(bare)).toMatchObject({ status: 'fail', statement: null, statements: [], results: [{ result: 'missing', level: 'fail' }] });
    const forged = recommit(repo, used, { message: (m) => editShare(m, 1) });
    const s = show(forged);
    expect(s.statements[0]).toMatchObject({ origin: 'trailers', used: false, signature: { ok: false, result: 'bad-signature' } });
    expect(s.results.find((r: { result: string }) => r.result === 'bad-signature')).toMatchObject({ level: 'fail', source: 'trailers' });
  });
});

describe('show (text)', () => {
  it('prints each statement and the checks', () => {
    const r = repo.cli(['show', used]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^commit [0-9a-f]{40} {2}ok$/m);
    expect(r.stdout).toMatch(/^trailers \(used\)$/m);
    expect(r.stdout).toMatch(/signature good: Test Dev <dev@example.com>/);
    expect(r.stdout).toMatch(/pass binding: ok \[trailers\] {2}bound to this tree and these parents/);
  });
});
