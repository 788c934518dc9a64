import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RealHistory } from './lib/real-history.js';
import { median, type BenchRow } from './lib/measure.js';
import { runMeasured } from './lib/peak-rss.js';
import { drainGit } from './lib/sandbox.js';

const FORMATS = ['table', 'json', 'csv', 'html'] as const;

/**
 * `ai-attest report` over the large real-shaped history (never attested: every commit is
 * unknown), against `git log --numstat` over the same range in the same run, cold (verify's
 * caches dropped) and warm, alternating; then the peak RSS of the report's node process in each
 * output format, stdout drained through a pipe.
 */
export async function reportRows(history: RealHistory, runs: number): Promise<BenchRow[]> {
  const { gitDir, env, range } = history;
  const label = `${history.facts.commits.toLocaleString('en')} commits (${history.facts.merges.toLocaleString('en')} merges), never attested`;
  const numstat = () => timed(() => drainGit(['log', '--numstat', ...range], gitDir, env));
  const report = (format: string) => runMeasured(['report', ...range, '--format', format], gitDir, env);
  const dropCaches = () => rmSync(join(gitDir, 'ai-attest'), { recursive: true, force: true });

  const cold = { ref: [] as number[], sub: [] as number[], rss: [] as number[] };
  for (let i = 0; i < runs; i++) {
    cold.ref.push(await numstat());
    dropCaches();
    const r = await report('json');
    cold.sub.push(r.ms);
    cold.rss.push(r.peakMb);
  }
  const warm = { ref: [] as number[], sub: [] as number[], rss: [] as number[] };
  for (let i = 0; i < runs; i++) {
    warm.ref.push(await numstat());
    const r = await report('json');
    warm.sub.push(r.ms);
    warm.rss.push(r.peakMb);
  }
  const rows: BenchRow[] = [
    {
      name: `report --format json, cold, ${label}; peak RSS ${mb(cold.rss)}`,
      reference: 'git log --numstat, same range',
      referenceMs: median(cold.ref),
      subjectMs: median(cold.sub),
    },
    {
      name: `report --format json, warm, ${label}; peak RSS ${mb(warm.rss)}`,
      reference: 'git log --numstat, same range',
      referenceMs: median(warm.ref),
      subjectMs: median(warm.sub),
    },
  ];
  for (const format of FORMATS) {
    const reference = await numstat();
    const r = await report(format);
    rows.push({
      name: `report --format ${format}, warm, one run; peak RSS ${r.peakMb.toFixed(0)} MB, ${kb(r.stdoutBytes)} out`,
      reference: 'git log --numstat, same range',
      referenceMs: reference,
      subjectMs: r.ms,
    });
  }
  return rows;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const mb = (values: number[]) => `${median(values).toFixed(0)} MB (max ${Math.max(...values).toFixed(0)})`;
const kb = (bytes: number) => (bytes < 10_000 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KB`);
