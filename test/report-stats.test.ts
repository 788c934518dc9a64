import { describe, expect, it } from 'vitest';
import { testAll } from '../src/read/report/authors.js';
import { erfc, holm, twoProportionZ, twoSidedP } from '../src/read/report/stats.js';

describe('normal tail', () => {
  it('matches tabulated two-sided p-values', () => {
    // Standard normal table: P(|Z| > z).
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 5);
    expect(twoSidedP(2.575829)).toBeCloseTo(0.01, 5);
    expect(twoSidedP(3.290527)).toBeCloseTo(0.001, 6);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
    expect(erfc(-1)).toBeCloseTo(2 - 0.157299207, 6);
  });
});

describe('two-proportion z-test', () => {
  it('computes the pooled statistic', () => {
    // 30/40 against 120/200: pooled 150/240 = 0.625.
    const pooled = 150 / 240;
    const z = (30 / 40 - 120 / 200) / Math.sqrt(pooled * (1 - pooled) * (1 / 40 + 1 / 200));
    const out = twoProportionZ(30, 40, 120, 200);
    if (!out.tested) throw new Error(out.reason);
    expect(out.test.z).toBeCloseTo(z, 10);
    expect(z).toBeCloseTo(1.7889, 3);
    expect(out.test.p).toBeCloseTo(0.0736, 3);
  });

  it('refuses small samples and degenerate expected counts', () => {
    expect(twoProportionZ(5, 9, 50, 100)).toEqual({ tested: false, reason: 'fewer than 10 observations' });
    expect(twoProportionZ(20, 20, 199, 200)).toMatchObject({ tested: false, reason: 'expected count below 5' });
  });
});

describe('Holm', () => {
  it('steps down and stops at the first p above its threshold', () => {
    // m = 4: thresholds .0125, .01667, .025, .05 in p order.
    const out = holm([0.03, 0.001, 0.012, 0.04]);
    expect(out.map((o) => o.significant)).toEqual([false, true, true, false]);
    expect(out[1]!.threshold).toBeCloseTo(0.0125);
    expect(out[2]!.threshold).toBeCloseTo(0.05 / 3);
    expect(out[0]!.threshold).toBeCloseTo(0.025);
  });
});

describe('outliers in a constructed population', () => {
  // Nine authors attest 32 of 40 commits; one attests 12 of 40; one has only 6 commits (too few);
  // one attests 25 of 40, lower, but not significantly so after correcting for 11 tests.
  const group = [...Array.from({ length: 9 }, () => ({ x: 32, n: 40 })), { x: 12, n: 40 }, { x: 1, n: 6 }, { x: 25, n: 40 }];
  const results = testAll(group);

  it('flags the author far below the rest, with the numbers behind it', () => {
    const low = results[9]!;
    if (!low.tested) throw new Error('not tested');
    const restX = 9 * 32 + 1 + 25;
    const restN = 9 * 40 + 6 + 40;
    const pooled = (12 + restX) / (40 + restN);
    const z = (12 / 40 - restX / restN) / Math.sqrt(pooled * (1 - pooled) * (1 / 40 + 1 / restN));
    expect(low).toMatchObject({ x: 12, n: 40, restX, restN, significant: true });
    expect(low.z).toBeCloseTo(z, 10);
    expect(low.threshold).toBeCloseTo(0.05 / 11, 10); // smallest p of the 11 tested
  });

  it('does not test the author with too few commits', () => {
    expect(results[10]).toEqual({ tested: false, reason: 'fewer than 10 observations' });
  });

  it('does not flag a difference that a 5% family-wise rate cannot tell from chance', () => {
    const mid = results[11]!;
    if (!mid.tested) throw new Error('not tested');
    expect(mid.significant).toBe(false);
    expect(results.slice(0, 9).every((r) => r.tested && !r.significant)).toBe(true);
  });
});
