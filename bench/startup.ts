import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { median, type BenchRow } from './lib/measure.js';
import { asInstalled, BIN, benchSandbox, cli, run, withoutExtraCaCerts } from './lib/sandbox.js';

/**
 * What starting costs each command of the lean start: CPU and wall time from Node's start to the
 * point where the command has its arguments (`AI_ATTEST_TRACE=1` prints it), against the same
 * marks taken by `node -e` (Node's own start-up: the floor), alternating in the same run. Beside
 * it, the same marks when the command is done in a small repository, so that what a command's
 * first use of git and of its modules costs stays in view (a lazy load only moves a cost there),
 * and the whole process's wall time as its caller sees it. The bin is executed as an installed
 * command is (its sh line starts Node without NODE_EXTRA_CA_CERTS for these commands), so the
 * floor is `node -e` without the variable; the one with it is printed beside it.
 *
 * `BENCH_STARTUP_BASELINE=<another checkout>/bin/ai-attest.js` measures that entry too, in the
 * same runs (a before/after; it must print the same marks).
 */
const MARK = /(arguments read|done) ([\d.]+) ms after node started, ([\d.]+) ms of CPU/g;
const FLOOR = [
  'const m = (w) => {',
  '  const c = process.cpuUsage();',
  '  const cpu = ((c.user + c.system) / 1000).toFixed(1);',
  "  process.stderr.write(w + ' ' + performance.now().toFixed(1) + ' ms after node started, ' + cpu + ' ms of CPU\\n');",
  '};',
  "m('arguments read');",
  "m('done');",
].join('\n');

interface Sample {
  startWall: number;
  startCpu: number;
  doneWall: number;
  doneCpu: number;
  /** From the spawn to the exit, as the caller sees it (sh's start included where the bin is executed). */
  processWall: number;
}

function sample(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input = ''): Sample {
  const began = performance.now();
  const r = spawnSync(file, args, { cwd, env: { ...env, AI_ATTEST_TRACE: '1' }, input, encoding: 'utf8' });
  const processWall = performance.now() - began;
  const marks = new Map([...r.stderr.matchAll(MARK)].map((m) => [m[1], { wall: Number(m[2]), cpu: Number(m[3]) }]));
  const start = marks.get('arguments read');
  const done = marks.get('done');
  if (r.status !== 0 || !start || !done) throw new Error(`${args.join(' ')} exited ${r.status} without its marks: ${r.stderr}`);
  return { startWall: start.wall, startCpu: start.cpu, doneWall: done.wall, doneCpu: done.cpu, processWall };
}

export async function bench(): Promise<BenchRow[]> {
  const box = benchSandbox('ai-attest-bench-startup-');
  try {
    const dir = join(box.root, 'repo');
    run('git', ['init', '-q', dir], box.root, box.env);
    const init = cli(['init', '--yes'], dir, box.env);
    if (init.status !== 0) throw new Error(`ai-attest init failed: ${init.stderr}`);
    const answered = { ...box.env, AI_ATTEST_TOOLS: 'none' };
    run('git', ['add', '-A'], dir, box.env);
    run('git', ['commit', '-q', '-m', 'onboarding'], dir, answered);
    for (let i = 1; i <= 5; i++) {
      run('sh', ['-c', `seq ${i} ${i + 50} > service.txt`], dir, box.env);
      run('git', ['add', '-A'], dir, box.env);
      run('git', ['commit', '-q', '-m', `service ${i}`], dir, answered);
    }
    const head = run('git', ['rev-parse', 'HEAD'], dir, box.env).trim();
    const commands: Array<{ name: string; args: string[]; input?: string }> = [
      { name: 'verify', args: ['verify'] },
      {
        name: 'the pre-push hook',
        args: ['hook', 'pre-push', 'origin', 'bench'],
        input: `refs/heads/main ${head} refs/heads/main ${'0'.repeat(40)}\n`,
      },
      { name: 'report', args: ['report'] },
      { name: 'trace', args: ['trace', 'service.txt', '-L', '1,20'] },
      { name: 'trace --no-history', args: ['trace', 'service.txt', '-L', '1,20', '--no-history'] },
      { name: 'detect', args: ['detect'] },
    ];
    const entries = [{ label: '', bin: BIN }];
    if (process.env.BENCH_STARTUP_BASELINE) entries.push({ label: ' (baseline)', bin: process.env.BENCH_STARTUP_BASELINE });
    const subjects = entries.flatMap((e) => commands.map((c) => ({ ...c, name: `${c.name}${e.label}`, bin: e.bin })));
    // The first run of each writes its code cache.
    const installed = asInstalled(box.env);
    for (const s of subjects) sample(s.bin, s.args, dir, installed, s.input);
    const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 21);
    // Node 20 reads the certificates NODE_EXTRA_CA_CERTS names before anything runs (Node 22 when
    // TLS first needs them): the bin starts these commands without it, so that is their floor;
    // the floor with it is what every other Node process here pays.
    const caFile = box.env.NODE_EXTRA_CA_CERTS;
    const bareEnv = withoutExtraCaCerts(box.env);
    const caFloor: Sample[] = [];
    const floor: Sample[] = [];
    const samples = subjects.map(() => [] as Sample[]);
    const loadBefore = loadavg()[0]!;
    for (let i = 0; i < runs; i++) {
      floor.push(sample(process.execPath, ['-e', FLOOR], dir, bareEnv));
      if (caFile) caFloor.push(sample(process.execPath, ['-e', FLOOR], dir, box.env));
      subjects.forEach((s, k) => samples[k]!.push(sample(s.bin, s.args, dir, installed, s.input)));
    }
    const of = (list: Sample[], key: keyof Sample) => median(list.map((s) => s[key]));
    const floorOf = (list: Sample[]) =>
      `CPU ${of(list, 'startCpu').toFixed(1)} ms, wall ${of(list, 'startWall').toFixed(0)} ms` +
      ` (process ${of(list, 'processWall').toFixed(0)} ms)`;
    const floors =
      `node -e 0 without NODE_EXTRA_CA_CERTS: ${floorOf(floor)}` +
      (caFile ? `; with it (${caFile}): ${floorOf(caFloor)}` : '; NODE_EXTRA_CA_CERTS is not set here');
    const load = `load ${loadBefore.toFixed(1)}-${loadavg()[0]!.toFixed(1)}; ${floors}`;
    return subjects.map((s, k) => {
      const list = samples[k]!;
      const wall = `wall ${of(list, 'startWall').toFixed(0)} vs ${of(floor, 'startWall').toFixed(0)} ms`;
      const done =
        `done in a 6-commit repository: CPU ${of(list, 'doneCpu').toFixed(0)} ms, wall ${of(list, 'doneWall').toFixed(0)} ms,` +
        ` process ${of(list, 'processWall').toFixed(0)} ms`;
      const what = `start-up of \`${s.name}\` (the bin executed) over \`node -e 0\`, CPU from Node's start to its arguments read`;
      return {
        name: `${what} (${runs} runs, ${load}; ${wall}; ${done})`,
        reference: 'node -e without NODE_EXTRA_CA_CERTS, CPU to its first line',
        referenceMs: of(floor, 'startCpu'),
        subjectMs: of(list, 'startCpu'),
      };
    });
  } finally {
    box.cleanup();
  }
}
