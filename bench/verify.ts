import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attestedHistory } from './lib/history.js';
import { median, sideBySide, type BenchRow } from './lib/measure.js';
import { BIN, cli, dropReadCaches, run } from './lib/sandbox.js';
import { cpuMs } from './trace.js';
import { LOG_FORMAT, verifyFloor } from './lib/verify-floor.js';

/**
 * verify over a 10,000-commit history of signed attestations (trailers and notes), against
 * `git log` reading the same commits with their notes in the same run: cold (no caches at
 * all), warm (the same range again), and the pre-push hook for one new commit on top.
 */
export async function bench(): Promise<BenchRow[]> {
  const commits = Number(process.env.BENCH_HISTORY ?? 10_000);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const history = await attestedHistory(commits);
  try {
    const { dir, env } = history;
    const gitDir = join(dir, '.git');
    const gitLog = (revs: string[]) => () => run('git', ['log', '--notes=ai-attest', `--format=${LOG_FORMAT}`, ...revs, '--'], dir, env);
    const verify = (args: string[]) => {
      const r = cli(['verify', ...args], dir, env);
      if (r.status !== 0) throw new Error(`ai-attest verify ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout.slice(-2000)}`);
      return r;
    };
    const dropCaches = () => dropReadCaches(gitDir);

    const cold = await sideBySide(runs, gitLog(history.range), () => {
      dropCaches();
      verify(history.range);
    });
    const floorRun = verifyFloor(dir, env, commits, history.range);
    const floor = await sideBySide(runs, gitLog(history.range), floorRun);
    // CPU time of each process tree (Node's threads and git's processes), which the machine's
    // load moves far less than wall time: on two cores the wall of a cold run cannot be under half of it.
    const cpu = { git: [] as number[], cold: [] as number[], floor: [] as number[] };
    for (let i = 0; i < runs; i++) {
      cpu.git.push(cpuMs('git', ['log', '--notes=ai-attest', `--format=${LOG_FORMAT}`, ...history.range, '--'], dir, env) ?? Number.NaN);
      dropCaches();
      cpu.cold.push(cpuMs(process.execPath, [BIN, 'verify', ...history.range], dir, env) ?? Number.NaN);
      cpu.floor.push(cpuMs(floorRun.command[0], floorRun.command[1], dir, env) ?? Number.NaN);
    }
    verify(history.range);
    const warm = await sideBySide(runs, gitLog(history.range), () => verify(history.range));

    // One new commit, made through the hooks, that the remote does not have yet.
    const bare = join(dir, '..', 'remote.git');
    run('git', ['init', '-q', '--bare', bare], dir, env);
    run('git', ['remote', 'add', 'origin', bare], dir, env);
    run('git', ['update-ref', 'refs/remotes/origin/main', history.head], dir, env);
    writeFileSync(join(dir, 'src', 'new-file.ts'), 'export const added = true;\n');
    run('git', ['add', 'src/new-file.ts'], dir, env);
    run('git', ['commit', '-q', '-m', 'One more'], dir, {
      ...env,
      AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929',
      AI_ATTEST_PROPORTION: '30',
      AI_ATTEST_QUIET: '1',
    });
    const tip = run('git', ['rev-parse', 'HEAD'], dir, env).trim();
    const input = `refs/heads/main ${tip} refs/heads/main ${history.head}\n`;
    const withInput = (args: string[]) => () => {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...env, AI_ATTEST_QUIET: '1' }, input, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`ai-attest ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    };
    const newCommit = gitLog([tip, '--not', '--remotes=origin']);
    // The first hook run pushes all 10,000 notes to the empty remote: not what a push costs.
    withInput(['hook', 'pre-push', 'origin', bare])();
    const prePush = await sideBySide(runs, newCommit, withInput(['verify', '--pre-push', 'origin', bare]));
    const hook = await sideBySide(runs, newCommit, withInput(['hook', 'pre-push', 'origin', bare]));

    const label = `${commits.toLocaleString('en')} commits, trailers + notes`;
    return [
      {
        name: `verify, cold (no caches), ${label}`,
        reference: 'git log --notes, same range',
        referenceMs: cold.reference,
        subjectMs: cold.subject,
        budgetMs: 2000,
      },
      {
        name:
          `floor of a cold verify: Node start-up, the same git log and ` +
          `${commits.toLocaleString('en')} Ed25519 checks on two threads, at once`,
        reference: 'git log --notes, same range',
        referenceMs: floor.reference,
        subjectMs: floor.subject,
      },
      {
        name: `verify, cold, CPU time of Node's threads and git's processes (bash's times), ${label}`,
        reference: 'git log --notes, same range (CPU)',
        referenceMs: median(cpu.git),
        subjectMs: median(cpu.cold),
      },
      {
        name: 'floor of a cold verify, CPU time (the same floor process)',
        reference: 'git log --notes, same range (CPU)',
        referenceMs: median(cpu.git),
        subjectMs: median(cpu.floor),
      },
      {
        name: `verify, warm (same range again), ${label}`,
        reference: 'git log --notes, same range',
        referenceMs: warm.reference,
        subjectMs: warm.subject,
        budgetMs: 300,
      },
      {
        name: 'verify --pre-push, one new commit on the history',
        reference: 'git log --notes of that commit',
        referenceMs: prePush.reference,
        subjectMs: prePush.subject,
      },
      {
        name: 'pre-push hook, one new commit (verify + notes push to a local bare remote)',
        reference: 'git log --notes of that commit',
        referenceMs: hook.reference,
        subjectMs: hook.subject,
      },
    ];
  } finally {
    history.cleanup();
  }
}
