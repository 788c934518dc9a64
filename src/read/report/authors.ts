import { ownString } from '../../core/own-string.js';
import { FAMILY_ALPHA, holm, MIN_EXPECTED, MIN_SAMPLE, twoProportionZ } from './stats.js';
import {
  ratio,
  type AuthorRow,
  type AuthorSummary,
  type CaptureAuthorRow,
  type CommitState,
  type TestDescription,
  type TestResult,
} from './types.js';

interface AuthorAcc {
  name: string;
  commits: number;
  inScope: number;
  attested: number;
  declared: number;
  ai: number;
  captured: number;
  unchanged: number;
}

export const OUTLIER_TEST: TestDescription = {
  name: 'two-proportion z-test (pooled), one author against all other authors',
  alternative: 'two-sided',
  alpha: FAMILY_ALPHA,
  correction: 'holm',
  minSample: MIN_SAMPLE,
  minExpected: MIN_EXPECTED,
};

/** Per-author counts, keyed by lower-cased email (the name shown is the newest seen). */
export class AuthorCounter {
  private readonly authors = new Map<string, AuthorAcc>();

  private get(email: string, name: string): AuthorAcc {
    const key = email.toLowerCase();
    let a = this.authors.get(key);
    if (!a)
      this.authors.set(
        ownString(key),
        (a = { name: ownString(name), commits: 0, inScope: 0, attested: 0, declared: 0, ai: 0, captured: 0, unchanged: 0 }),
      );
    return a;
  }

  add(email: string, name: string, state: CommitState, capture: { unchanged: boolean } | null): void {
    const a = this.get(email, name);
    a.commits++;
    if (state !== 'exempt') a.inScope++;
    if (state === 'used' || state === 'none' || state === 'undeclared') a.attested++;
    if (state === 'used' || state === 'none') a.declared++;
    if (state === 'used') a.ai++;
    if (capture) {
      a.captured++;
      if (capture.unchanged) a.unchanged++;
    }
  }

  merge(other: AuthorCounter): void {
    for (const [key, o] of other.authors) {
      const a = this.get(key, o.name);
      a.commits += o.commits;
      a.inScope += o.inScope;
      a.attested += o.attested;
      a.declared += o.declared;
      a.ai += o.ai;
      a.captured += o.captured;
      a.unchanged += o.unchanged;
    }
  }

  summary(): AuthorSummary {
    const list = [...this.authors].map(([email, a]) => ({ email, ...a }));
    const attestation = testAll(list.map((a) => ({ x: a.attested, n: a.inScope })));
    const ai = testAll(list.map((a) => ({ x: a.ai, n: a.declared })));
    const rows: AuthorRow[] = list.map((a, i) => {
      const attestationTest = attestation[i]!;
      const aiTest = ai[i]!;
      return {
        email: a.email,
        name: a.name,
        commits: a.commits,
        inScope: a.inScope,
        attested: a.attested,
        attestationRate: ratio(a.attested, a.inScope),
        declared: a.declared,
        aiCommits: a.ai,
        aiRate: ratio(a.ai, a.declared),
        attestationTest,
        aiTest,
        flags: [flag('attestation rate', attestationTest), flag('AI rate', aiTest)].filter((f): f is string => f !== null),
      };
    });
    rows.sort((x, y) => y.commits - x.commits || x.email.localeCompare(y.email));
    return { test: OUTLIER_TEST, rows };
  }

  /** Authors who accept generated code unchanged more often than their peers (rubber-stamping). */
  captureRows(): CaptureAuthorRow[] {
    const list = [...this.authors].map(([email, a]) => ({ email, ...a })).filter((a) => a.captured > 0);
    const tests = testAll(list.map((a) => ({ x: a.unchanged, n: a.captured })));
    return list
      .map((a, i) => {
        const test = tests[i]!;
        return {
          email: a.email,
          name: a.name,
          captured: a.captured,
          unchanged: a.unchanged,
          unchangedRate: ratio(a.unchanged, a.captured),
          test,
          flagged: test.tested && test.significant && test.rate > test.restRate,
        };
      })
      .sort((x, y) => (y.unchangedRate ?? 0) - (x.unchangedRate ?? 0) || y.captured - x.captured || x.email.localeCompare(y.email));
  }
}

function flag(metric: string, t: TestResult): string | null {
  if (!t.tested || !t.significant) return null;
  return `${metric} ${t.rate > t.restRate ? 'high' : 'low'}`;
}

/**
 * Tests each group against the sum of all the others, then corrects the p-values of the groups
 * that could be tested (Holm), so that the chance of any false flag in the table stays at 5%.
 */
export function testAll(groups: ReadonlyArray<{ x: number; n: number }>): TestResult[] {
  const X = groups.reduce((s, g) => s + g.x, 0);
  const N = groups.reduce((s, g) => s + g.n, 0);
  const outcomes = groups.map((g) => twoProportionZ(g.x, g.n, X - g.x, N - g.n));
  const tested = outcomes.flatMap((o, i) => (o.tested ? [{ i, p: o.test.p }] : []));
  const corrected = holm(tested.map((t) => t.p));
  const byIndex = new Map(tested.map((t, k) => [t.i, corrected[k]!]));
  return outcomes.map((o, i): TestResult => {
    if (!o.tested) return { tested: false, reason: o.reason };
    const h = byIndex.get(i)!;
    const t = o.test;
    return {
      tested: true,
      x: t.x1,
      n: t.n1,
      rate: t.p1,
      restX: t.x2,
      restN: t.n2,
      restRate: t.p2,
      z: t.z,
      p: t.p,
      threshold: h.threshold,
      significant: h.significant,
    };
  });
}
