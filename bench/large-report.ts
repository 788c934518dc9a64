import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adoptedCopy, type RealHistory } from './lib/real-history.js';
import { median, type BenchRow } from './lib/measure.js';
import { runMeasured } from './lib/peak-rss.js';
import { drainGit } from './lib/sandbox.js';
import { numstatArgs } from '../src/git/numstat.js';
import { neverAdoptedFloor } from './large-floor.js';

const FORMATS = ['table', 'json', 'csv', 'html'] as const;
const REFERENCE = 'git log --numstat, same range';

/**
 * `ai-attest report` over the large real-shaped history, against `git log --numstat` over the
 * same range in the same run (alternating, medians of `runs`), with the peak RSS of the report's
 * node process (stdout drained through a pipe):
 * - adopted at its head (`policy.exempt.before`, the fix the report itself prints for a history
 *   older than ai-attest): cold (verify's caches dropped) and warm, then warm in each format;
 * - never adopted: every two-parent merge must prove it is git's own merge (`git merge-tree`,
 *   all of a batch in one `--stdin` process where git has it), cold and warm; beside it the
 *   floor: git's own work for that report (the log of messages and notes, the numstat log and
 *   the merges, side by side as the report runs them), which no report can go below.
 */
export async function reportRows(history: RealHistory, runs: number): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'ai-attest-large-report-'));
  try {
    const adopted = adoptedCopy(history, work);
    const size = `${history.facts.commits.toLocaleString('en')} commits (${history.facts.merges.toLocaleString('en')} merges)`;
    const rows: BenchRow[] = [];
    const env = history.env;
    const at = (gitDir: string) => ({
      numstat: () => timed(() => drainGit(['log', '--numstat', ...history.range], gitDir, env)),
      report: (format: string) => runMeasured(['report', ...history.range, '--format', format], gitDir, env),
      dropCaches: () => rmSync(join(gitDir, 'ai-attest'), { recursive: true, force: true }),
    });
    const pair = async (label: string, side: ReturnType<typeof at>, cold: boolean) => {
      const ref: number[] = [];
      const sub: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < runs; i++) {
        ref.push(await side.numstat());
        if (cold) side.dropCaches();
        const r = await side.report('json');
        sub.push(r.ms);
        rss.push(r.peakMb);
      }
      rows.push({
        name: `report --format json, ${label}, ${size}; peak RSS ${median(rss).toFixed(0)} MB`,
        reference: REFERENCE,
        referenceMs: median(ref),
        subjectMs: median(sub),
      });
    };

    const a = at(adopted.gitDir);
    await pair('adopted at its head, cold', a, true);
    await pair('adopted at its head, warm', a, false);
    for (const format of FORMATS) {
      const referenceMs = await a.numstat();
      const r = await a.report(format);
      rows.push({
        name: `report --format ${format}, adopted, warm, one run; peak RSS ${r.peakMb.toFixed(0)} MB, ${kb(r.stdoutBytes)} written`,
        reference: REFERENCE,
        referenceMs,
        subjectMs: r.ms,
      });
    }
    const never = at(history.gitDir);
    await pair('never adopted (merges proved by git merge-tree), cold', never, true);
    await pair('never adopted, warm', never, false);
    rows.push(await floorRow(history, runs, size));
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** git's own work for the cold report of a never-adopted history, numstat log included (large-floor.ts). */
async function floorRow(history: RealHistory, runs: number, size: string): Promise<BenchRow> {
  const floorOf = neverAdoptedFloor(history);
  const ref: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    ref.push(await timed(() => drainGit(['log', '--numstat', ...history.range], history.gitDir, history.env)));
    floor.push(await timed(() => floorOf([numstatArgs(history.range)])));
  }
  return {
    name:
      `floor: git's own work for the never-adopted report, ${size} ` +
      '(log with notes, log --numstat, merge-tree --stdin of every merge, side by side)',
    reference: REFERENCE,
    referenceMs: median(ref),
    subjectMs: median(floor),
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const kb = (bytes: number) => (bytes < 10_000 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KB`);
