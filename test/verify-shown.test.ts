import { describe, expect, it } from 'vitest';
import type { CheckResult, UsedStatement, VerdictStatus } from '../src/read/evaluate/types.js';
import { verifyGithub, verifyText } from '../src/read/verify/report.js';
import { LISTED_PER_RESULT, ShownResults } from '../src/read/verify/shown-results.js';
import type { VerifiedCommit, VerifyOutcome, VerifySummary } from '../src/read/verify/verify.js';
import { mulberry32 } from './helpers/rng.js';

// Text and annotations over a long range keep only what they show, gathered commit by commit
// (src/read/verify/shown-results.ts), with the commits whose verdict may still change held to
// the end. Compared here with the whole list grouped at once, as verify did before.

const hex = (n: number) => n.toString(16).padStart(40, '0');
const SYNC = 'ai-attest sync origin   (origin has attestation notes this clone never fetched), then verify again';

function randomCommits(seed: number, length: number): VerifiedCommit[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const out: VerifiedCommit[] = [];
  for (let n = 0; n < length; n++) {
    const commit = hex(seed * 100_000 + n + 1);
    const short = commit.slice(0, 12);
    const pool: CheckResult[] = [
      {
        check: 'presence',
        level: 'fail',
        result: 'missing',
        message: 'no attestation: no Ai-Attest trailers and no note',
        fix: `ai-attest attest ${short}`,
      },
      {
        check: 'presence',
        level: 'warn',
        result: 'unattested',
        message: 'unknown: not attested',
        fix: 'nothing to fix: run `ai-attest init`',
      },
      {
        check: 'signature',
        level: 'fail',
        result: 'bad-signature',
        message: 'the signature does not verify',
        source: pick(['trailers', 'note:1', 'note:2']),
      },
      { check: 'tools', level: 'warn', result: 'tool-unapproved', message: pick(['tool a is not approved', 'tool b is not approved']) },
      { check: 'trust', level: 'warn', result: 'trust-changed', message: 'changes what verify trusts' },
    ];
    // Most commits pass with nothing to show; of the rest, a few runs of one result (long groups).
    const shape = random();
    const results: CheckResult[] =
      shape < 0.4 ? [] : shape < 0.7 ? [pool[seed % 2]!] : Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ ...pick(pool) }));
    const status: VerdictStatus = results.some((r) => r.level === 'fail')
      ? 'fail'
      : results.length
        ? 'warn'
        : pick(['ok', 'exempt', 'carried'] as const);
    const statement = random() < 0.2 ? ({ origin: 'trailers' } as UsedStatement) : null;
    out.push({
      commit,
      subject: `change ${n}`,
      author: { name: 'Dev', email: 'dev@example.com' },
      status,
      cached: random() < 0.3,
      statement,
      results,
    });
  }
  return out;
}

/** What verify did after the range (the detail check on commits with a statement, the sync fix), to one list of commits. */
function afterTheRange(commits: readonly VerifiedCommit[], seed: number): void {
  const random = mulberry32(seed + 7);
  for (const c of commits) {
    if (c.statement && random() < 0.3) {
      c.results.push({ check: 'detail', level: 'fail', result: 'detail-missing', message: 'no detail record', fix: 'ai-attest sync' });
      c.status = 'fail';
    }
    if (seed % 3 === 0) for (const r of c.results) if (r.result === 'missing') r.fix = SYNC;
  }
}

/** verify's grouping before it gathered as it went: the whole list, grouped at once. */
function groupedAtOnce(commits: readonly VerifiedCommit[]) {
  const byName = new Map<string, Array<{ commit: VerifiedCommit; result: CheckResult }>>();
  for (const level of ['fail', 'warn'] as const)
    for (const commit of commits)
      for (const result of commit.results) {
        if (result.level !== level) continue;
        const key = `${level} ${result.result}`;
        if (!byName.has(key)) byName.set(key, []);
        byName.get(key)!.push({ commit, result });
      }
  return [...byName.values()].map((group) => {
    const fixOf = ({ commit, result }: { commit: VerifiedCommit; result: CheckResult }) =>
      result.fix?.split(commit.commit.slice(0, 12)).join('REV');
    const first = group[0]!;
    const same = group.every(
      (e) => e.result.message === first.result.message && e.result.source === first.result.source && fixOf(e) === fixOf(first),
    );
    const fix = fixOf(first);
    const source = first.result.source;
    const where = source && source !== 'trailers' ? `${source.replace(':', ' line ')}: ` : '';
    return {
      level: first.result.level,
      name: first.result.result,
      count: group.length,
      listed: group.slice(0, LISTED_PER_RESULT),
      shared:
        group.length > 1 && same
          ? {
              message: `${where}${first.result.message}`,
              ...(fix ? { fix: fix.includes('REV') ? `${fix}   (REV: each commit below)` : fix } : {}),
            }
          : null,
    };
  });
}

function summaryAtOnce(commits: readonly VerifiedCommit[]): VerifySummary {
  const s: VerifySummary = {
    commits: commits.length,
    ok: 0,
    carried: 0,
    exempt: 0,
    warn: 0,
    fail: 0,
    cached: 0,
    unattested: 0,
    passed: true,
  };
  for (const c of commits) {
    s[c.status]++;
    if (c.cached) s.cached++;
    if (c.results.some((r) => r.result === 'unattested')) s.unattested++;
  }
  s.passed = s.fail === 0;
  return s;
}

function outcome(commits: VerifiedCommit[], shown: ShownResults | undefined, summary: VerifySummary): VerifyOutcome {
  return {
    range: { description: 'HEAD', revisions: ['HEAD'] },
    trust: null,
    strict: false,
    adoptionPoint: null,
    commits,
    ...(shown ? { shown } : {}),
    summary,
  };
}

describe('what verify shows, gathered commit by commit', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`says what the whole list says (seed ${seed})`, () => {
      const commits = randomCommits(seed, 400);
      // As verify gathers: a commit with nothing to show only counted, the rest added in order.
      const shown = new ShownResults();
      for (const c of commits) {
        if (!c.statement && c.results.length === 0) shown.count(c.status, c.cached);
        else shown.add(c);
      }
      expect(shown.held.length).toBeGreaterThan(0);
      expect(shown.held.length).toBeLessThan(commits.length * 0.6);
      afterTheRange(shown.held, seed);
      // The same changes on a copy of the whole list, as verify made them before.
      const whole = randomCommits(seed, 400);
      afterTheRange(
        whole.filter((c) => c.statement || c.results.some((r) => r.result === 'missing')),
        seed,
      );
      expect(shown.summary()).toEqual(summaryAtOnce(whole));
      const groups = shown.groups();
      const reference = groupedAtOnce(whole);
      expect(groups.map((g) => [g.level, g.name, g.count, g.shared])).toEqual(reference.map((g) => [g.level, g.name, g.count, g.shared]));
      expect(groups.map((g) => g.listed.map((e) => [e.commit.commit, e.result]))).toEqual(
        reference.map((g) => g.listed.map((e) => [e.commit.commit, e.result])),
      );
      // Long groups, shared words and groups whose words differ all occur.
      expect(groups.some((g) => g.count > LISTED_PER_RESULT && g.shared)).toBe(true);
      expect(groups.some((g) => g.count > 1 && !g.shared)).toBe(true);

      const kept = outcome(whole, undefined, summaryAtOnce(whole));
      const lean = outcome([], shown, shown.summary());
      expect(verifyText(lean)).toBe(verifyText(kept));
      expect(verifyGithub(lean)).toBe(verifyGithub(kept));
    });
  }
});
