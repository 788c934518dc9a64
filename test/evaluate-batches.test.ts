// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCommits, readCommits, type CommitRecord } from '../src/git/log.js';
import { evaluateCommits, loadEvaluationContext, type CommitVerdict, type EvaluationContext } from '../src/read/evaluate.js';
import { decodeAhead } from '../src/read/evaluate/decode-ahead.js';
import { defaultConfig } from '../src/config/defaults.js';
import { makeJudge, type Judge } from '../src/read/report/judge.js';
import { reportItems } from '../src/read/report/source.js';
import { explicitTrust } from '../src/read/trust/revision.js';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';
import { makeKey, resign, rev, trust } from './helpers/tamper.js';

/**
 * evaluateCommits batches its records (signature checks, git's answers); what a verdict says
 * must not depend on where a batch ends, nor on whether its records were decoded ahead while
 * the context loaded. A back-dated statement is judged against its parent's committer date,
 * which sits in the next batch when the batch ends between the two.
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());
const ai = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '40', AI_ATTEST_QUIET: '1' };
let repo: Repo;
let base: string;
let backdated: string;
let ctx: EvaluationContext;

beforeAll(async () => {
  repo = initRepo(sandbox);
  base = rev(repo, 'HEAD');
  // A key older than the back-dated signature, trusted from the commit that adds it on.
  const old = await makeKey(`${sandbox.root}/old-key`, { date: new Date(Date.now() - 10 * 86_400_000) });
  trust(repo, old, 'old');
  repo.git(['add', '.ai-attest/keys/old.asc']);
  repo.git(['commit', '-q', '-m', 'Trust an older key'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
  const trusted = rev(repo, 'HEAD');
  for (let i = 0; i < 4; i++) {
    repo.write(`src/file${i}.ts`, `export const n = ${i};\n`);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', `Change ${i}`], { env: i % 2 ? ai : { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
  }
  repo.write('src/today.ts', 'export const today = 1;\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'Today'], { env: ai });
  // Signed five days ago, on a parent committed now: the statement is older than its parent.
  backdated = await resign(
    repo,
    rev(repo, 'HEAD'),
    (p) => {
      p.time = new Date(Date.now() - 5 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      p.attester.key = old.fingerprint;
    },
    { ...repo.env, AI_ATTEST_HOME: old.home },
  );
  const opts = { cwd: repo.dir, env: repo.env };
  ctx = await loadEvaluationContext({ ...opts, trust: await explicitTrust(trusted, opts) });
});

const range = () => [`${base}..${backdated}`];

async function verdicts(records: AsyncIterable<CommitRecord> | Iterable<CommitRecord>, chunkSize?: number): Promise<CommitVerdict[]> {
  const out: CommitVerdict[] = [];
  for await (const { verdict } of evaluateCommits(records, ctx, chunkSize ? { chunkSize } : {})) out.push(verdict);
  return out;
}

describe('evaluateCommits in batches', () => {
  it('gives the same verdicts whatever the batch size, the parent of a batch’s last commit read from the next batch', async () => {
    const records = await collectCommits(range(), { cwd: repo.dir, env: repo.env });
    expect(records.length).toBe(6);
    const whole = await verdicts(records);
    const failed = whole.find((v) => v.commit === backdated)!;
    expect(failed.status).toBe('fail');
    expect(failed.results.filter((r) => r.level === 'fail').map((r) => r.result)).toEqual(['signed-before-parent']);
    expect(whole.filter((v) => v.commit !== backdated).every((v) => v.status === 'ok')).toBe(true);
    // One commit per batch: every parent is in the batch read after it.
    expect(await verdicts(records, 1)).toEqual(whole);
    expect(await verdicts(records, 2)).toEqual(whole);
  });

  it('asks git for a parent outside the range (the range ends at the back-dated commit)', async () => {
    const records = await collectCommits([`${backdated}^!`], { cwd: repo.dir, env: repo.env });
    const [only] = await verdicts(records, 1);
    expect(only!.results.filter((r) => r.level === 'fail').map((r) => r.result)).toEqual(['signed-before-parent']);
  });

  it('gives the same verdicts for records decoded ahead while the context loads', async () => {
    const plain = await verdicts(await collectCommits(range(), { cwd: repo.dir, env: repo.env }));
    for (const limit of [0, 2, 100]) {
      let release!: () => void;
      const ready = new Promise<void>((resolve) => (release = resolve));
      const ahead = decodeAhead(readCommits(range(), { cwd: repo.dir, env: repo.env }), ready, limit);
      // Let it read and decode before the "context" is there.
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      expect(await verdicts(ahead), `limit ${limit}`).toEqual(plain);
    }
  });
});

describe('decodeAhead', () => {
  const record = (i: number): CommitRecord => ({
    commit: String(i).padStart(40, '0'),
    tree: 'a'.repeat(40),
    parents: [],
    authorName: 'Dev',
    authorEmail: 'dev@example.com',
    authorTime: 0,
    committerName: 'Dev',
    committerEmail: 'dev@example.com',
    committerTime: 0,
    message: `Change ${i}\n`,
    note: '',
  });

  async function* source(count: number, failAt = -1): AsyncGenerator<CommitRecord> {
    for (let i = 0; i < count; i++) {
      if (i === failAt) throw new Error('git died');
      yield record(i);
    }
  }

  async function drain(it: AsyncIterable<CommitRecord>): Promise<string[]> {
    const out: string[] = [];
    for await (const r of it) out.push(r.commit);
    return out;
  }

  it('passes every record on, in order, whether the context comes before, during or after the read', async () => {
    const expected = Array.from({ length: 100 }, (_, i) => record(i).commit);
    expect(await drain(decodeAhead(source(100), Promise.resolve(), 10))).toEqual(expected);
    expect(await drain(decodeAhead(source(100), new Promise((r) => setTimeout(r, 20)), 1000))).toEqual(expected);
    expect(await drain(decodeAhead(source(100), new Promise((r) => setTimeout(r, 20)), 7))).toEqual(expected);
    // A context that fails to load still lets the records through (the caller reports the failure).
    expect(await drain(decodeAhead(source(100), Promise.reject(new Error('no config')), 50))).toEqual(expected);
  });

  it('throws a failure of the read to whoever asks next, before or after the context is there', async () => {
    await expect(drain(decodeAhead(source(10, 5), new Promise((r) => setTimeout(r, 20)), 100))).rejects.toThrow('git died');
    await expect(drain(decodeAhead(source(10, 5), Promise.resolve(), 100))).rejects.toThrow('git died');
  });

  it('ends the read when the reader stops early', async () => {
    let ended = false;
    async function* tracked(): AsyncGenerator<CommitRecord> {
      try {
        for (let i = 0; ; i++) yield record(i);
      } finally {
        ended = true;
      }
    }
    const ahead = decodeAhead(tracked(), new Promise((r) => setTimeout(r, 10)), 20);
    expect((await ahead.next()).done).toBe(false);
    await ahead.return();
    expect(ended).toBe(true);
  });
});

describe('changed files in a batch', () => {
  it('checks the sensitive files of a commit that comes after one that changes nothing (an empty commit)', async () => {
    const r = initRepo(sandbox, 'empty-before');
    const start = rev(r, 'HEAD');
    r.write('src/auth/login.ts', 'export const login = 1;\n');
    r.git(['add', '-A']);
    r.git(['commit', '-q', '-m', 'Login'], { env: ai });
    // Signed as changing no sensitive file: what the sensitive check is there to catch.
    const undeclared = await resign(r, rev(r, 'HEAD'), (p) => {
      p.sensitive = [];
    });
    r.git(['reset', '-q', '--hard', undeclared]);
    r.git(['commit', '-q', '--allow-empty', '-m', 'Nothing changed'], { env: ai });
    const opts = { cwd: r.dir, env: r.env };
    const context = await loadEvaluationContext({ ...opts, trust: await explicitTrust(start, opts) });
    const records = await collectCommits([`${start}..HEAD`], opts);
    expect(records.map((c) => c.commit)).toEqual([rev(r, 'HEAD'), undeclared]);
    const out: CommitVerdict[] = [];
    for await (const { verdict } of evaluateCommits(records, context)) out.push(verdict);
    expect(out[0]!.status).toBe('ok');
    expect(out[1]!.results.find((x) => x.check === 'sensitive')?.result).toBe('sensitive-underreported');
  });
});

describe('report items while the judge loads', () => {
  const judgeOf = async () =>
    (
      await makeJudge({
        cwd: repo.dir,
        env: repo.env,
        top: repo.dir,
        gitDir: `${repo.dir}/.git`,
        commonDir: `${repo.dir}/.git`,
        config: defaultConfig(),
      })
    ).judge;
  const collect = async (judge: Judge | Promise<Judge>, decode: boolean) => {
    const out: Array<{ commit: string; status: string; lines: number }> = [];
    const items = reportItems({ cwd: repo.dir, env: repo.env, revisions: range(), judge, decodeAhead: decode, lines: true });
    for await (const item of items) out.push({ commit: item.commit, status: item.status, lines: item.lines?.files.length ?? -1 });
    return out;
  };

  it('gives the same items with the judge given, or still loading while the statements are decoded ahead', async () => {
    const plain = await collect(await judgeOf(), false);
    expect(plain).toHaveLength(6);
    const late = new Promise<Judge>((resolve) => setTimeout(() => resolve(judgeOf()), 200));
    expect(await collect(late, true)).toEqual(plain);
  });

  it('ends with the judge’s failure, its git reads stopped', async () => {
    const failing = new Promise<Judge>((_, reject) => setTimeout(() => reject(new Error('bad config')), 50));
    await expect(collect(failing, true)).rejects.toThrow('bad config');
  });
});
