import { reportRows } from './large-report.js';
import { traceRows } from './large-trace.js';
import { verifyRows } from './large-verify.js';
import type { BenchRow } from './lib/measure.js';
import { realHistory } from './lib/real-history.js';
import { prePushRows } from './prepush.js';

/**
 * `npm run bench -- --large` (or `BENCH_LARGE=1`, or `npm run bench -- large`): the read
 * commands on a generated history shaped like a large public project (bench/lib/real-history.ts),
 * 80,000 commits by default. `BENCH_LARGE_COMMITS=80000,100000` measures several sizes. The
 * repositories are cached under test-artifacts/bench-history/, so only the first run builds.
 * `BENCH_LARGE_ONLY=verify` (or `report,trace`, `prepush`) measures only those commands;
 * `verify-adopted` only verify's rows with the adoption point set.
 */
export async function bench(): Promise<BenchRow[]> {
  const sizes = (process.env.BENCH_LARGE_COMMITS ?? '80000').split(',').map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 1);
  const rows: BenchRow[] = [];
  for (const commits of sizes) {
    const history = await realHistory({ commits, log: (m) => process.stderr.write(`bench: ${m}\n`) });
    process.stderr.write(
      `bench: ${commits.toLocaleString('en')}-commit history` +
        ` ${history.cached ? 'from the cache' : `built in ${(history.buildMs / 1000).toFixed(1)} s`}\n`,
    );
    try {
      if (wanted('report')) rows.push(...(await reportRows(history, runs)));
      if (wanted('trace')) rows.push(...(await traceRows(history, runs)));
      if (wanted('verify') || wanted('verify-adopted')) rows.push(...(await verifyRows(history, runs, wanted('verify'))));
      if (wanted('prepush')) rows.push(...(await prePushRows(history, Math.max(runs, 3))));
    } finally {
      history.cleanup();
    }
  }
  return rows;
}

function wanted(command: string): boolean {
  const only = process.env.BENCH_LARGE_ONLY;
  return !only || only.split(',').includes(command);
}
