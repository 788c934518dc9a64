import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { expect } from 'vitest';
import { BIN, type Sandbox } from './repo.js';

/**
 * For the tests of bin/ai-attest.cjs's sh part (what it starts before Node): the POSIX shells it
 * is run under here, and the bin run under one of them with a `git` and a `node` of the test's
 * own first on PATH. The node writes down what it was started with (marker, arguments, stdin)
 * and what fds 3 to 6 hold; each git, its arguments (after what `gitPrefix` prints) in
 * `<seen>/git.<pid>`, then does what `gitBody` says.
 */
export const SHELLS = (
  [
    ['dash', ['dash']],
    ['bash as sh', ['bash', '--posix']],
    ['busybox ash', ['busybox', 'sh']],
  ] as Array<[string, string[]]>
).filter(([, [cmd, ...pre]]) => spawnSync(cmd!, [...pre, '-c', 'exit 0']).status === 0);

export interface BinShims {
  /** The bin under `shell`, with `argv`, stdin 'the user input'; what the shims saw is read after. */
  run(shell: string[], argv: string[], extra?: NodeJS.ProcessEnv): SpawnSyncReturns<string>;
  /** A file the shims wrote, as the NUL-separated fields it holds. */
  fields(file: string): string[];
  /** What each git started in the last run was given, in an order that does not depend on timing. */
  gitRuns(): string[][];
  /** What the node read from descriptor `n` ('' when it was not open). */
  fd(n: number): string;
  byText(a: string[], b: string[]): number;
  /**
   * The bin under `shell` with `argv`, as every run of the grammar must go: sh exits 0, Node gets
   * the arguments as they were and the user's stdin, and where sh `prefetches` nothing no git has
   * run and no marker is set. The marker Node got, or null where nothing was prefetched.
   */
  handOver(shell: string[], argv: string[], prefetches: boolean): string | null;
}

/** Writes the shims under `sandbox.root` (call from a beforeAll). `gitBody`: sh run after the arguments are written down. */
export function binShims(sandbox: Sandbox, gitBody: string, gitPrefix = ''): BinShims {
  const shim = join(sandbox.root, 'shim');
  const seen = join(sandbox.root, 'seen');
  mkdirSync(shim);
  writeFileSync(join(shim, 'git'), `#!/bin/sh\nprintf '%s\\0' ${gitPrefix}"$@" > '${seen}/git.'$$\n${gitBody}`);
  writeFileSync(
    join(shim, 'node'),
    '#!/bin/sh\n' +
      `printf '%s\\0' "\${AI_ATTEST_PREFETCH-(unset)}" "$@" > '${seen}/node'\n` +
      // Told to end at once, it reads nothing.
      '[ -n "$FAKE_NODE_STATUS" ] && exit "$FAKE_NODE_STATUS"\n' +
      `cat > '${seen}/stdin'\n` +
      // detect's spill: the notice (5) and the file (6) before the pipe dd shares with Node (4), as Node reads them.
      `for fd in 3 5 6 4; do eval "{ cat <&$fd; } > '${seen}/fd$fd' 2>/dev/null"; done\n` +
      '[ -n "$FAKE_NODE_SIGNAL" ] && kill -s "$FAKE_NODE_SIGNAL" $$\nexit 0\n',
  );
  chmodSync(join(shim, 'git'), 0o755);
  chmodSync(join(shim, 'node'), 0o755);
  const fields = (file: string) => readFileSync(join(seen, file), 'utf8').split('\0').slice(0, -1);
  const byText = (a: string[], b: string[]) => (a.join(' ') < b.join(' ') ? -1 : 1);
  const gitRuns = () =>
    readdirSync(seen)
      .filter((f) => f.startsWith('git.'))
      .map(fields)
      .sort(byText);
  const shims: BinShims = {
    run(shell, argv, extra = {}) {
      rmSync(seen, { recursive: true, force: true });
      mkdirSync(seen);
      const [cmd, ...pre] = shell;
      return spawnSync(cmd!, [...pre, BIN, ...argv], {
        cwd: sandbox.root,
        env: { ...sandbox.env, PATH: `${shim}${delimiter}${process.env.PATH}`, ...extra },
        input: 'the user input',
        encoding: 'utf8',
        // A guard, not a timing: a prefetch that left git running would hang here.
        timeout: 60_000,
      });
    },
    fields,
    gitRuns,
    fd: (n) => (existsSync(join(seen, `fd${n}`)) ? readFileSync(join(seen, `fd${n}`), 'utf8') : ''),
    byText,
    handOver(shell, argv, prefetches) {
      const label = JSON.stringify(argv);
      const r = shims.run(shell, argv);
      expect(r.status, `${label}: ${r.stderr}`).toBe(0);
      const [marker, ...nodeArgs] = fields('node');
      expect(nodeArgs, label).toEqual([BIN, ...argv]);
      expect(readFileSync(join(seen, 'stdin'), 'utf8'), label).toBe('the user input');
      if (prefetches) return marker!;
      expect(marker, label).toBe('(unset)');
      expect(gitRuns(), label).toEqual([]);
      return null;
    },
  };
  return shims;
}
