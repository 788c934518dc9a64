import { blameArgs } from './blame.js';
import { lineLogArgs } from './line-log.js';
import { isPipe, takeStreams } from './prefetched.js';

/**
 * trace's git reads, started by bin/ai-attest.cjs's sh part before Node itself starts
 * (docs/decisions.md, "The bin starts trace's git before Node"): for a request of the narrow form
 * `trace FILE -L N,M [-L N,M ...] [--no-history] [--json]`, sh runs `git blame` (and `git log -L`)
 * with exactly the arguments blameLines (lineLog) would, and hands their output to Node on
 * inherited pipes, fd 3 (and fd 4), each stream framed by a header and a trailer holding git's
 * exit status. Node takes a stream only for the request it parsed itself, with the arguments it
 * would run, intact and from a git that succeeded; anything else and git runs as it always did,
 * so what the user sees (output, messages, exit codes) never depends on whether sh prefetched.
 */
export const PREFETCH_VARIABLE = 'AI_ATTEST_PREFETCH';

/** What the sh grammar accepted: the trace request it prefetched for. */
export interface PrefetchRequest {
  file: string;
  specs: string[];
  history: boolean;
}

/** One prefetched git command: the descriptor it arrives on and blameLines' (lineLog's) arguments. */
export interface PrefetchCommand {
  kind: 'blame' | 'log';
  fd: 3 | 4;
  args: string[];
}

/**
 * The sh grammar of bin/ai-attest.cjs, in JavaScript: `argv` as the bin got it (`trace`, then
 * its arguments). Only what both sides read the same way: one operand that is not empty and
 * starts with no dash, `-L N,M` (digits, from 1, no leading zero) at least once, `--no-history`,
 * `--json`; anything else (another option, `-L` glued to its value, `--`) is no prefetch.
 * test/prefetch.test.ts runs both over the same argument lists.
 */
export function prefetchRequest(argv: readonly string[]): PrefetchRequest | null {
  if (argv[0] !== 'trace') return null;
  let file: string | null = null;
  const specs: string[] = [];
  let history = true;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-L') {
      const value = argv[++i];
      if (value === undefined || !/^[1-9][0-9]*,[1-9][0-9]*$/.test(value)) return null;
      specs.push(value);
    } else if (arg === '--no-history') history = false;
    else if (arg === '--json') continue;
    else if (arg.startsWith('-') || file !== null) return null;
    else file = arg;
  }
  return file && specs.length ? { file, specs, history } : null;
}

/** The git commands sh runs for a request (after `git -c core.hooksPath=/dev/null`, as runGit adds it). */
export function prefetchCommands(request: PrefetchRequest): PrefetchCommand[] {
  const blame: PrefetchCommand = { kind: 'blame', fd: 3, args: blameArgs(request.file, request.specs, 'HEAD') };
  if (!request.history) return [blame];
  return [blame, { kind: 'log', fd: 4, args: lineLogArgs(request.file, request.specs, 'HEAD') }];
}

/** The marker sh sets: `v1:<its pid>:blame` or `v1:<its pid>:blame,log`. */
const MARKER = /^v1:([1-9][0-9]*):(blame|blame,log)$/;

/**
 * Called once, first thing, by the lean start with the marker the loader took out of the
 * environment (so no process of ours inherits it) and the arguments: starts reading the streams
 * that match the request (git never waits on a full pipe) and closes any it will not use, so
 * that its git ends early (SIGPIPE). `where`: the cwd and environment the trace runs git with.
 */
export function claimPrefetch(marker: string | undefined, argv: readonly string[], where: { cwd: string; env: NodeJS.ProcessEnv }): void {
  const m = marker === undefined ? null : MARKER.exec(marker);
  if (!m) return;
  const kinds = m[2]!.split(',');
  const fds = kinds.map((_, i) => 3 + i);
  // Set by hand, the marker may name descriptors that are not sh's pipes: Node's own (its event
  // loop opens its poll descriptor, never a pipe, at the lowest free number, then pipes above it)
  // or anything else. Only pipes, from the lowest number up, are read; nothing else is touched.
  if (!fds.every(isPipe)) return;
  const request = prefetchRequest(argv);
  const commands = request ? prefetchCommands(request) : [];
  const matches = commands.length === kinds.length && commands.every((c, i) => c.kind === kinds[i]);
  takeStreams(
    fds.map((fd, i) => ({ fd, header: `ai-attest-prefetch v1 ${m[1]} ${kinds[i]}\n`, args: matches ? commands[i]!.args : null })),
    where,
  );
}
