import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommitRecord } from '../src/git/log.js';
import type { CheckResult, CommitVerdict } from '../src/read/evaluate/types.js';
import { unattestedMessage } from '../src/read/evaluate/rules/presence.js';
import { VerifyCache } from '../src/read/verify/cache.js';
import { cacheScope, type CacheScope } from '../src/read/verify/cache-scope.js';

const NOT_SET_UP = 'no trust revision and no ai-attest config in the range: ai-attest is not set up here';
const DIGEST = 'd'.repeat(64);
const scope = (trust: string | null, digest = DIGEST): CacheScope =>
  cacheScope({ digest, adopted: trust === null, trust: { description: trust ?? 'the merge-base of HEAD with origin/main' } });

const id = (n: number) => n.toString(16).padStart(40, '0');
const record = (n: number, subject = `change ${n}`): CommitRecord => ({
  commit: id(n),
  tree: 't'.repeat(40),
  parents: [id(n + 1)],
  authorName: `Author ${n % 7}`,
  authorEmail: `author${n % 7}@example.com`,
  authorTime: 1_700_000_000 + n,
  committerName: 'C',
  committerEmail: 'c@example.com',
  committerTime: 1_700_000_000 + n,
  message: `${subject}\n\nbody with  two spaces\n`,
  note: '',
});
const unattested = (n: number, trust = NOT_SET_UP): CommitVerdict => ({
  commit: id(n),
  status: 'warn',
  results: [
    {
      check: 'presence',
      level: 'warn',
      result: 'unattested',
      message: unattestedMessage(trust),
      fix: 'nothing to fix: run `ai-attest init`',
    },
  ],
  statement: null,
});
const exempt = (n: number): CommitVerdict => ({
  commit: id(n),
  status: 'exempt',
  results: [{ check: 'presence', level: 'pass', result: 'exempt', message: 'no attestation needed: a merge that adds nothing' }],
  statement: null,
});
const otherWarning = (n: number): CommitVerdict => ({
  commit: id(n),
  status: 'warn',
  results: [{ check: 'trust', level: 'warn', result: 'trust-changed', message: 'changes .ai-attest/config.json' } as CheckResult],
  statement: null,
});

describe("verify's verdict cache", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai-attest-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fill = async (verdicts: [CommitRecord, CommitVerdict][], at: CacheScope = scope(NOT_SET_UP)) => {
    const cache = await VerifyCache.load(dir, at);
    for (const [r, v] of verdicts) cache.remember(r, v);
    await cache.save();
  };

  it('gives back what it remembered, warnings and who included, after a save and a load', async () => {
    const odd = record(3, 'subject with  spaces, "quotes" and ünïcödé 日本');
    await fill([
      [record(1), unattested(1)],
      [record(2), exempt(2)],
      [odd, unattested(3)],
      [record(4), otherWarning(4)],
      [record(5), { ...unattested(5), results: [...unattested(5).results, ...otherWarning(5).results] }],
      [record(6), unattested(6)],
    ]);
    const cache = await VerifyCache.load(dir, scope(NOT_SET_UP));
    expect(cache.size).toBe(6);
    expect(cache.lookup(record(5), true)?.results).toEqual([...unattested(5).results, ...otherWarning(5).results]);
    expect(cache.lookup(record(6), true)).toEqual(unattested(6));
    expect(cache.lookup(record(1), true)).toEqual(unattested(1));
    // Passing results are not kept: the verdict's status says it passed.
    expect(cache.lookup(record(2), true)).toEqual({ ...exempt(2), results: [] });
    expect(cache.lookup(odd, true)).toEqual(unattested(3));
    expect(cache.lookup(record(4), true)).toEqual(otherWarning(4));
    expect(cache.lookupById(id(3), '')).toEqual({
      verdict: unattested(3),
      subject: 'subject with  spaces, "quotes" and ünïcödé 日本',
      author: { name: 'Author 3', email: 'author3@example.com' },
    });
    // A changed note is another key.
    expect(cache.lookup({ ...record(1), note: 'a note\n' }, true)).toBeUndefined();
  });

  it('keeps one copy of a warning thousands of commits share, and writes the file in pieces that parse as one', async () => {
    const many = Array.from({ length: 5_000 }, (_, n): [CommitRecord, CommitVerdict] => [record(n), unattested(n)]);
    await fill(many);
    const text = readFileSync(VerifyCache.path(dir), 'utf8');
    const file = JSON.parse(text) as { warnings: string[]; entries: string[] };
    expect(file.warnings).toHaveLength(1);
    expect(file.entries).toHaveLength(5_000);
    // The commit id, the status and the subject and author are most of an entry now.
    expect(statSync(VerifyCache.path(dir)).size / 5_000).toBeLessThan(140);
    const cache = await VerifyCache.load(dir, scope(NOT_SET_UP));
    for (const n of [0, 1_999, 2_000, 4_999]) expect(cache.lookup(record(n), false)).toEqual(unattested(n));
  });

  it('answers "unattested" only while ai-attest is not set up at the same trusted revision', async () => {
    await fill([
      [record(1), unattested(1)],
      [record(2), exempt(2)],
      [record(4), otherWarning(4)],
    ]);
    // Set up at the trusted revision: such a commit is now `missing`, not unknown.
    const adopted = await VerifyCache.load(dir, scope(null));
    expect(adopted.lookup(record(1), true)).toBeUndefined();
    expect(adopted.lookupById(id(1), '')).toBeUndefined();
    expect(adopted.lookup(record(2), true)?.status).toBe('exempt');
    expect(adopted.lookup(record(4), true)).toEqual(otherWarning(4));
    // Another trusted revision: its message names that one.
    const elsewhere = await VerifyCache.load(dir, scope('the merge-base with origin/main (0123456789ab)'));
    expect(elsewhere.lookup(record(1), true)).toBeUndefined();
    // A save in another scope keeps what holds in the first one.
    elsewhere.remember(record(5), unattested(5, 'the merge-base with origin/main (0123456789ab)'));
    await elsewhere.save();
    const back = await VerifyCache.load(dir, scope(NOT_SET_UP));
    expect(back.lookup(record(1), true)).toEqual(unattested(1));
    expect(back.lookup(record(5), true)).toBeUndefined();
  });

  it('forgets everything under another digest (keyring, config, rules, anchor)', async () => {
    await fill([[record(2), exempt(2)]]);
    expect((await VerifyCache.load(dir, scope(NOT_SET_UP, 'e'.repeat(64)))).size).toBe(0);
  });

  it('a run writes what it remembered after what it read, each commit once, the newest 250,000 at most', async () => {
    await fill(Array.from({ length: 10 }, (_, n): [CommitRecord, CommitVerdict] => [record(n), exempt(n)]));
    // Commits 5-9 again (now with a warning), and new ones: a run's entries are written as the file's text at once.
    await fill(Array.from({ length: 10 }, (_, i): [CommitRecord, CommitVerdict] => [record(i + 5), otherWarning(i + 5)]));
    const file = JSON.parse(readFileSync(VerifyCache.path(dir), 'utf8')) as { entries: string[] };
    expect(file.entries.map((e) => Number.parseInt(e.slice(0, 40), 16))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const cache = await VerifyCache.load(dir, scope(NOT_SET_UP));
    expect(cache.lookup(record(3), true)).toEqual({ ...exempt(3), results: [] });
    expect(cache.lookup(record(7), true)).toEqual(otherWarning(7));
    // A range longer than the cache keeps: its oldest entries give way, the file's first.
    const many = 250_000 + 2_500;
    const big = await VerifyCache.load(dir, scope(NOT_SET_UP));
    for (let n = 100; n < 100 + many; n++) big.remember(record(n), exempt(n));
    expect(big.size).toBe(15 + many);
    await big.save();
    const kept = JSON.parse(readFileSync(VerifyCache.path(dir), 'utf8')) as { entries: string[] };
    expect(kept.entries).toHaveLength(250_000);
    expect(Number.parseInt(kept.entries[0]!.slice(0, 40), 16)).toBe(100 + many - 250_000);
    expect(Number.parseInt(kept.entries.at(-1)!.slice(0, 40), 16)).toBe(100 + many - 1);
  });

  it('never remembers a failure', async () => {
    await fill([[record(1), { ...unattested(1), status: 'fail' }]]);
    expect((await VerifyCache.load(dir, scope(NOT_SET_UP))).size).toBe(0);
  });
});
