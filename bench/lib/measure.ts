/**
 * Benchmarks compare against a reference measured in the same run on the same machine (plain
 * git), and report medians and ratios: absolute times vary across machines, ratios much less.
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function timeIt(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Alternates reference and subject runs so that machine noise hits both alike. */
export async function sideBySide(
  runs: number,
  reference: (i: number) => Promise<unknown> | unknown,
  subject: (i: number) => Promise<unknown> | unknown,
): Promise<{ reference: number; subject: number; ratio: number }> {
  const ref: number[] = [];
  const sub: number[] = [];
  for (let i = 0; i < runs; i++) {
    ref.push(await timeIt(() => reference(i)));
    sub.push(await timeIt(() => subject(i)));
  }
  const r = median(ref);
  const s = median(sub);
  return { reference: r, subject: s, ratio: s / r };
}

export interface BenchRow {
  name: string;
  reference: string;
  referenceMs: number;
  subjectMs: number;
  /** Budget in ms for the subject (or for the added time, per `budgetOf`). */
  budgetMs?: number;
  budgetOf?: 'subject' | 'added';
  note?: string;
}

/**
 * A row of one side-by-side measurement; with `budgetRatio`, the budget is that many times the
 * reference of the same run.
 */
export function rowOf(
  name: string,
  reference: string,
  pair: { reference: number; subject: number },
  budgetRatio?: number,
  note?: string,
): BenchRow {
  return {
    name,
    reference,
    referenceMs: pair.reference,
    subjectMs: pair.subject,
    ...(budgetRatio === undefined ? {} : { budgetMs: Math.round(budgetRatio * pair.reference) }),
    ...(note === undefined ? {} : { note }),
  };
}

export function formatRows(rows: readonly BenchRow[]): string {
  const lines = [
    '| work | reference | reference ms | ai-attest ms | ratio | added ms | budget | within |',
    '|---|---|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const added = row.subjectMs - row.referenceMs;
    const measured = row.budgetOf === 'added' ? added : row.subjectMs;
    const budget = row.budgetMs === undefined ? '' : `${row.budgetOf === 'added' ? 'added ' : ''}<= ${row.budgetMs} ms`;
    const within = row.budgetMs === undefined ? '' : measured <= row.budgetMs ? 'yes' : 'NO';
    lines.push(
      `| ${row.name}${row.note ? ` (${row.note})` : ''} | ${row.reference} | ${row.referenceMs.toFixed(1)} |` +
        ` ${row.subjectMs.toFixed(1)} | ${(row.subjectMs / row.referenceMs).toFixed(2)}x |` +
        ` ${added.toFixed(1)} | ${budget} | ${within} |`,
    );
  }
  return lines.join('\n');
}
