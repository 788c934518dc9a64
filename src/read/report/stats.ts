/**
 * The statistics behind the outlier flags (docs/report.md "Outliers"): a two-proportion z-test
 * of one author against everyone else, two-sided, with Holm's step-down correction over all the
 * authors tested for the same metric, at a family-wise error rate of 5%.
 */
export const FAMILY_ALPHA = 0.05;
/** Below this many observations in either group the normal approximation is not trusted. */
export const MIN_SAMPLE = 10;
/** ...nor when the pooled expected successes or failures in either group fall below this. */
export const MIN_EXPECTED = 5;

/** Complementary error function (Numerical Recipes' erfcc, fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

export interface ProportionTest {
  /** Successes and trials of the group under test, and of the rest. */
  x1: number;
  n1: number;
  x2: number;
  n2: number;
  p1: number;
  p2: number;
  z: number;
  p: number;
}

export type TestOutcome = { tested: true; test: ProportionTest } | { tested: false; reason: string };

/** Pooled two-proportion z-test; refuses samples too small for the normal approximation. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): TestOutcome {
  if (n1 < MIN_SAMPLE || n2 < MIN_SAMPLE) return { tested: false, reason: `fewer than ${MIN_SAMPLE} observations` };
  const pooled = (x1 + x2) / (n1 + n2);
  const expected = Math.min(n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled));
  if (expected < MIN_EXPECTED) return { tested: false, reason: `expected count below ${MIN_EXPECTED}` };
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (p1 - p2) / se;
  return { tested: true, test: { x1, n1, x2, n2, p1, p2, z, p: twoSidedP(z) } };
}

/**
 * Holm's step-down procedure: sorted by p, the i-th smallest (from 0) of m is compared with
 * alpha / (m - i); testing stops at the first that is above its threshold. Returns each
 * input's threshold and whether it was rejected, in input order.
 */
export function holm(pValues: readonly number[], alpha = FAMILY_ALPHA): Array<{ threshold: number; significant: boolean }> {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out = new Array<{ threshold: number; significant: boolean }>(m);
  let stillRejecting = true;
  order.forEach(({ p, i }, rank) => {
    const threshold = alpha / (m - rank);
    stillRejecting = stillRejecting && p <= threshold;
    out[i] = { threshold, significant: stillRejecting };
  });
  return out;
}
