import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attestedHistory, type History } from './lib/history.js';
import { sideBySide, type BenchRow } from './lib/measure.js';
import { BIN, drainGit, dropReadCaches } from './lib/sandbox.js';

/**
 * `ai-attest report` over a 10,000-commit attested history, with line counts, against
 * `git log --numstat` over the same range in the same run: cold (verify's caches dropped) and
 * warm. Peak RSS of the report's node process (git's own memory is git's), cold and warm, on
 * that history and, with BENCH_REPORT_LARGE=100000, on a larger one (building 100,000 signed
 * commits takes minutes, so it is not part of the default run).
 */
/** DESIGN.md's budget: a report with line counts costs at most 3x `git log --numstat` of the range. */
const REPORT_BUDGET_RATIO = 3;

export async function bench(): Promise<BenchRow[]> {
  const commits = Number(process.env.BENCH_HISTORY ?? 10_000);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const large = Number(process.env.BENCH_REPORT_LARGE ?? 0);
  const history = await attestedHistory(commits);
  const rows: BenchRow[] = [];
  try {
    const numstat = () => drainGit(['log', '--numstat', ...history.range], history.dir, history.env);
    const report = () => runReport(history);
    const cold = await sideBySide(runs, numstat, () => {
      dropCaches(history);
      return report();
    });
    report();
    const warm = await sideBySide(runs, numstat, report);
    const label = `${commits.toLocaleString('en')} commits, with line counts`;
    rows.push(
      {
        name: `report, cold (verify caches dropped), ${label}`,
        reference: 'git log --numstat, same range',
        referenceMs: cold.reference,
        subjectMs: cold.subject,
        budgetMs: Math.round(REPORT_BUDGET_RATIO * cold.reference),
      },
      {
        name: `report, warm, ${label}; ${rssNote(history)}`,
        reference: 'git log --numstat, same range',
        referenceMs: warm.reference,
        subjectMs: warm.subject,
        budgetMs: Math.round(REPORT_BUDGET_RATIO * warm.reference),
      },
    );
  } finally {
    history.cleanup();
  }
  if (large > 0) rows.push(await largeRow(large));
  return rows;
}

async function largeRow(commits: number): Promise<BenchRow> {
  const history = await attestedHistory(commits);
  try {
    const start = performance.now();
    await drainGit(['log', '--numstat', ...history.range], history.dir, history.env);
    const reference = performance.now() - start;
    dropCaches(history);
    const t = performance.now();
    const cold = peakRss(history);
    const subject = performance.now() - t;
    const warm = peakRss(history);
    return {
      name:
        `report, cold, ${commits.toLocaleString('en')} commits (one run); peak RSS of node: cold ${cold.toFixed(0)} MB, warm` +
        ` ${warm.toFixed(0)} MB (budget 300 MB)`,
      reference: 'git log --numstat, same range',
      referenceMs: reference,
      subjectMs: subject,
    };
  } finally {
    history.cleanup();
  }
}

function runReport(history: History, extraEnv: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [BIN, 'report', ...history.range, '--format', 'json', '--output', '/dev/null'], {
    cwd: history.dir,
    env: { ...history.env, ...extraEnv },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ai-attest report exited ${r.status}: ${r.stderr}`);
  return r.stderr;
}

function dropCaches(history: History): void {
  dropReadCaches(join(history.dir, '.git'));
}

/** Peak resident memory of one report run's node process, in MB, reported by a preloaded exit hook. */
function peakRss(history: History): number {
  const hook = join(history.dir, '..', 'report-rss.cjs');
  writeFileSync(hook, "process.on('exit', () => require('fs').writeSync(2, `\\nmaxRSS ${process.resourceUsage().maxRSS}\\n`));\n");
  const stderr = runReport(history, { NODE_OPTIONS: `--require ${hook}` });
  const kib = Number(/maxRSS (\d+)/.exec(stderr)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no maxRSS in the report's stderr: ${stderr}`);
  return kib / 1024;
}

function rssNote(history: History): string {
  dropCaches(history);
  const cold = peakRss(history);
  const warm = peakRss(history);
  return `peak RSS of node: cold ${cold.toFixed(0)} MB, warm ${warm.toFixed(0)} MB`;
}
