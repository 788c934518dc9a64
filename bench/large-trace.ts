import { loadavg } from 'node:os';
import type { BenchRow } from './lib/measure.js';
import type { RealHistory } from './lib/real-history.js';
import { asInstalled, BIN, drainGit, run } from './lib/sandbox.js';
import { alternate, cpuRows, endToEndRows, nodeThenGit, timeProcess } from './trace.js';

/**
 * trace on the large real-shaped history (a bare repository, as a CI mirror would be): 20 lines
 * in the middle of the text file with the longest history at HEAD, with history against
 * `git log -L` and the lines view alone (`--no-history`) against `git blame -L`, end to end,
 * alternating. The repository is never attested, so every commit is evaluated (and unknown).
 */
export async function traceRows(history: RealHistory, runs: number): Promise<BenchRow[]> {
  const { gitDir, env } = history;
  const { file, lines, commits } = busiestFile(gitDir, env);
  const start = Math.max(1, Math.floor(lines / 2) - 10);
  const range = `${start},${start + 19}`;
  const label =
    `${file} (${commits.toLocaleString('en')} commits touch it) -L ${range}, ` +
    `${history.facts.commits.toLocaleString('en')}-commit history`;
  const logL = () => drainGit(['log', '-L', `${range}:${file}`, 'HEAD'], gitDir, env);
  const blameL = () => drainGit(['blame', '-L', range, 'HEAD', '--', file], gitDir, env);
  const trace =
    (...extra: string[]) =>
    () =>
      timeProcess(BIN, ['trace', file, '-L', range, '--json', ...extra], gitDir, asInstalled(env));
  // The first run writes verify's caches (keyring, verdicts); measured runs are warm.
  await trace()();
  // A run costs about a second, where report's take minutes: one sample (the large benches'
  // default) would be noise, so trace takes at least seven.
  const traceRuns = Math.max(runs, Number(process.env.BENCH_TRACE_RUNS ?? 7));
  // trace with history needs both of git's answers (its lines view is blame's): its floor runs both beside Node.
  const logAndBlame = () => Promise.all([logL(), blameL()]);
  const withHistory = await alternate(traceRuns, { reference: logL, ...nodeThenGit(logL, gitDir, env, logAndBlame), subject: trace() });
  const linesOnly = await alternate(traceRuns, { reference: blameL, ...nodeThenGit(blameL, gitDir, env), subject: trace('--no-history') });
  const load = `${traceRuns} runs, load ${loadavg()[0]!.toFixed(1)}`;
  const traceArgs = ['trace', file, '-L', range, '--json'];
  const cpu = cpuRows(
    'trace, end to end, large history',
    'git log -L',
    traceRuns,
    { reference: ['git', ['log', '-L', `${range}:${file}`, 'HEAD']], subject: [BIN, traceArgs] },
    gitDir,
    env,
  );
  const linesCpu = cpuRows(
    'trace --no-history, end to end, large history',
    'git blame -L',
    traceRuns,
    { reference: ['git', ['blame', '-L', range, 'HEAD', '--', file]], subject: [BIN, [...traceArgs, '--no-history']] },
    gitDir,
    env,
  );
  return [
    ...endToEndRows(
      `trace --json, end to end, ${label}, ${load}`,
      'trace, end to end, large history',
      'git log -L',
      withHistory,
      'git log -L and git blame -L',
    ),
    ...cpu,
    ...endToEndRows(
      `trace --no-history --json (the lines view alone), end to end, ${label}`,
      'trace --no-history, end to end, large history',
      'git blame -L',
      linesOnly,
    ),
    ...linesCpu,
  ];
}

/** The text file at HEAD that the most commits change (renames not followed), and its length. */
function busiestFile(gitDir: string, env: NodeJS.ProcessEnv): { file: string; lines: number; commits: number } {
  const atHead = new Set(run('git', ['ls-tree', '-r', '-z', '--name-only', 'HEAD'], gitDir, env).split('\0'));
  const counts = new Map<string, number>();
  for (const path of run('git', ['log', '-z', '--format=', '--name-only', '--no-renames', 'HEAD'], gitDir, env).split('\0')) {
    const name = path.replace(/^\n+/, '');
    if (atHead.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const [file, commits] of [...counts].sort((a, b) => b[1] - a[1])) {
    const text = run('git', ['cat-file', 'blob', `HEAD:${file}`], gitDir, env);
    if (text.includes('\0') || text.split('\n').length < 40) continue;
    return { file, lines: text.split('\n').length - 1, commits };
  }
  throw new Error('bench: no text file of 40 lines or more at HEAD');
}
