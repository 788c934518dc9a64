import { spawnSync } from 'node:child_process';
import { NOTES_REF } from '../src/core/model.js';
import { CAPTURE_NEEDLES } from '../src/detect/claim.js';
import { detectRange } from '../src/detect/detect.js';
import { notesSearchArgs } from '../src/git/notes-args.js';
import { attestedHistory } from './lib/history.js';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { median, rowOf, sideBySide, timeIt, type BenchRow } from './lib/measure.js';
import { asInstalled, BIN, drainGit, withoutExtraCaCerts } from './lib/sandbox.js';

/**
 * `ai-attest detect` over a 10,000-commit attested history (half of the commits declare AI and
 * carry `Assisted-by:` trailers, a signal whose claim must then be decoded: the worst case for
 * an attested repository), against `git log` of the same range (message signals) and
 * `git log -p` (content signals), in the same run; end to end (node start included) and in process.
 */
export async function bench(): Promise<BenchRow[]> {
  const commits = Number(process.env.BENCH_HISTORY ?? 10_000);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const history = await attestedHistory(commits);
  const label = `${commits.toLocaleString('en')} attested commits`;
  try {
    const log = () => drainGit(['log', ...history.range], history.dir, history.env);
    const logP = () => drainGit(['log', '-p', ...history.range], history.dir, history.env);
    // As an installed command runs: the bin file executed (its sh line starts Node without NODE_EXTRA_CA_CERTS).
    const cli =
      (extra: string[], env: NodeJS.ProcessEnv = {}) =>
      () => {
        const r = spawnSync(BIN, ['detect', ...history.range, '--json', ...extra], {
          cwd: history.dir,
          env: asInstalled({ ...history.env, ...env }),
          encoding: 'utf8',
          maxBuffer: 1 << 30,
        });
        if (r.status !== 0) throw new Error(`ai-attest detect exited ${r.status}: ${r.stderr}`);
      };
    const inProcess = (content: boolean) => () =>
      detectRange({ cwd: history.dir, env: history.env, revisions: history.range, description: 'bench', content });
    // The floor of any Node CLI that reads the range: Node's own start-up, and Node starting and
    // draining the same `git log` (no parsing at all; git not flushing after every commit, as
    // detect asks it). The 1.5x budget is below the second.
    // Without NODE_EXTRA_CA_CERTS, as the bin starts detect's Node; `node -e 0` with it too, for comparison.
    const node =
      (script: string, env = withoutExtraCaCerts(history.env)) =>
      () => {
        const r = spawnSync(process.execPath, ['-e', script], { cwd: history.dir, env, stdio: 'ignore' });
        if (r.status !== 0) throw new Error(`node -e exited ${r.status}`);
      };
    const drainLog =
      `const c=require('node:child_process').spawn('git',${JSON.stringify(['log', ...history.range])},` +
      "{stdio:['ignore','pipe','inherit'],env:{...process.env,GIT_FLUSH:'0'}});" +
      "c.stdout.on('data',()=>{});c.on('close',(code)=>process.exit(code))";
    // The bin's sh part starts the range's log before Node (and, cold, the search of every note
    // for capture's record, which NoteDemand keeps for the next run): the floors of those runs are
    // that git started first, and Node starting and draining the log from a pipe beside it.
    const grep = notesSearchArgs(NOTES_REF, CAPTURE_NEEDLES);
    const drainPipe = "process.stdin.on('data',()=>{})";
    const gitFirst = (cold: boolean) => () => {
      const search = cold ? `git ${grep.map(shellQuote).join(' ')} >/dev/null & ` : '';
      const logPipe = `GIT_FLUSH=0 git log ${history.range.map(shellQuote).join(' ')} | node -e ${shellQuote(drainPipe)}`;
      const script = `${search}${logPipe}; s=$?; wait; exit $s`;
      const r = spawnSync('sh', ['-c', script], { cwd: history.dir, env: asInstalled(withoutExtraCaCerts(history.env)), stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`the floor exited ${r.status}`);
    };
    // Wall times follow the machine's load: it is printed with the figures.
    const loadBefore = loadavg()[0]!.toFixed(1);
    const nodeStart = await sideBySide(runs, log, node('0'));
    const nodeStartWithCa = await sideBySide(runs, log, node('0', history.env));
    const floor = await sideBySide(runs, log, node(drainLog));
    const warmFloor = await sideBySide(runs, log, gitFirst(false));
    const message = await sideBySide(runs, log, cli([]));
    // Cold: without the capture search kept from the run before (a fresh clone's first run).
    const index = join(history.dir, '.git', 'ai-attest', 'detect-capture.json');
    const cold = () => {
      rmSync(index, { force: true });
      cli([])();
    };
    // The same cold run without the bin's sh part (node runs the bin: no git started before Node).
    const coldUnprefetched = () => {
      rmSync(index, { force: true });
      const r = spawnSync(process.execPath, [BIN, 'detect', ...history.range, '--json'], {
        cwd: history.dir,
        env: asInstalled(withoutExtraCaCerts(history.env)),
        stdio: 'ignore',
      });
      if (r.status !== 0) throw new Error(`ai-attest detect exited ${r.status}`);
    };
    // Interleaved, run by run: the two differ by less than the load drifts between two blocks of runs.
    const [messageCold, messageColdUnprefetched] = (await interleaved(runs, log, [cold, coldUnprefetched])) as [Pair, Pair];
    const coldFloor = await sideBySide(runs, log, gitFirst(true));
    const messageColdCpu = await cpuSideBySide(runs, log, cold);
    // On a shared machine wall time follows the load; the CPU time of the processes is steadier.
    const messageCpu = await cpuSideBySide(runs, log, cli([]));
    const floorCpu = await cpuSideBySide(runs, log, node(drainLog));
    // The git processes each run starts (GIT_TRACE): one warm run, one cold run, after the timed ones.
    const gitProcesses = (fn: (env: NodeJS.ProcessEnv) => void) => {
      const trace = join(history.dir, '.git', 'bench-git-trace.txt');
      rmSync(trace, { force: true });
      fn({ GIT_TRACE: trace });
      const started = readFileSync(trace, 'utf8')
        .split('\n')
        .filter((l) => l.includes('trace: built-in: git '))
        .map((l) => l.slice(l.indexOf('git ') + 4).split(' ', 1)[0]!);
      rmSync(trace, { force: true });
      return `${started.length} git processes: ${started.join(', ')}`;
    };
    const warmGit = gitProcesses((env) => cli([], env)());
    const coldGit = gitProcesses((env) => {
      rmSync(index, { force: true });
      cli([], env)();
    });
    const messageIn = await sideBySide(runs, log, inProcess(false));
    const content = await sideBySide(runs, logP, cli(['--content']));
    const contentIn = await sideBySide(runs, logP, inProcess(true));
    const load = `load average ${loadBefore} to ${loadavg()[0]!.toFixed(1)}`;
    return [
      rowOf(
        `(floor) node -e 0 without NODE_EXTRA_CA_CERTS (as the bin starts detect), beside git log of ${label} (${load})`,
        'git log, same range',
        nodeStart,
      ),
      rowOf(`(floor) node -e 0 with NODE_EXTRA_CA_CERTS as the environment has it`, 'git log, same range', nodeStartWithCa),
      rowOf(
        `(floor) node starting and draining git log of ${label}, no parsing`,
        'git log, same range',
        floor,
        1.5,
        'what the 1.5x budget leaves for Node itself',
      ),
      rowOf(
        `(floor, warm) git log of ${label} started first, node starting and draining it from a pipe`,
        'git log, same range',
        warmFloor,
        undefined,
        'what the warm run cannot do without',
      ),
      rowOf(
        `detect, message signals, ${label}, end to end, warm (the capture search kept from the run before)`,
        'git log, same range',
        message,
        1.5,
        `budget 1.5x git log; ${warmGit}`,
      ),
      rowOf(
        `detect, message signals, ${label}, end to end, cold (no capture search kept from a run before)`,
        'git log, same range',
        messageCold,
        1.5,
        `budget 1.5x git log; ${coldGit}`,
      ),
      rowOf(
        `detect, cold, without the bin's sh part (node runs the bin: its git reads start from Node)`,
        'git log, same range',
        messageColdUnprefetched,
      ),
      rowOf(
        `(floor, cold) the git grep of every note and git log of ${label} started first, node starting and draining the log beside them`,
        'git log, same range',
        coldFloor,
        undefined,
        'what the cold run cannot do without',
      ),
      rowOf(`detect, message signals, ${label}, end to end, cold, CPU time (Node and git)`, 'git log, CPU time', messageColdCpu),
      rowOf(`(floor) CPU time (Node and git) of node draining git log of ${label}`, 'git log, CPU time', floorCpu),
      rowOf(`detect, message signals, ${label}, end to end, warm, CPU time (Node and git)`, 'git log, CPU time', messageCpu),
      rowOf(`detect, message signals, ${label}, in process`, 'git log, same range', messageIn, 1.5, 'budget 1.5x git log'),
      rowOf(`detect --content, ${label}, end to end`, 'git log -p, same range', content, 1.5, 'budget 1.5x git log -p'),
      rowOf(`detect --content, ${label}, in process`, 'git log -p, same range', contentIn, 1.5, 'budget 1.5x git log -p'),
    ];
  } finally {
    history.cleanup();
  }
}

/** CPU time (user + system, ms) of this process's children that have ended: /proc/self/stat's cutime and cstime. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat(5), counted from the state (field 3) here; clock ticks of 10 ms.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** sideBySide, in CPU time of the child processes each run started (and git's under them). */
async function cpuSideBySide(
  runs: number,
  reference: () => Promise<unknown> | unknown,
  subject: () => Promise<unknown> | unknown,
): Promise<{ reference: number; subject: number }> {
  const ref: number[] = [];
  const sub: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of [
      [reference, ref],
      [subject, sub],
    ] as const) {
      const before = childrenCpuMs();
      await fn();
      out.push(childrenCpuMs() - before);
    }
  }
  return { reference: median(ref), subject: median(sub) };
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

type Pair = { reference: number; subject: number };

/** sideBySide for several subjects against one reference, run by run in turn: each subject's medians beside the reference's. */
async function interleaved(
  runs: number,
  reference: () => Promise<unknown> | unknown,
  subjects: ReadonlyArray<() => Promise<unknown> | unknown>,
): Promise<Pair[]> {
  const ref: number[] = [];
  const sub: number[][] = subjects.map(() => []);
  for (let i = 0; i < runs; i++) {
    ref.push(await timeIt(reference));
    for (const [k, subject] of subjects.entries()) sub[k]!.push(await timeIt(subject));
  }
  return sub.map((times) => ({ reference: median(ref), subject: median(times) }));
}
