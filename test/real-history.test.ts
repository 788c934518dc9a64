// @module-tag git
import { execFileSync, spawnSync } from 'node:child_process';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realHistory, type RealHistory } from '../bench/lib/real-history.js';
import { BIN, makeSandbox } from './helpers/repo.js';

/**
 * The generated "real" history the large benchmarks run on (bench/lib/real-history.ts), small:
 * it must hold what its facts say, as git itself counts it, and a report over it (a history
 * nobody attested) must say so: unknown, never failure, disclosed AI beside, lists summarised.
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());
const COMMITS = 1500;

let history: RealHistory;
const git = (args: string[]) => execFileSync('git', args, { cwd: history.gitDir, env: history.env, encoding: 'utf8', maxBuffer: 1 << 28 });
const cli = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: history.gitDir, env: history.env, encoding: 'utf8' });

beforeAll(async () => {
  history = await realHistory({ commits: COMMITS, seed: 7, cacheRoot: join(sandbox.root, 'cache') });
}, 120_000);
afterAll(() => history?.cleanup());

describe('the generated real-shaped history', () => {
  it('holds what its facts say, counted by git', () => {
    const f = history.facts;
    expect(f.commits).toBe(COMMITS);
    expect(Number(git(['rev-list', '--count', 'HEAD']).trim())).toBe(COMMITS);
    expect(Number(git(['rev-list', '--count', '--merges', 'HEAD']).trim())).toBe(f.merges);
    expect(Number(git(['rev-list', '--count', '--min-parents=3', 'HEAD']).trim())).toBe(f.octopusMerges);
    // Shaped like the large public history: about a quarter merges, some octopus, a quarter disclosing.
    expect(f.merges / f.commits).toBeGreaterThan(0.18);
    expect(f.octopusMerges).toBeGreaterThan(0);
    expect(f.maxParents).toBeGreaterThanOrEqual(3);
    expect(f.disclosed / f.commits).toBeGreaterThan(0.2);
    expect(f.disclosed / f.commits).toBeLessThan(0.3);

    const renamed = git(['log', '-M', '--diff-merges=off', '--diff-filter=R', '--format=%H', 'HEAD']).split('\n').filter(Boolean);
    expect(f.renames).toBeGreaterThan(0);
    expect(renamed.length).toBe(f.renames);
    const numstat = git(['log', '--numstat', '-M', '--diff-merges=off', '--format=@%H', 'HEAD']);
    const binaryCommits = numstat.split('@').filter((c) => /^-\t-\t/m.test(c)).length;
    expect(binaryCommits).toBe(f.binaryCommits);
    expect(numstat).toMatch(/^21000\t0\tsrc\/generated\/tables\.c$/m);

    expect(git(['log', '--format=%e', 'HEAD']).split('\n').filter(Boolean).length).toBe(f.encodedCommits);
    // Latin-1 names without an encoding header: the raw bytes are not UTF-8.
    const names = execFileSync('git', ['log', '--format=%an', 'HEAD'], { cwd: history.gitDir, env: history.env, maxBuffer: 1 << 28 });
    const rawLatin1 = splitLines(names).filter((n) => !isUtf8(n));
    expect(f.latin1Authors).toBeGreaterThan(0);
    expect(rawLatin1.length).toBe(f.latin1Authors);
    expect(git(['log', '--format=%s', 'HEAD'])).toContain('\x1b[31m');
    expect(git(['fsck', '--no-progress', '--no-dangling'])).toBe('');
  });

  it('is the same history for the same seed, and comes from the cache the second time', async () => {
    const again = await realHistory({ commits: COMMITS, seed: 7, cacheRoot: join(sandbox.root, 'cache') });
    const rebuilt = await realHistory({ commits: COMMITS, seed: 7, cacheRoot: join(sandbox.root, 'other') });
    try {
      expect(again.cached).toBe(true);
      expect(again.head).toBe(history.head);
      expect(again.facts).toEqual(history.facts);
      expect(rebuilt.cached).toBe(false);
      expect(rebuilt.head).toBe(history.head);
    } finally {
      again.cleanup();
      rebuilt.cleanup();
    }
  });
});

describe('a report over a history nobody attested (a bare repository)', () => {
  it('says unknown, counts no failure, and counts the disclosed AI beside, as the history holds it', () => {
    const r = cli(['report', 'HEAD', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout).totals;
    const f = history.facts;
    expect(s.commits.total).toBe(f.commits);
    expect(s.commits.merges).toBe(f.merges);
    expect(s.commits.byState.unattested + s.commits.byState.exempt).toBe(f.commits);
    expect(s.commits.byState.used + s.commits.byState.none + s.commits.byState.rejected).toBe(0);
    expect(s.verification.byStatus.fail).toBe(0);
    expect(s.verification.failures).toEqual([]);
    expect(s.verification.unattested.commits).toBe(s.commits.byState.unattested);
    expect(s.verification.unattested.first).toHaveLength(5);
    expect(s.verification.unattested.newest).toBe(history.head);
    expect(s.commits.disclosed.commits).toBe(f.disclosed);
    expect(s.commits.disclosed.notAttested).toBe(f.disclosed);
    expect(Object.fromEntries(s.commits.disclosed.byTool.map((t: { tool: string; commits: number }) => [t.tool, t.commits]))).toEqual(
      f.disclosedByTool,
    );
    // Line totals are git's: --numstat with the report's own options, summed.
    const sums = { added: 0, deleted: 0, binary: 0 };
    for (const line of git(['log', '--numstat', '-M', '--diff-merges=off', '--format=', 'HEAD']).split('\n')) {
      const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
      if (!m) continue;
      if (m[1] === '-') sums.binary++;
      else {
        sums.added += Number(m[1]);
        sums.deleted += Number(m[2]);
      }
    }
    expect(s.lines).toMatchObject({ added: sums.added, deleted: sums.deleted, binaryFiles: sums.binary });
  });

  it('prints a bounded, escaped summary in every format: no failure count, no raw escapes, no mojibake', () => {
    const table = cli(['report', 'HEAD']);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Commits with AI involvement +unknown/);
    expect(table.stdout).toMatch(/Verification failures +0 \(the [\d,]+ commits without an attestation are unknown, not failures\)/);
    expect(table.stdout).toMatch(/AI disclosed by the history itself \(not attested\) +[\d,]+ commits/);
    expect(table.stdout).toContain(`"before": "${history.head}"`);
    for (const format of ['table', 'markdown', 'csv', 'html']) {
      const r = format === 'table' ? table : cli(['report', 'HEAD', '--format', format, '--by', 'author']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout, format).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]/);
      expect(r.stdout, format).not.toContain('\uFFFD');
      // Summarised: the size follows the number of authors (one row each) and months, not of commits.
      expect(r.stdout.length, format).toBeLessThan(50_000 + 400 * history.facts.authors);
    }
    const csv = cli(['report', 'HEAD', '--format', 'csv', '--by', 'author']).stdout;
    expect(csv).toContain('François Müller');
    expect(csv).toContain('山田太郎');
  });
});

function splitLines(buffer: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = buffer.indexOf(10); nl !== -1; nl = buffer.indexOf(10, start)) {
    out.push(buffer.subarray(start, nl));
    start = nl + 1;
  }
  return out;
}
