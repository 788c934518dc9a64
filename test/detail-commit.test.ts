// @module-tag git
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitContribution } from '../src/detail/index.js';
import { parseRecord, recordDigest, recordNote, buildRecord } from '../src/detail/record.js';
import type { DsseEnvelope, Predicate } from '../src/core/model.js';
import { notePredicate } from '../src/core/note.js';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeRecipient, session, type TestRecipient } from './helpers/detail.js';
import type { Repo } from './helpers/repo.js';

const AI = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '80' };

function detailNote(repo: Repo, rev = 'HEAD'): string {
  const r = repo.gitRaw(['notes', '--ref=ai-attest-detail', 'show', rev]);
  return r.status === 0 ? r.stdout : '';
}

/**
 * The commit's signed statement (format v2 keeps the detail digest and extensions in its note
 * part): from its note, or from the note line still pending when post-commit never ran.
 */
function statementOf(repo: Repo, rev: string): Predicate {
  const r = repo.gitRaw(['notes', '--ref=ai-attest', 'show', rev]);
  const tree = repo.git(['rev-parse', `${rev}^{tree}`]).trim();
  const pending = join(repo.dir, '.git', 'ai-attest', 'pending', `${tree}.note`);
  const text = r.status === 0 ? r.stdout : existsSync(pending) ? readFileSync(pending, 'utf8') : '';
  const line = text.split('\n').find((l) => l.startsWith('{'));
  return notePredicate(JSON.parse(line!) as DsseEnvelope)!;
}

function boundDetail(repo: Repo, rev: string): string[] {
  const sha = statementOf(repo, rev).detail?.sha256;
  return sha ? [`sha256=${sha}`] : [];
}

function verifyJson(
  repo: Repo,
  range: string,
  extra: string[] = ['--no-cache'],
): {
  status: number;
  commits: Array<{ status: string; results: Array<{ check: string; result: string; level: string; message: string }> }>;
} {
  const r = repo.cli(['verify', range, '--json', ...extra]);
  const parsed = JSON.parse(r.stdout);
  return { status: r.status ?? -1, commits: parsed.commits };
}

describe('the detail record at commit time: policy, binding, filing, verification', () => {
  let repo: Repo;
  let gitDir: string;
  let alice: TestRecipient;
  let bob: TestRecipient;
  const commits = { sensitive: '', small: '', uncaptured: '', second: '' };

  const commitFile = (path: string, content: string, env: NodeJS.ProcessEnv, message: string): string => {
    repo.write(path, content);
    repo.git(['add', path]);
    repo.git(['commit', '-q', '-m', message], { env });
    return repo.git(['rev-parse', 'HEAD']).trim();
  };

  beforeAll(async () => {
    [alice, bob] = await Promise.all([makeRecipient('Alice Compliance'), makeRecipient('Bob Incident')]);
    repo = initRepo();
    gitDir = join(repo.dir, '.git');
    repo.write('.ai-attest/recipients/alice.asc', alice.publicArmored);
    repo.write('.ai-attest/recipients/bob.asc', bob.publicArmored);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Compliance recipients'], { env: { AI_ATTEST_TOOLS: 'none' } });
    // On the default branch: the trust revision the recipients are taken from.
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);

    await submitContribution(session(4, 'src/auth/session.ts'), { cwd: repo.dir, gitDir, key: 'a' });
    commits.sensitive = commitFile('src/auth/session.ts', 'export const a = 1;\n', AI, 'AI change to a sensitive path');

    await submitContribution(session(1, 'docs/notes.md'), { cwd: repo.dir, gitDir, key: 'b' });
    commits.small = commitFile('docs/notes.md', 'notes\n', AI, 'small AI change elsewhere');

    commits.uncaptured = commitFile(
      'src/auth/token.ts',
      'export const t = 2;\n',
      AI,
      'AI change to a sensitive path, tool not instrumented',
    );

    await submitContribution(session(2, 'src/auth/other.ts'), { cwd: repo.dir, gitDir, key: 'c' });
    commits.second = commitFile('src/auth/other.ts', 'export const o = 3;\n', AI, 'another captured sensitive change');
  });
  afterAll(() => repo.sandbox.cleanup());

  it('binds a record for an AI change to a sensitive path, files it under refs/notes/ai-attest-detail, verify passes', () => {
    const [bound] = boundDetail(repo, commits.sensitive);
    expect(bound).toMatch(/^sha256=[0-9a-f]{64}$/);
    const record = parseRecord(detailNote(repo, commits.sensitive));
    expect(record.parts).toHaveLength(1);
    expect(`sha256=${recordDigest(record)}`).toBe(bound);
    expect(record.parts[0]!.recipients).toEqual([alice.fingerprint, bob.fingerprint].sort());
    const show = JSON.parse(repo.cli(['show', commits.sensitive, '--json']).stdout);
    expect(show.results).toContainEqual(expect.objectContaining({ check: 'detail', result: 'ok' }));
    const v = verifyJson(repo, `${commits.sensitive}^!`);
    expect(v.commits[0]!.status).toBe('ok');
  });

  it('keeps no record of a small AI change to a non-sensitive path under the default policy, and drops its sealed part', () => {
    expect(boundDetail(repo, commits.small)).toEqual([]);
    expect(detailNote(repo, commits.small)).toBe('');
    expect(readdirSync(join(gitDir, 'ai-attest', 'detail')).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect(statementOf(repo, commits.small).extensions['ai-attest.detail']).toBeUndefined();
  });

  it('states "detail: required, unavailable: tool not instrumented", and verify reports it under its own result', () => {
    expect(JSON.stringify(statementOf(repo, commits.uncaptured).extensions['ai-attest.detail'])).toContain(
      '"reason":"tool not instrumented"',
    );
    const v = verifyJson(repo, `${commits.uncaptured}^!`);
    expect(v.status).toBe(0);
    expect(v.commits[0]!.status).toBe('warn');
    expect(v.commits[0]!.results).toContainEqual(
      expect.objectContaining({
        check: 'detail',
        result: 'detail-unavailable',
        level: 'warn',
        message: expect.stringContaining('unavailable: tool not instrumented'),
      }),
    );
    // Text keeps only what it shows, and only counts the commits the detail check has nothing to
    // say of: the same counts as the whole list, and this commit's result.
    const { summary } = JSON.parse(repo.cli(['verify', 'HEAD', '--json', '--no-cache']).stdout);
    const text = repo.cli(['verify', 'HEAD', '--no-cache']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/WARN detail-unavailable \(1 commit\)/);
    expect(text.stdout.split('\n')[0]).toContain(`: ${summary.ok} ok, ${summary.warn} warn`);
  });

  it('the report counts the commits with a record and those whose required record was unavailable', () => {
    const r = repo.cli(['report', 'HEAD', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).totals.detail).toEqual({ recorded: 2, unavailable: 1 });
    const text = repo.cli(['report', 'HEAD']).stdout;
    expect(text).toMatch(/2 AI-involved commits carry one; 1 required one that was unavailable \(tool not instrumented\)/);
  });

  it('catches a swapped and a truncated record', () => {
    const original = detailNote(repo, commits.second);
    const other = detailNote(repo, commits.sensitive);
    // A verdict remembered by the verify cache before the swap does not hide it.
    expect(verifyJson(repo, `${commits.second}^!`, []).commits[0]!.status).toBe('ok');
    // Swapped: another commit's (valid, signed-for-elsewhere) record.
    repo.git(['notes', '--ref=ai-attest-detail', 'add', '-f', '-m', other.trim(), commits.second]);
    let v = verifyJson(repo, `${commits.second}^!`, []);
    expect(v.status).toBe(1);
    expect(v.commits[0]!.results).toContainEqual(expect.objectContaining({ check: 'detail', result: 'detail-mismatch', level: 'fail' }));
    v = verifyJson(repo, `${commits.second}^!`);
    expect(v.commits[0]!.results).toContainEqual(expect.objectContaining({ check: 'detail', result: 'detail-mismatch', level: 'fail' }));
    // Truncated: the same record with its part removed.
    const truncated = { ...parseRecord(original), parts: [] };
    repo.git(['notes', '--ref=ai-attest-detail', 'add', '-f', '-m', recordNote(buildRecord(truncated.parts)).trim(), commits.second]);
    v = verifyJson(repo, `${commits.second}^!`);
    expect(v.commits[0]!.results).toContainEqual(expect.objectContaining({ result: 'detail-mismatch' }));
    // Removed: reported as missing (a warning: notes may not be fetched yet).
    repo.git(['notes', '--ref=ai-attest-detail', 'remove', commits.second]);
    v = verifyJson(repo, `${commits.second}^!`);
    expect(v.commits[0]!.results).toContainEqual(expect.objectContaining({ result: 'detail-missing', level: 'warn' }));
    repo.git(['notes', '--ref=ai-attest-detail', 'add', '-f', '-m', original.trim(), commits.second]);
    expect(verifyJson(repo, `${commits.second}^!`).commits[0]!.status).toBe('ok');
  });

  it('a commit whose post-commit never ran (process killed) keeps its record; notes flush files it, wherever HEAD is now', async () => {
    await submitContribution(session(2, 'src/auth/late.ts'), { cwd: repo.dir, gitDir, key: 'd' });
    const hook = join(gitDir, 'hooks', 'post-commit');
    renameSync(hook, `${hook}.off`);
    let commit: string;
    // Made on a detached HEAD and left: only the reflog still knows the commit.
    repo.git(['checkout', '-q', '--detach']);
    try {
      commit = commitFile('src/auth/late.ts', 'export const l = 4;\n', AI, 'post-commit never runs');
    } finally {
      renameSync(`${hook}.off`, hook);
      repo.git(['checkout', '-q', '-']);
    }
    expect(repo.gitRaw(['merge-base', '--is-ancestor', commit, 'HEAD']).status).toBe(1);
    expect(detailNote(repo, commit)).toBe('');
    expect(readdirSync(join(gitDir, 'ai-attest', 'pending')).some((n) => n.endsWith('.detail'))).toBe(true);
    const flushed = repo.cli(['notes', 'flush', '--json']);
    expect(JSON.parse(flushed.stdout).detail).toEqual([commit]);
    const [bound] = boundDetail(repo, commit);
    expect(`sha256=${recordDigest(parseRecord(detailNote(repo, commit)))}`).toBe(bound);
    expect(existsSync(join(gitDir, 'ai-attest', 'pending'))).toBe(true);
    expect(readdirSync(join(gitDir, 'ai-attest', 'pending')).some((n) => n.endsWith('.detail'))).toBe(false);
  });

  it('counts the AI-attributed lines for the size threshold: the declared share of the staged lines when nothing was captured', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n') + '\n';
    // 250 lines, 100% AI: over the default 200.
    const big = commitFile('docs/generated.md', body(250), { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '100' }, 'a large AI change');
    expect(statementOf(repo, big).extensions['ai-attest.detail']).toMatchObject({
      required: true,
      available: false,
      because: ['ai-lines'],
    });
    // 250 lines, 60% AI: 150 AI-attributed lines, under it.
    const mixed = commitFile(
      'docs/mixed.md',
      body(250),
      { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '60' },
      'a large mostly human change',
    );
    expect(statementOf(repo, mixed).extensions['ai-attest.detail']).toBeUndefined();
  });

  const BRANCH_KEY =
    'a branch that commits its own recipient key gets nothing sealed to it, is warned, and verify says so; ' +
    'a record sealed to that key is caught';
  it(BRANCH_KEY, async () => {
    const attacker = await makeRecipient('Mallory Attacker');
    repo.git(['checkout', '-q', '-b', 'exfiltrate']);
    repo.write('.ai-attest/recipients/attacker.asc', attacker.publicArmored);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'add a reader'], { env: { AI_ATTEST_TOOLS: 'none' } });
    const keyCommit = repo.git(['rev-parse', 'HEAD']).trim();

    const sealed = await submitContribution(session(2, 'src/auth/exfil.ts'), { cwd: repo.dir, gitDir, key: 'x' });
    expect(sealed).toMatchObject({ status: 'sealed', recipients: [alice.fingerprint, bob.fingerprint].sort() });
    repo.write('src/auth/exfil.ts', 'export const x = 5;\n');
    repo.git(['add', 'src/auth/exfil.ts']);
    const made = repo.gitRaw(['commit', '-q', '-m', 'AI change on the branch'], { env: AI });
    expect(made.status, made.stderr).toBe(0);
    expect(made.stderr).toMatch(
      /changes the detail tier's trust \(adds recipient \.ai-attest\/recipients\/attacker\.asc \([0-9A-F]{40}\)\): not applied/,
    );
    const commit = repo.git(['rev-parse', 'HEAD']).trim();
    const record = parseRecord(detailNote(repo, commit));
    expect(record.parts[0]!.recipients).toEqual([alice.fingerprint, bob.fingerprint].sort());
    const { decryptPart } = await import('../src/detail/crypt.js');
    await expect(decryptPart(record.parts[0]!, attacker.privateKey)).rejects.toThrow(/not a recipient/);

    const v = verifyJson(repo, `${keyCommit}^..${commit}`);
    const [, onKey] = v.commits;
    expect(onKey!.results).toContainEqual(
      expect.objectContaining({
        check: 'trust',
        result: 'trust-changed',
        message: expect.stringContaining('adds detail recipient .ai-attest/recipients/attacker.asc: not applied'),
      }),
    );
    expect(JSON.parse(repo.cli(['show', commit, '--json']).stdout).results).toContainEqual(
      expect.objectContaining({
        check: 'detail',
        result: 'ok',
        message: expect.stringContaining("sealed only to the trust revision's recipients (2 in .ai-attest/recipients/)"),
      }),
    );

    // A record sealed to the branch's key anyway (an old client, a tampered sealer) is reported.
    const { sealContribution } = await import('../src/detail/seal.js');
    const { parseRecipientKeys } = await import('../src/detail/crypt.js');
    const keys = await parseRecipientKeys([alice, attacker].map((r, i) => ({ path: `r${i}.asc`, content: Buffer.from(r.publicArmored) })));
    await sealContribution(session(1, 'src/auth/leak.ts'), { cwd: repo.dir, gitDir, recipients: keys, key: 'leak' });
    const leaked = commitFile('src/auth/leak.ts', 'export const l = 6;\n', AI, 'sealed to the attacker');
    const w = verifyJson(repo, `${leaked}^!`);
    expect(w.commits[0]!.status).toBe('warn');
    expect(w.commits[0]!.results).toContainEqual(
      expect.objectContaining({
        check: 'detail',
        result: 'detail-recipients',
        level: 'warn',
        message: expect.stringMatching(/sealed to key [0-9A-F]{16}, not among the trust revision's recipients/),
      }),
    );
  });
});

describe('a recipients folder outside .ai-attest/', () => {
  it('is trust too: a branch adding a key there is reported by verify, and nothing is sealed to it', async () => {
    const [alice, mallory] = await Promise.all([makeRecipient('Alice Compliance'), makeRecipient('Mallory Attacker')]);
    const repo = initRepo();
    try {
      const gitDir = join(repo.dir, '.git');
      const config = JSON.parse(readFileSync(join(repo.dir, '.ai-attest', 'config.json'), 'utf8'));
      repo.write('.ai-attest/config.json', `${JSON.stringify({ ...config, detail: { recipients: 'compliance/keys' } }, null, 2)}\n`);
      repo.write('compliance/keys/alice.asc', alice.publicArmored);
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', 'Compliance recipients'], { env: { AI_ATTEST_TOOLS: 'none' } });
      repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
      repo.git(['checkout', '-q', '-b', 'exfiltrate']);
      repo.write('compliance/keys/mallory.asc', mallory.publicArmored);
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', 'add a reader'], { env: { AI_ATTEST_TOOLS: 'none' } });
      const sealed = await submitContribution(session(1, 'src/auth/a.ts'), { cwd: repo.dir, gitDir, key: 'a' });
      expect(sealed).toMatchObject({ status: 'sealed', recipients: [alice.fingerprint] });
      const v = verifyJson(repo, 'HEAD^!');
      expect(v.commits[0]!.results).toContainEqual(
        expect.objectContaining({
          result: 'trust-changed',
          message: expect.stringContaining('adds detail recipient compliance/keys/mallory.asc: not applied'),
        }),
      );
    } finally {
      repo.sandbox.cleanup();
    }
  });
});
