import { formatRows, type BenchRow } from './lib/measure.js';

/**
 * `npm run bench [-- NAME...] [-- --large]`: runs the benchmarks (commit, detect, verify, report, trace) and prints
 * one table of medians and ratios against plain git measured in the same run.
 */
const benches: Record<string, () => Promise<{ bench(): Promise<BenchRow[]> }>> = {
  capture: () => import('./capture.js'),
  commit: () => import('./commit.js'),
  detail: () => import('./detail.js'),
  detect: () => import('./detect.js'),
  large: () => import('./large.js'),
  prepush: () => import('./prepush.js'),
  report: () => import('./report.js'),
  store: () => import('./store.js'),
  trace: () => import('./trace.js'),
  startup: () => import('./startup.js'),
  verify: () => import('./verify.js'),
};

/** Benchmarks on the generated 80,000-commit history: only by name, `--large` or BENCH_LARGE=1 (minutes). */
const LARGE = ['large'];
const withLarge = process.argv.includes('--large') || process.env.BENCH_LARGE === '1';
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(benches).filter((name) => withLarge || !LARGE.includes(name));
const rows: BenchRow[] = [];
for (const name of names) {
  const load = benches[name];
  if (!load) {
    process.stderr.write(`unknown benchmark "${name}"; available: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench: ${name}...\n`);
  rows.push(...(await (await load()).bench()));
}
process.stdout.write(`\n${formatRows(rows)}\n\nnode ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);
