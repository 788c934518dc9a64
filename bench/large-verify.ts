import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RealHistory } from './lib/real-history.js';
import { median, timeIt, type BenchRow } from './lib/measure.js';
import { runMeasured } from './lib/peak-rss.js';
import { cli, drainGit, dropReadCaches, run } from './lib/sandbox.js';
import { LOG_FORMAT, verifyFloor } from './lib/verify-floor.js';
import { neverAdoptedFloor } from './large-floor.js';

/**
 * `ai-attest verify` over the large real-shaped history as a team that adopts ai-attest on it
 * sees it: a clone (sharing the cached objects), `ai-attest init` pinning the adoption point at
 * its head, the onboarding commit, then the whole history verified, against `git log --notes`
 * of the same range, cold (verify's caches dropped) and warm, alternating; peak RSS of verify's
 * node process with text and with --json, stdout drained through a pipe. Then the history as it
 * is, never adopted: every commit unknown rather than failed, every two-parent merge proved.
 */
export async function verifyRows(history: RealHistory, runs: number, neverAdopted = true): Promise<BenchRow[]> {
  const { env } = history;
  const dir = join(dirname(env.HOME!), 'adopted');
  run('git', ['clone', '-q', '--shared', history.gitDir, dir], dirname(dir), env);
  const init = cli(['init', '--yes'], dir, env);
  if (init.status !== 0) throw new Error(`ai-attest init failed: ${init.stderr}`);
  run('git', ['add', '.ai-attest'], dir, env);
  run('git', ['commit', '-q', '-m', 'Add ai-attest'], dir, env);
  const range = ['main'];
  const label = `${history.facts.commits.toLocaleString('en')} commits before the adoption point + 1`;
  const gitLog = () => timeIt(() => drainGit(['log', '--notes=ai-attest', `--format=${LOG_FORMAT}`, ...range, '--'], dir, env));
  const dropCaches = () => dropReadCaches(join(dir, '.git'));
  const verify = (extra: string[]) => runMeasured(['verify', ...range, ...extra], dir, env);

  const rows: BenchRow[] = [];
  if (neverAdopted) rows.push(...(await neverAdoptedRows(history, runs)));
  // No signatures to check before the adoption point: the floor is Node's start-up and the read.
  const floorRun = verifyFloor(dir, env, 0, range);
  const floor = { ref: [] as number[], sub: [] as number[] };
  for (let i = 0; i < runs; i++) {
    floor.ref.push(await gitLog());
    floor.sub.push(await timeIt(floorRun));
  }
  rows.push({
    name: `floor: Node start-up and the same git log, read in full, ${label}`,
    reference: 'git log --notes, same range',
    referenceMs: median(floor.ref),
    subjectMs: median(floor.sub),
  });
  for (const extra of [[], ['--json']]) {
    const cold = { ref: [] as number[], sub: [] as number[], rss: [] as number[] };
    const warm = { ref: [] as number[], sub: [] as number[], rss: [] as number[] };
    for (let i = 0; i < runs; i++) {
      cold.ref.push(await gitLog());
      dropCaches();
      const c = await verify(extra);
      cold.sub.push(c.ms);
      cold.rss.push(c.peakMb);
      warm.ref.push(await gitLog());
      const w = await verify(extra);
      warm.sub.push(w.ms);
      warm.rss.push(w.peakMb);
    }
    const name = `verify${extra.length ? ` ${extra.join(' ')}` : ''}`;
    rows.push(
      {
        name: `${name}, cold, ${label}; peak RSS ${mb(cold.rss)}`,
        reference: 'git log --notes, same range',
        referenceMs: median(cold.ref),
        subjectMs: median(cold.sub),
      },
      {
        name: `${name}, warm, ${label}; peak RSS ${mb(warm.rss)}`,
        reference: 'git log --notes, same range',
        referenceMs: median(warm.ref),
        subjectMs: median(warm.sub),
      },
    );
  }
  return rows;
}

const mb = (values: number[]) => `${median(values).toFixed(0)} MB (max ${Math.max(...values).toFixed(0)})`;

/** verify over the history as generated (never adopted), cold and warm, text and --json, with peak RSS, beside git's own work. */
async function neverAdoptedRows(history: RealHistory, runs: number): Promise<BenchRow[]> {
  const { env, gitDir, range } = history;
  const label = `${history.facts.commits.toLocaleString('en')} commits never adopted (${history.facts.merges.toLocaleString('en')} merges)`;
  const gitLog = () => timeIt(() => drainGit(['log', '--notes=ai-attest', `--format=${LOG_FORMAT}`, ...range, '--'], gitDir, env));
  const rows: BenchRow[] = [];
  const floorOf = neverAdoptedFloor(history);
  const floor = { ref: [] as number[], sub: [] as number[] };
  for (let i = 0; i < runs; i++) {
    floor.ref.push(await gitLog());
    floor.sub.push(await timeIt(() => floorOf()));
  }
  rows.push({
    name: `floor: git's own work for verify, ${label} (log with notes, merge-tree --stdin of every merge, side by side)`,
    reference: 'git log --notes, same range',
    referenceMs: median(floor.ref),
    subjectMs: median(floor.sub),
  });
  for (const extra of [[], ['--json']]) {
    const side = {
      cold: { ref: [] as number[], sub: [] as number[], rss: [] as number[] },
      warm: { ref: [] as number[], sub: [] as number[], rss: [] as number[] },
    };
    for (let i = 0; i < runs; i++) {
      for (const temperature of ['cold', 'warm'] as const) {
        side[temperature].ref.push(await gitLog());
        if (temperature === 'cold') rmSync(join(gitDir, 'ai-attest'), { recursive: true, force: true });
        const r = await runMeasured(['verify', ...range, ...extra], gitDir, env);
        side[temperature].sub.push(r.ms);
        side[temperature].rss.push(r.peakMb);
      }
    }
    for (const temperature of ['cold', 'warm'] as const) {
      rows.push({
        name: `verify${extra.length ? ` ${extra.join(' ')}` : ''}, ${temperature}, ${label}; peak RSS ${mb(side[temperature].rss)}`,
        reference: 'git log --notes, same range',
        referenceMs: median(side[temperature].ref),
        subjectMs: median(side[temperature].sub),
      });
    }
  }
  return rows;
}
