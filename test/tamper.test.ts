// @module-tag git
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';
import {
  cliAsync,
  dropTrailer,
  editNotePayload,
  editTrailer,
  makeKey,
  messageOf,
  noteText,
  recommit,
  resign,
  rev,
  revoke,
  setNote,
  trust,
  type CliResult,
  trustCommit,
} from './helpers/tamper.js';

/**
 * The tamper matrix: each way of forging or damaging an attestation, on a real repository,
 * detected under its own result name with exit status 1; the untouched history passes.
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

interface Verdict {
  commit: string;
  status: string;
  results: Array<{ check: string; result: string; level: string; message: string; fix?: string; source?: string }>;
}

let repo: Repo;
let goodTip: string;
const cases = new Map<string, string>();
const outcomes = new Map<string, CliResult>();

function commit(file: string, content: string, env: NodeJS.ProcessEnv, args: string[] = []): string {
  repo.write(file, content);
  repo.git(['add', file]);
  repo.git(['commit', '-q', '-m', `Change ${file}`, ...args], { env: { AI_ATTEST_QUIET: '1', ...env } });
  return rev(repo, 'HEAD');
}

const ai = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '40' };

beforeAll(async () => {
  repo = initRepo(sandbox);
  // The untouched history: no AI, AI, AI on a sensitive file, and an undeclared commit completed by attest.
  commit('docs/a.md', 'a\n', { AI_ATTEST_TOOLS: 'none' });
  const a = commit('src/app.ts', 'export const a = 1;\n', ai);
  const b = commit('src/auth/login.ts', 'export const login = 1;\n', ai);
  const undeclared = commit('src/late.ts', 'export const late = 1;\n', {});
  const attest = repo.cli(['attest', undeclared, '--tools', CLAUDE, '--proportion', '20']);
  expect(attest.status, attest.stderr).toBe(0);
  goodTip = rev(repo, 'HEAD');

  // Cases on top of main: each is verified as the single commit REV^!.
  const noteOfA = noteText(repo, a);
  cases.set(
    'trailer value edited',
    recommit(repo, a, { message: (m) => m.replace(/^(Ai-Attest: v2 used) share=40/m, '$1 share=5'), keepNote: true }),
  );
  const noteEdited = recommit(repo, a, { keepNote: false });
  setNote(repo, noteEdited, `${editNotePayload(noteOfA.trim(), (s) => (s.predicate.share = 5))}\n`);
  cases.set('note edited', noteEdited);
  cases.set('attestation copied onto another commit', recommit(repo, b, { message: () => messageOf(repo, a) }));
  cases.set('signature stripped', recommit(repo, a, { message: (m) => dropTrailer(m, 'Ai-Attest-Sig') }));
  cases.set('schema version downgraded', recommit(repo, a, { message: (m) => m.replace(/^Ai-Attest: v2 /m, 'Ai-Attest: v1 ') }));
  cases.set('newer schema version', recommit(repo, a, { message: (m) => editTrailer(m, 'Ai-Attest', 'v9') }));
  cases.set('sensitive involvement under-reported', await resign(repo, b, (p) => (p.sensitive = [])));
  const wrongNote = recommit(repo, b, {});
  setNote(repo, wrongNote, noteOfA);
  cases.set('note attached to the wrong commit', wrongNote);

  const outsider = await makeKey(join(sandbox.root, 'outsider'));
  cases.set('signed by a key not in the keyring', commit('src/o.ts', 'o\n', { ...ai, AI_ATTEST_HOME: outsider.home }));
  const expired = await makeKey(join(sandbox.root, 'expired'), { date: new Date(Date.now() - 400 * 86_400_000), expiresInDays: 30 });
  trust(repo, expired, 'expired');
  cases.set('expired key', commit('src/e.ts', 'e\n', { ...ai, AI_ATTEST_HOME: expired.home }));
  const revoked = await makeKey(join(sandbox.root, 'revoked'));
  trust(repo, revoked, 'revoked');
  cases.set('revoked key', commit('src/r.ts', 'r\n', { ...ai, AI_ATTEST_HOME: revoked.home }));
  revoke(repo, revoked, 'revoked-cert');
  cases.set('key identity not the author', commit('src/i.ts', 'i\n', ai, ['--author', 'Other Person <other@example.com>']));
  cases.set('unattested commit', commit('src/u.ts', 'u\n', { AI_ATTEST: '0' }));
  cases.set('undeclared commit', commit('src/d.ts', 'd\n', {}));
  cases.set(
    'unapproved tool',
    commit('src/t.ts', 't\n', { AI_ATTEST_TOOLS: 'aider:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '10' }),
  );

  // The keys trusted above are a maintainer's change: verify trusts them once they are in a commit.
  const trusted = trustCommit(repo);
  const runs = [...cases].map(
    async ([name, id]) => [name, await cliAsync(repo, ['verify', `${id}^!`, '--json', '--trust', trusted])] as const,
  );
  runs.push(cliAsync(repo, ['verify', goodTip, '--json']).then((r) => ['untouched history', r] as const));
  for (const [name, result] of await Promise.all(runs)) outcomes.set(name, result);
}, 120_000);

function verdictOf(name: string): Verdict {
  const out = outcomes.get(name)!;
  const report = JSON.parse(out.stdout) as { commits: Verdict[] };
  expect(report.commits).toHaveLength(1);
  return report.commits[0]!;
}

/** The failing result names of a case, in order. */
function failures(name: string): string[] {
  return verdictOf(name)
    .results.filter((r) => r.level === 'fail')
    .map((r) => r.result);
}

describe('the untouched history', () => {
  it('passes with exit status 0', () => {
    const out = outcomes.get('untouched history')!;
    expect(out.status, out.stderr + out.stdout).toBe(0);
    const report = JSON.parse(out.stdout) as { summary: { commits: number; fail: number; passed: boolean }; commits: Verdict[] };
    expect(report.summary).toMatchObject({ commits: 5, fail: 0, passed: true });
    expect(report.commits.map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });
});

describe('each tampering is caught under its own name, with exit status 1', () => {
  const expected: Array<[string, string[], string?]> = [
    ['trailer value edited', ['bad-signature'], 'trailers'],
    ['note edited', ['note-invalid'], 'note:1'],
    ['attestation copied onto another commit', ['binding-mismatch'], 'trailers'],
    ['signed by a key not in the keyring', ['unknown-key'], 'trailers'],
    ['expired key', ['key-expired'], 'trailers'],
    ['revoked key', ['key-revoked'], 'trailers'],
    ['key identity not the author', ['identity-mismatch'], 'trailers'],
    ['signature stripped', ['unsigned'], 'trailers'],
    ['schema version downgraded', ['version-downgraded'], 'trailers'],
    ['newer schema version', ['unsupported-version'], 'trailers'],
    ['sensitive involvement under-reported', ['sensitive-underreported'], 'trailers'],
    ['note attached to the wrong commit', ['note-wrong-commit'], 'note:1'],
    ['unattested commit', ['missing']],
    ['undeclared commit', ['undeclared'], 'trailers'],
    ['unapproved tool', ['tool-unapproved'], 'trailers'],
  ];
  it.each(expected)('%s: %j', (name, results, source) => {
    const out = outcomes.get(name)!;
    expect(out.status, `${name}: ${out.stderr}`).toBe(1);
    expect(failures(name)).toEqual(results);
    const failure = verdictOf(name).results.find((r) => r.level === 'fail')!;
    expect(verdictOf(name).status).toBe('fail');
    if (source) expect(failure.source).toBe(source);
    expect(failure.message.length).toBeGreaterThan(10);
    expect(failure.fix).toBeTruthy();
  });

  it('gives every case a different result', () => {
    const names = expected.map(([, results]) => results.join());
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('details', () => {
  it('explains a downgrade as an edit of the version, and a wrong note by the tree it names', () => {
    expect(verdictOf('schema version downgraded').results.find((r) => r.result === 'version-downgraded')?.message).toMatch(
      /declare schema v1.*signed as v2/,
    );
    expect(verdictOf('note attached to the wrong commit').results.find((r) => r.result === 'note-wrong-commit')?.message).toMatch(
      /another change/,
    );
    expect(
      verdictOf('sensitive involvement under-reported').results.find((r) => r.result === 'sensitive-underreported')?.message,
    ).toContain('src/auth/login.ts (security-controls)');
  });

  it('keeps the valid note in use when only the trailers were edited', () => {
    const v = JSON.parse(outcomes.get('trailer value edited')!.stdout).commits[0];
    expect(v.statement).toMatchObject({ origin: 'note:1', share: 40 });
  });

  it('a human text report groups failures with the command that fixes each', () => {
    const r = repo.cli(['verify', `${cases.get('unattested commit')}^!`]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL missing \(1 commit\)/);
    expect(r.stdout).toContain(`fix: ai-attest attest ${cases.get('unattested commit')!.slice(0, 12)}`);
  });

  it('attest fixes an unattested commit', () => {
    const id = cases.get('unattested commit')!;
    const attest = repo.cli(['attest', id, '--tools', 'none']);
    expect(attest.status, attest.stderr).toBe(0);
    const r = repo.cli(['verify', `${id}^!`, '--json']);
    expect(r.status, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).commits[0]).toMatchObject({ status: 'ok', statement: { origin: 'note:1', source: 'attest', ai: 'none' } });
  });
});
