import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildPredicate, signPredicate } from '../src/core/attest.js';
import type { Answers, ToolUse } from '../src/core/model.js';
import { loadSigningKey } from '../src/crypto/signing-key.js';
import { collectCommits } from '../src/git/log.js';
import { commitPatchIds } from '../src/git/patch-id.js';
import { traceLines } from '../src/read/trace/trace.js';
import { loadavg } from 'node:os';
import { median, sideBySide, timeIt, type BenchRow } from './lib/measure.js';
import { asInstalled, BIN, benchSandbox, cli, run, withoutExtraCaCerts } from './lib/sandbox.js';

/**
 * `ai-attest trace FILE -L a,b` (20 lines, history included) against `git log -L a,b:FILE` for
 * the same range, and its lines view alone (`--no-history`) against `git blame -L a,b`, on a
 * history of attested commits built in two fast-import passes: the first gives the trees and
 * patch-ids, the second the same trees with signed trailers and notes
 * (a commit id is a hash of its text, so each message can bind the parent before it exists).
 */
const FILE = 'src/service.ts';
const RANGE = '300,319';
const FILE_COMMITS = Number(process.env.BENCH_TRACE_COMMITS ?? 400);
const OTHER_COMMITS = Number(process.env.BENCH_TRACE_OTHER ?? 400);
const AUTHOR = 'Bench Dev <bench@example.com>';

const TOOLS: ToolUse[][] = [
  [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' }],
  [{ tool: 'copilot', model: 'gpt-4.1-2025-04-14', via: 'ide-plugin' }],
  [
    { tool: 'claude-code', model: 'claude-opus-4-1-20250805', via: 'cli-agent' },
    { tool: 'copilot', model: 'gpt-4.1-2025-04-14', via: 'ide-plugin' },
  ],
];

interface Step {
  path: string;
  content: string;
  subject: string;
  time: number;
}

/** Deterministic: a quarter of the file's edits land around the traced range, so that it has a long history. */
function steps(): Step[] {
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const lines = Array.from({ length: 600 }, (_, i) => `  const value${i} = compute(${i});`);
  const others = Array.from({ length: 8 }, (_, i) => `// module ${i}\n`);
  const out: Step[] = [];
  const total = FILE_COMMITS + OTHER_COMMITS;
  const start = Math.floor(Date.now() / 1000) - total * 60;
  for (let i = 0; i < total; i++) {
    const time = start + i * 60;
    if (i % Math.max(1, Math.round(total / Math.max(OTHER_COMMITS, 1))) === 1 && OTHER_COMMITS > 0) {
      const k = rand(others.length);
      others[k] += `export const x${i} = ${i};\n`;
      out.push({ path: `src/module${k}.ts`, content: others[k]!, subject: `module ${k}: change ${i}`, time });
      continue;
    }
    for (let n = 0; n < 2 + rand(3); n++) {
      if (rand(5) === 0) {
        lines.splice(rand(lines.length), 0, `  const added${i}_${n} = ${n};`);
        continue;
      }
      const at = rand(4) === 0 ? 290 + rand(40) : rand(lines.length);
      lines[at] = `  const value${at} = compute(${at}, ${i});`;
    }
    out.push({ path: FILE, content: `${lines.join('\n')}\n`, subject: `service: change ${i}`, time });
  }
  return out;
}

function fastImport(dir: string, env: NodeJS.ProcessEnv, stream: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet', '--force'], { cwd: dir, env, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed: ${err}`))));
    // fast-import stops reading at its first error; its stderr says which.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stream);
  });
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function commitStream(list: readonly Step[], messages: readonly string[], ref: string, onboarding: string): string {
  return list
    .map((s, i) => {
      const who = `${AUTHOR} ${s.time} +0000`;
      return (
        `commit ${ref}\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\n` +
        `${data(messages[i]!)}${i ? `from :${i}\n` : onboarding}M 100644 inline ${s.path}\n${data(s.content)}`
      );
    })
    .join('');
}

/**
 * What `init` wrote under .ai-attest/ (config, the bench key), as fast-import lines for the first
 * commit: the trust revision is read from the history, so without them no statement verifies
 * and the verify cache, which keeps passing verdicts only, is never used.
 */
function onboardingFiles(dir: string, folder = '.ai-attest'): string {
  return readdirSync(join(dir, folder), { withFileTypes: true })
    .map((entry) => {
      const path = `${folder}/${entry.name}`;
      return entry.isDirectory() ? onboardingFiles(dir, path) : `M 100644 inline ${path}\n${data(readFileSync(join(dir, path), 'utf8'))}`;
    })
    .join('');
}

/** What git stores for the commit fast-import writes from the same fields. */
function commitId(tree: string, parent: string | null, time: number, message: string): string {
  const who = `${AUTHOR} ${time} +0000`;
  const body = Buffer.from(`tree ${tree}\n${parent ? `parent ${parent}\n` : ''}author ${who}\ncommitter ${who}\n\n${message}`);
  return createHash('sha1').update(`commit ${body.length}\0`).update(body).digest('hex');
}

async function buildHistory(dir: string, env: NodeJS.ProcessEnv): Promise<{ attested: number; commits: number }> {
  const list = steps();
  const plain = list.map((s) => `${s.subject}\n`);
  const onboarding = onboardingFiles(dir);
  await fastImport(dir, env, commitStream(list, plain, 'refs/heads/draft', onboarding));
  const drafts = await collectCommits(['refs/heads/draft'], { cwd: dir, env, logOptions: ['--reverse'] });
  const patchIds = await commitPatchIds(
    drafts.map((d) => ({ commit: d.commit, base: d.parents[0] ?? null })),
    { cwd: dir, env },
  );

  const signer = await loadSigningKey({ env });
  const now = new Date();
  const messages: string[] = [];
  // Notes name their commits by mark: fast-import cannot look up a commit of its own pack by id.
  const notes: Array<{ mark: number; line: string }> = [];
  let parent: string | null = null;
  for (let i = 0; i < list.length; i++) {
    const draft = drafts[i]!;
    let message = plain[i]!;
    // Every tenth commit is made with hooks skipped: no attestation at all.
    if (i % 10 !== 7) {
      const answers: Answers =
        i % 10 === 3
          ? { ai: 'none', tools: [], share: 0, sensitive: [], source: 'env' }
          : { ai: 'used', tools: TOOLS[i % TOOLS.length]!, share: 10 + (i % 9) * 10, sensitive: [], source: 'env' };
      const binding = { tree: draft.tree, parents: parent ? [parent] : [], patchId: patchIds.get(draft.commit) ?? '' };
      const signed = signPredicate(buildPredicate(answers, binding, signer, now), signer);
      message = `${list[i]!.subject}\n\n${signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
      notes.push({ mark: i + 1, line: signed.noteLine });
    }
    messages.push(message);
    parent = commitId(draft.tree, parent, list[i]!.time, message);
  }
  const noteCommit =
    `commit refs/notes/ai-attest\ncommitter ${AUTHOR} ${Math.floor(now.getTime() / 1000)} +0000\n` +
    `${data('Notes added by bench')}${notes.map((n) => `N inline :${n.mark}\n${data(`${n.line}\n`)}`).join('')}`;
  await fastImport(dir, env, commitStream(list, messages, 'refs/heads/main', onboarding) + noteCommit);
  const head = run('git', ['rev-parse', 'refs/heads/main'], dir, env).trim();
  if (head !== parent) throw new Error(`bench history: expected ${parent} at main, git has ${head}`);
  run('git', ['update-ref', '-d', 'refs/heads/draft'], dir, env);
  run('git', ['reset', '-q', '--hard', 'main'], dir, env);
  return { attested: notes.length, commits: list.length };
}

/** Medians of several commands run in turn, so that machine noise hits each alike. */
export async function alternate<K extends string>(runs: number, commands: Record<K, () => Promise<unknown>>): Promise<Record<K, number>> {
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const [k, command] of Object.entries(commands) as Array<[K, () => Promise<unknown>]>) times[k].push(await timeIt(command));
  }
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, median(t as number[])])) as Record<K, number>;
}

/**
 * An end-to-end row against `git` (budget 1.5x), then its floors measured in the same run
 * (`node -e 0`, then the same git command: with NODE_EXTRA_CA_CERTS as the environment has it,
 * and without it, as the bin starts the read commands) and the row against the floor it can reach.
 */
export function endToEndRows(
  name: string,
  what: string,
  git: string,
  m: {
    reference: number;
    floor: number;
    floorWithCa?: number;
    beside?: number;
    unprefetched?: number;
    traceCacheCold?: number;
    subject: number;
  },
  besideWhat = git,
): BenchRow[] {
  const ca = m.floorWithCa === undefined ? '' : ' (without NODE_EXTRA_CA_CERTS, as the bin starts trace)';
  // The bin starts git before Node (bin/ai-attest.cjs): the floor is the two side by side.
  const floor = m.beside ?? m.floor;
  return [
    {
      name,
      reference: git,
      referenceMs: m.reference,
      subjectMs: m.subject,
      budgetMs: Math.round(m.reference * 1.5),
      budgetOf: 'subject',
      note: `1.5x ${git}; ${(m.subject / floor).toFixed(2)}x the floor`,
    },
    ...(m.beside === undefined
      ? []
      : [
          {
            name:
              `(floor) \`node -e 0\` without NODE_EXTRA_CA_CERTS and ${besideWhat} started together, side by side on ` +
              "the two cores: Node's own start-up beside git's own work",
            reference: git,
            referenceMs: m.reference,
            subjectMs: m.beside,
          },
        ]),
    {
      name: `(floor) \`node -e 0\`${ca}, then ${git}: Node's own start-up plus git's own work`,
      reference: git,
      referenceMs: m.reference,
      subjectMs: m.floor,
    },
    ...(m.floorWithCa === undefined
      ? []
      : [
          {
            name: `(floor) \`node -e 0\` with NODE_EXTRA_CA_CERTS as the environment has it, then ${git}`,
            reference: git,
            referenceMs: m.reference,
            subjectMs: m.floorWithCa,
          },
        ]),
    ...(m.unprefetched === undefined
      ? []
      : [
          {
            name:
              `${what}, against the same trace without the prefetch (\`node bin/ai-attest.cjs\` without ` +
              'NODE_EXTRA_CA_CERTS: git started by Node, as before)',
            reference: 'without the prefetch',
            referenceMs: m.unprefetched,
            subjectMs: m.subject,
          },
        ]),
    ...(m.traceCacheCold === undefined
      ? []
      : [
          {
            name:
              `${what}, its trace cache emptied before each run (the first trace after a commit: ` +
              "every commit's `git log` and evaluation, verify's cache warm)",
            reference: git,
            referenceMs: m.reference,
            subjectMs: m.traceCacheCold,
          },
        ]),
    {
      name: `${what}, against the floor`,
      reference: m.beside === undefined ? `node -e 0 + ${git}` : `node -e 0 beside ${besideWhat}`,
      referenceMs: floor,
      subjectMs: m.subject,
    },
  ];
}

/**
 * Node's start (`node -e 0`) then `git`: without NODE_EXTRA_CA_CERTS, and with it as the
 * environment has it; and `beside`: Node's start and `gitBeside` (default `git`) started at
 * once, as the bin runs trace (git started by sh before Node).
 */
export function nodeThenGit(
  git: () => Promise<unknown>,
  cwd: string,
  env: NodeJS.ProcessEnv,
  gitBeside: () => Promise<unknown> = git,
): { floor: () => Promise<unknown>; floorWithCa: () => Promise<unknown>; beside: () => Promise<unknown> } {
  const node = (e: NodeJS.ProcessEnv) => timeProcess(process.execPath, ['-e', '0'], cwd, e);
  const start = (e: NodeJS.ProcessEnv) => () => node(e).then(git);
  return {
    floor: start(withoutExtraCaCerts(env)),
    floorWithCa: start(env),
    beside: () => Promise.all([gitBeside(), node(withoutExtraCaCerts(env))]),
  };
}

/**
 * CPU time (user + system) of a command and of every process it waited for (trace's git
 * processes), from bash's `times`: unlike wall time it hardly moves with the machine's load.
 * null where there is no bash.
 */
export function cpuMs(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): number | null {
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1 || exit 3; times', 'cpu', cmd, ...args], { cwd, env, encoding: 'utf8' });
  if (r.error) return null;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  // The second line is the children's: user, then system.
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(r.stdout.trim().split('\n')[1] ?? '');
  if (!m) throw new Error(`bash's times printed: ${r.stdout}`);
  return (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
}

type Command = readonly [string, readonly string[]];

/**
 * The CPU time of a trace and of its git command (median of `runs`, alternating), with the
 * floor: `node -e 0` as the bin starts trace, plus the git command. [] without bash.
 */
export function cpuRows(
  what: string,
  git: string,
  runs: number,
  cmds: { reference: Command; subject: Command },
  cwd: string,
  env: NodeJS.ProcessEnv,
): BenchRow[] {
  const lists = { reference: [] as number[], node: [] as number[], subject: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const reference = cpuMs(cmds.reference[0], cmds.reference[1], cwd, env);
    const node = cpuMs(process.execPath, ['-e', '0'], cwd, withoutExtraCaCerts(env));
    const subject = cpuMs(cmds.subject[0], cmds.subject[1], cwd, asInstalled(env));
    if (reference === null || node === null || subject === null) return [];
    lists.reference.push(reference);
    lists.node.push(node);
    lists.subject.push(subject);
  }
  const reference = median(lists.reference);
  const floor = median(lists.node) + reference;
  const subject = median(lists.subject);
  return [
    {
      name: `${what}, CPU of Node and every git process it starts (user + system, bash's \`times\`; ${runs} runs)`,
      reference: `${git}, CPU`,
      referenceMs: reference,
      subjectMs: subject,
      note: `${(subject / floor).toFixed(2)}x the floor`,
    },
    {
      name: `(floor, CPU) \`node -e 0\` without NODE_EXTRA_CA_CERTS (${median(lists.node).toFixed(1)} ms), plus ${git}`,
      reference: `${git}, CPU`,
      referenceMs: reference,
      subjectMs: floor,
    },
  ];
}

export function timeProcess(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: ${err}`))));
  });
}

export async function bench(): Promise<BenchRow[]> {
  const box = benchSandbox();
  try {
    const dir = join(box.root, 'repo');
    run('git', ['init', '-q', dir], box.root, box.env);
    const init = cli(['init', '--yes'], dir, box.env);
    if (init.status !== 0) throw new Error(`ai-attest init failed: ${init.stderr}`);
    const built = performance.now();
    const { attested, commits } = await buildHistory(dir, box.env);
    const buildMs = performance.now() - built;
    const env = box.env;
    const logL = () => timeProcess('git', ['log', '-L', `${RANGE}:${FILE}`], dir, env);
    const blameL = () => timeProcess('git', ['blame', '-L', RANGE, 'HEAD', '--', FILE], dir, env);
    // As an installed command runs: the bin file executed (its sh line starts Node).
    const traceCli = () => timeProcess(BIN, ['trace', FILE, '-L', RANGE, '--json'], dir, asInstalled(env));
    const linesCli = () => timeProcess(BIN, ['trace', FILE, '-L', RANGE, '--no-history', '--json'], dir, asInstalled(env));
    // The same Node, started as the bin starts it, minus sh's prefetch: what the prefetch saves, in the same run.
    const unprefetched =
      (...extra: string[]) =>
      () =>
        timeProcess(process.execPath, [BIN, 'trace', FILE, '-L', RANGE, '--json', ...extra], dir, withoutExtraCaCerts(env));
    const traceLib =
      (cache: boolean, linesOnly = false) =>
      () =>
        traceLines({ file: FILE, specs: [RANGE], rev: 'HEAD', follow: false, linesOnly }, { cwd: dir, env, cache });

    // Warm the file cache and the keyring, config and verdict caches the first run writes.
    const sample = await traceLib(true)();
    await traceCli();
    await logL();
    await blameL();
    const runs = Number(process.env.BENCH_TRACE_RUNS ?? 15);
    // The floor of any Node command that asks git: Node's own start-up, then git's own work.
    // With history trace needs both of git's answers (the lines view is blame's): its floor runs both beside Node.
    const logAndBlame = () => Promise.all([logL(), blameL()]);
    // The first trace after a commit (the notes tip moved): its commits are read and judged again.
    const traceCache = join(dir, '.git', 'ai-attest', 'trace-cache.json');
    const withoutTraceCache = (command: () => Promise<void>) => () => {
      rmSync(traceCache, { force: true });
      return command();
    };
    const viaCli = await alternate(runs, {
      reference: logL,
      ...nodeThenGit(logL, dir, env, logAndBlame),
      unprefetched: unprefetched(),
      traceCacheCold: withoutTraceCache(traceCli),
      subject: traceCli,
    });
    const inProcess = await sideBySide(runs, logL, traceLib(true));
    const cold = await sideBySide(runs, logL, traceLib(false));
    const linesViaCli = await alternate(runs, {
      reference: blameL,
      ...nodeThenGit(blameL, dir, env),
      unprefetched: unprefetched('--no-history'),
      traceCacheCold: withoutTraceCache(linesCli),
      subject: linesCli,
    });
    const linesInProcess = await sideBySide(runs, blameL, traceLib(true, true));
    const traceArgs = ['trace', FILE, '-L', RANGE, '--json'];
    const logArgs = ['log', '-L', `${RANGE}:${FILE}`];
    const blameArgs = ['blame', '-L', RANGE, 'HEAD', '--', FILE];
    const cpu = cpuRows('trace, end to end', 'git log -L', runs, { reference: ['git', logArgs], subject: [BIN, traceArgs] }, dir, env);
    const linesCpu = cpuRows(
      'trace --no-history, end to end',
      'git blame -L',
      runs,
      { reference: ['git', blameArgs], subject: [BIN, [...traceArgs, '--no-history']] },
      dir,
      env,
    );
    // Passing verdicts are what the cache keeps: a history where nothing verifies measures another thing.
    if (!sample.summary.byStatus.ok) throw new Error('bench history: no traced line comes from a commit that verifies');
    const shape =
      `${sample.history.length} commits in the range's history, ${sample.lines.length} blame ranges,` +
      ` ${sample.summary.byStatus.ok}/${sample.summary.lines} lines from commits that verify; ${attested}/${commits} commits attested;` +
      ` built in ${(buildMs / 1000).toFixed(1)} s; load ${loadavg()[0]!.toFixed(1)}`;
    return [
      ...endToEndRows(
        `trace ${FILE} -L ${RANGE} --json, end to end, verify cache warm (${runs} runs; ${shape})`,
        'trace, end to end',
        'git log -L',
        viaCli,
        'git log -L and git blame -L',
      ),
      ...cpu,
      {
        name: 'trace, in process (no Node start-up), passing verdicts from the verify cache',
        reference: 'git log -L',
        referenceMs: inProcess.reference,
        subjectMs: inProcess.subject,
        budgetMs: Math.round(inProcess.reference * 1.5),
        budgetOf: 'subject',
      },
      {
        name: 'trace, in process, --no-cache (every commit evaluated)',
        reference: 'git log -L',
        referenceMs: cold.reference,
        subjectMs: cold.subject,
        budgetMs: Math.round(cold.reference * 1.5),
        budgetOf: 'subject',
      },
      ...endToEndRows(
        `trace ${FILE} -L ${RANGE} --no-history --json (the lines view alone), end to end, verify cache warm`,
        'trace --no-history, end to end',
        'git blame -L',
        linesViaCli,
      ),
      ...linesCpu,
      {
        name: 'trace --no-history, in process',
        reference: 'git blame -L',
        referenceMs: linesInProcess.reference,
        subjectMs: linesInProcess.subject,
        budgetMs: Math.round(linesInProcess.reference * 1.5),
        budgetOf: 'subject',
      },
    ];
  } finally {
    box.cleanup();
  }
}
