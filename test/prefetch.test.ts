// @module-tag git
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefetchRequest, prefetchStreams } from '../src/git/prefetch.js';
import { writeLineHistory } from './helpers/line-history.js';
import { repoMissingABlob } from './helpers/missing-object.js';
import { binShims, SHELLS, type BinShims } from './helpers/bin-shims.js';
import { BIN, makeRepo, makeSandbox } from './helpers/repo.js';

/*
 * bin/ai-attest.cjs's sh part starts trace's git (blame, and log -L) before Node, for the narrow
 * form `trace FILE -L N,M [-L N,M ...] [--no-history] [--json]`, and hands their output to Node on
 * fd 3 (and 4). These tests hold the three promises that make it safe: sh prefetches exactly when
 * the JavaScript mirror of its grammar says so, with exactly the arguments blameLines and lineLog
 * build; what the user sees is the same whether sh prefetched or not (`node bin/ai-attest.cjs`
 * never does); and a marker set by hand, with anything on fds 3 and 4, changes nothing.
 */
const sandbox = makeSandbox('ai-attest-prefetch-');
afterAll(() => sandbox.cleanup());

const shells = SHELLS;

/** The argument lists the grammar is tried on (after the bin's path). */
const ACCEPTED: string[][] = [
  ['trace', 'f.txt', '-L', '1,2'],
  ['trace', 'f.txt', '-L', '10,200', '--json'],
  ['trace', '-L', '3,4', 'src/a b.js', '--no-history'],
  ['trace', '--json', '-L', '1,9', '-L', '20,29', 'dir/naïve ✓.txt', '--no-history', '--json'],
  ['trace', 'f.txt', '--no-history', '--no-history', '-L', '7,7'],
  ['trace', "it's *.txt", '-L', '1,2'],
  ['trace', 'two\nlines.txt', '-L', '1,2'],
  ['trace', 'f.txt', '-L', '5,1'],
];
const REFUSED: string[][] = [
  ['trace'],
  ['trace', 'f.txt'],
  ['trace', '-L', '1,2'],
  ['trace', 'f.txt', '-L'],
  ['trace', 'f.txt', '-L', '0,2'],
  ['trace', 'f.txt', '-L', '1,0'],
  ['trace', 'f.txt', '-L', '01,2'],
  ['trace', 'f.txt', '-L', '1,02'],
  ['trace', 'f.txt', '-L', '12'],
  ['trace', 'f.txt', '-L', '1,+5'],
  ['trace', 'f.txt', '-L', '1,-5'],
  ['trace', 'f.txt', '-L', ',2'],
  ['trace', 'f.txt', '-L', '1,'],
  ['trace', 'f.txt', '-L', '1,2,3'],
  ['trace', 'f.txt', '-L', ' 1,2'],
  ['trace', 'f.txt', '-L', ':main'],
  ['trace', 'f.txt', '-L', '--json'],
  ['trace', 'f.txt', '-L1,2'],
  ['trace', 'f.txt', '--lines', '1,2'],
  ['trace', 'f.txt', '--lines=1,2'],
  ['trace', 'f.txt', '-L', '1,2', '--rev', 'HEAD'],
  ['trace', 'f.txt', '-L', '1,2', '--follow'],
  ['trace', 'f.txt', '-L', '1,2', '--patch'],
  ['trace', 'f.txt', '-L', '1,2', '--no-cache'],
  ['trace', 'f.txt', '-L', '1,2', '--help'],
  ['trace', 'f.txt', '-L', '1,2', '-h'],
  ['trace', 'f.txt', '-L', '1,2', '--'],
  ['trace', '-L', '1,2', '--', '-f.txt'],
  ['trace', '-', '-L', '1,2'],
  ['trace', '', '-L', '1,2'],
  ['trace', 'f.txt', 'g.txt', '-L', '1,2'],
  ['trace', '', 'g.txt', '-L', '1,2'],
  ['verify', 'f.txt', '-L', '1,2'],
  ['report'],
  ['--version'],
];

const seen = join(sandbox.root, 'seen');
let shims: BinShims;

beforeAll(() => {
  // A git that writes down its arguments and prints a line (see binShims for the node).
  shims = binShims(sandbox, 'echo "git output"\n[ -n "$FAKE_GIT_FOREVER" ] && exec yes\nexit "${FAKE_GIT_STATUS:-0}"\n');
});

const runShimmed = (shell: string[], argv: string[], extra: NodeJS.ProcessEnv = {}) => shims.run(shell, argv, extra);
const gitRuns = () => shims.gitRuns();
const byText = (a: string[], b: string[]) => shims.byText(a, b);

describe("the bin's sh grammar and its JavaScript mirror", () => {
  it.each(shells)('agree, and sh runs exactly the git arguments Node would (%s)', (_, shell) => {
    for (const argv of [...ACCEPTED, ...REFUSED]) {
      const label = JSON.stringify(argv);
      const request = prefetchRequest(argv);
      const marker = shims.handOver(shell, argv, request !== null);
      if (!request) continue;
      const streams = prefetchStreams(request);
      expect(marker, label).toMatch(new RegExp(`^v1:[0-9]+:${streams.map((c) => c.kind).join(',')}$`));
      const pid = marker!.split(':')[1];
      const expected = streams.flatMap((c) => c.commands).map(({ args }) => ['-c', 'core.hooksPath=/dev/null', ...args]);
      expect(gitRuns(), label).toEqual(expected.sort(byText));
      for (const { fd, kind, commands } of streams) {
        const sections = commands.map(() => `git output\n\nai-attest-prefetch ${pid} 0\n`).join('');
        const framed = `ai-attest-prefetch v1 ${pid} ${kind}\n${sections}`;
        expect(readFileSync(join(seen, `fd${fd}`), 'utf8'), label).toBe(framed);
      }
      expect(
        existsSync(join(seen, `fd${streams.length + 3}`)) && readFileSync(join(seen, `fd${streams.length + 3}`), 'utf8'),
        label,
      ).toBeFalsy();
    }
  });

  it.each(shells)("hands on git's failure, Node's exit status and the signal that ended Node (%s)", (_, shell) => {
    const argv = ['trace', 'f.txt', '-L', '1,2'];
    expect(runShimmed(shell, argv, { FAKE_GIT_STATUS: '128' }).status).toBe(0);
    expect(readFileSync(join(seen, 'fd3'), 'utf8')).toMatch(/\nai-attest-prefetch [0-9]+ 128\n$/);
    expect(runShimmed(shell, argv, { FAKE_NODE_STATUS: '2' }).status).toBe(2);
    const killed = runShimmed(shell, argv, { FAKE_NODE_SIGNAL: 'TERM' });
    expect(killed.signal).toBe('SIGTERM');
  });

  it.each(shells)('leaves no git behind when Node ends without reading (%s)', (_, shell) => {
    // git would write forever: it ends on SIGPIPE once Node has gone, and so does the bin.
    for (const argv of [
      ['trace', 'f.txt', '-L', '1,2'],
      ['trace', 'f.txt', '-L', '1,2', '--no-history'],
    ]) {
      const r = runShimmed([...shell], argv, { FAKE_GIT_FOREVER: '1', FAKE_NODE_STATUS: '3' });
      expect(r.error, JSON.stringify(argv)).toBeUndefined();
      expect(r.status).toBe(3);
    }
  });
});

/** The context's two git processes sh starts, and what the first answers that would otherwise run on its own. */
const CONTEXT_READS = ['rev-parse --is-bare-repository', 'for-each-ref --format=%(HEAD)'];
const ANSWERED = ['rev-parse --revs-only HEAD', 'rev-parse -q --verify HEAD^{commit}', 'rev-parse --revs-only --glob='];

describe('what the user sees, with and without the prefetch', () => {
  const repo = makeRepo(sandbox, 'history');
  const recorder = join(sandbox.root, 'recorder');
  const record = join(sandbox.root, 'git-calls');
  let files: Map<string, number>;
  beforeAll(() => {
    files = writeLineHistory(repo, 4242, 60).files;
    mkdirSync(recorder);
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    // The real git, after writing down its arguments and whether it saw the marker.
    writeFileSync(join(recorder, 'git'), `#!/bin/sh\necho "\${AI_ATTEST_PREFETCH-(unset)} $*" >> '${record}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(recorder, 'git'), 0o755);
  });

  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    ...repo.env,
    PATH: `${recorder}${delimiter}${process.env.PATH}`,
    GIT_CEILING_DIRECTORIES: sandbox.root,
    ...extra,
  });
  const calls = () => {
    const list = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
    rmSync(record, { force: true });
    return list;
  };
  /** The bin executed (sh prefetches) and run by node (it never does), from the same place. */
  function both(argv: string[], cwd = repo.dir) {
    calls();
    const executed = spawnSync(BIN, argv, { cwd, env: env(), encoding: 'utf8' });
    const executedCalls = calls();
    const direct = spawnSync(process.execPath, [BIN, ...argv], { cwd, env: env(), encoding: 'utf8' });
    calls();
    return { executed, direct, executedCalls };
  }
  const same = (argv: string[], cwd?: string) => {
    const { executed, direct, executedCalls } = both(argv, cwd);
    const label = JSON.stringify(argv);
    expect(executed.stdout, label).toBe(direct.stdout);
    expect(executed.stderr, label).toBe(direct.stderr);
    expect(executed.status, label).toBe(direct.status);
    expect(executed.signal, label).toBe(direct.signal);
    return { status: executed.status, stdout: executed.stdout, calls: executedCalls };
  };

  it('is the same text and JSON on a history with renames, moves and merges; git runs once', () => {
    let traced = 0;
    // Three files: the first ones of a history where each has been moved, renamed or merged into.
    for (const [file, length] of [...files].slice(0, 3)) {
      const mid = Math.max(1, Math.floor(length / 2));
      for (const lines of [['1,12'], [`${mid},${Math.min(length, mid + 15)}`, `2,${Math.min(length, 6)}`]]) {
        const specs = lines.flatMap((l) => ['-L', l]);
        for (const extra of [[], ['--json'], ['--no-history'], ['--no-history', '--json']]) {
          const { status, calls: ran } = same(['trace', file, ...specs, ...extra]);
          expect(status).toBe(0);
          // sh's blame and log -L, taken by Node: neither ran twice, and no git Node started saw the marker.
          const history = !extra.includes('--no-history');
          expect(ran.filter((c) => / blame --porcelain /.test(c)).length, file).toBe(1);
          expect(ran.filter((c) => / log .* -L /.test(c)).length, file).toBe(history ? 1 : 0);
          // And the context's reads: each once, so Node took sh's.
          for (const command of CONTEXT_READS) expect(ran.filter((c) => c.includes(command)).length, command).toBe(1);
          for (const command of ANSWERED) expect(ran.filter((c) => c.includes(command)).length, command).toBe(0);
          expect(ran.every((c) => c.startsWith('(unset) '))).toBe(true);
          traced++;
        }
      }
    }
    expect(traced).toBe(24);
  });

  it("gives git's errors and exit codes exactly: a missing file, a range past the end, outside a repository", () => {
    const [file, length] = [...files][0]!;
    const cases: Array<[string[], string | undefined]> = [
      [['trace', 'no-such-file.js', '-L', '1,2'], undefined],
      [['trace', 'no-such-file.js', '-L', '1,2', '--no-history'], undefined],
      [['trace', file, '-L', `${length + 5},${length + 9}`], undefined],
      [['trace', file, '-L', `${length + 5},${length + 9}`, '--no-history', '--json'], undefined],
      [['trace', file, '-L', '1,2'], sandbox.root],
      [['trace', file, '-L', '1,2', '--no-history'], sandbox.root],
    ];
    for (const [argv, cwd] of cases) {
      const { status } = same(argv, cwd);
      expect(status, JSON.stringify(argv)).toBe(2);
    }
  });

  it('ends quietly when the reader of its output goes away (EPIPE), as without the prefetch', () => {
    const [file, length] = [...files][0]!;
    const argv = ['trace', file, '-L', `1,${length}`, '--json'];
    const script = '{ "$@"; echo "exit $?" >&2; } | head -c 40 >/dev/null';
    for (const command of [[BIN], [process.execPath, BIN]]) {
      const r = spawnSync('sh', ['-c', script, 'sh', ...command, ...argv], {
        cwd: repo.dir,
        env: env(),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stderr, command.join(' ')).toBe('exit 0\n');
    }
  });

  it('is the same for a clone with a missing object, where git fails and Node runs it again', () => {
    const broken = repoMissingABlob(sandbox, 'missing-object').repo;
    for (const extra of [[], ['--no-history']]) {
      const { status, stdout } = same(['trace', 'f.txt', '-L', '1,3', ...extra], broken.dir);
      expect(status).not.toBe(0);
      expect(stdout).toBe('');
    }
  });
});

describe('a marker set by hand', () => {
  const repo = makeRepo(sandbox, 'by-hand');
  beforeAll(() => {
    repo.write('f.txt', 'one\ntwo\nthree\nfour\n');
    repo.git(['add', 'f.txt']);
    repo.git(['commit', '-q', '-m', 'first']);
    repo.write('f.txt', 'one\n2\nthree\nfour\n');
    repo.git(['commit', '-q', '-am', 'second']);
  });

  it('changes nothing, whatever fds 3 to 5 hold', () => {
    const argv = ['trace', 'f.txt', '-L', '1,3', '--json'];
    const expected = spawnSync(process.execPath, [BIN, ...argv], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(expected.status, expected.stderr).toBe(0);
    const header = (kind: string) => `ai-attest-prefetch v1 1 ${kind}\\n`;
    // Through sh, to put pipes (not sockets, as Node's spawn would) on the descriptors.
    const feeds = [
      '', // nothing open: Node's own descriptors sit there, never to be touched
      '3</dev/null 4</dev/null 5</dev/null',
      `3<'${join(repo.dir, 'f.txt')}'`,
      '3<&0 4<&0 5<&0',
    ];
    const pipes = [
      "printf 'not a stream of ours'",
      `printf '${header('blame')}'`,
      `printf '${header('blame')}forged\\n\\nai-attest-prefetch 1 128\\n'`,
      `printf '${header('blame')}cut short'`,
    ];
    const runs: string[] = [
      ...feeds.map((feed) => `exec node '${BIN}' "$@" ${feed}`),
      ...pipes.flatMap((pipe) => [
        `${pipe} | exec node '${BIN}' "$@" 3<&0 4</dev/null 5</dev/null 0</dev/null`,
        `${pipe} | { ${pipe} | { ${pipe} | exec node '${BIN}' "$@" 5<&0 0</dev/null; } 4<&0; } 3<&0`,
      ]),
    ];
    for (const [i, script] of runs.entries()) {
      for (const marker of ['v1:1:blame,context', 'v1:1:blame,log,context', ...(i ? [] : ['v2:1:blame,context', 'garbage'])]) {
        const r = spawnSync('sh', ['-c', script, 'sh', ...argv], {
          cwd: repo.dir,
          env: { ...repo.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, AI_ATTEST_PREFETCH: marker },
          encoding: 'utf8',
          timeout: 60_000,
        });
        const label = `${marker}: ${script}`;
        expect(r.error, label).toBeUndefined();
        expect(r.stderr, label).toBe(expected.stderr);
        expect(r.stdout, label).toBe(expected.stdout);
        expect(r.status, label).toBe(0);
      }
    }
    // Not vacuous: a stream framed as sh frames it is taken, as a git of one's own on PATH would be
    // (the context's stream here is not one, and its commands run).
    const framed = spawnSync(
      'sh',
      [
        '-c',
        `printf '${header('blame')}\\nai-attest-prefetch 1 0\\n' | { printf x | exec node '${BIN}' "$@" 4<&0 0</dev/null; } 3<&0`,
        'sh',
        ...argv,
        '--no-history',
      ],
      { cwd: repo.dir, env: { ...repo.env, AI_ATTEST_PREFETCH: 'v1:1:blame,context' }, encoding: 'utf8' },
    );
    expect(framed.status, framed.stderr).toBe(0);
    expect(JSON.parse(framed.stdout).lines).toEqual([]);
  });
});
