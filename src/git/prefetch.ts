import { blameArgs } from './blame.js';
import { lineLogArgs } from './line-log.js';
import { isPipe } from './prefetch-frame.js';
import { takeStreams } from './prefetched.js';
import { COMMON_DIR_ARGS, HEAD_COMMIT_ARGS, NOTES_TIP_ARGS } from './trace-keys.js';
import { isObjectId } from '../core/object-id.js';

/**
 * trace's git reads, started by bin/ai-attest.cjs's sh part before Node itself starts
 * (docs/decisions.md, "The bin starts trace's git before Node"): for a request of the narrow form
 * `trace FILE -L N,M [-L N,M ...] [--no-history] [--json]`, sh runs `git blame` (and `git log -L`)
 * with exactly the arguments blameLines (lineLog) would, and the context's three small reads, and
 * hands their output to Node on inherited pipes from fd 3 up, each stream framed by a header and,
 * after each command, a trailer holding git's exit status. Node takes a stream only for the request it parsed itself, with the arguments it
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

/**
 * One stream sh hands over: the descriptor it arrives on and the git commands whose output it
 * holds, in order.
 */
export interface PrefetchStream {
  kind: 'blame' | 'log' | 'context';
  fd: number;
  commands: PrefetchCommand[];
}

/**
 * One git command sh runs (the arguments after `git -c core.hooksPath=/dev/null`, which runGit
 * adds) and what its output answers: the commands of named git functions, each with its own
 * output cut from it (null: cannot tell from this output, so that function runs git).
 */
export interface PrefetchCommand {
  args: readonly string[];
  answers: PrefetchAnswer[];
}

export interface PrefetchAnswer {
  args: readonly string[];
  cut(output: string): string | null;
}

/** The commands whose output trace reads: each its own answer. */
const itself = (args: readonly string[]): PrefetchCommand => ({ args, answers: [{ args, cut: (output) => output }] });

/**
 * What every trace asks git before it can judge a commit, whatever the request: the repository's
 * paths (repoPaths), HEAD's upstream and origin's default branches (headUpstreamAndRefs, for the
 * trust revision), HEAD resolved (the range's own trust), and, for the trace cache
 * (src/read/trace/cache.ts), HEAD's commit, the notes ref's tip and the common git dir. Two git processes: one
 * rev-parse answers four of the functions, its lines told apart by count (below), and the
 * for-each-ref. Taken only where a function asks exactly this; test/prefetch.test.ts requires
 * that none of them then runs.
 */
const PATHS = ['rev-parse', '--is-bare-repository', '--absolute-git-dir', '--git-common-dir', '--show-toplevel'];
const HEAD_REVS = ['rev-parse', '--revs-only', 'HEAD'];
const CONTEXT: readonly PrefetchCommand[] = [
  {
    // After the four paths, with --revs-only: the notes tip (none when the ref is missing), then
    // HEAD and its commit (neither on an unborn branch). 0 to 3 ids, each count one case only.
    args: [...PATHS, '--revs-only', NOTES_TIP_ARGS[2]!, 'HEAD', 'HEAD^{commit}'],
    answers: [
      { args: PATHS, cut: (out) => contextLines(out)?.paths ?? null },
      { args: HEAD_REVS, cut: (out) => contextLines(out)?.head ?? null },
      { args: HEAD_COMMIT_ARGS, cut: (out) => contextLines(out)?.headCommit ?? null },
      { args: NOTES_TIP_ARGS, cut: (out) => contextLines(out)?.notes ?? null },
      { args: COMMON_DIR_ARGS, cut: (out) => contextLines(out)?.commonDir ?? null },
    ],
  },
  itself([
    'for-each-ref',
    '--format=%(HEAD)%00%(upstream)%00%(refname)',
    'refs/heads/',
    'refs/remotes/origin/HEAD',
    'refs/remotes/origin/main',
    'refs/remotes/origin/master',
  ]),
];

/**
 * The combined rev-parse's output, cut into what each command alone prints; null where it is
 * not of the shape those commands give (a bare repository's, a path with a line break in it):
 * then each runs on its own.
 */
function contextLines(out: string): { paths: string; commonDir: string; head: string; headCommit: string | null; notes: string } | null {
  const lines = out.split('\n');
  if (lines.pop() !== '' || lines.length < 4 || lines.length > 7) return null;
  const [bare, gitDir, , top] = lines;
  if (bare !== 'false' || !gitDir!.startsWith('/') || !top!.startsWith('/')) return null;
  const ids = lines.slice(4);
  if (!ids.every((id) => isObjectId(id))) return null;
  const notes = ids.length % 2 ? ids.shift()! : null;
  const [head = null, headCommit = null] = ids;
  return {
    paths: `${lines.slice(0, 4).join('\n')}\n`,
    commonDir: `${lines[2]}\n`,
    head: head ? `${head}\n` : '',
    headCommit: headCommit ? `${headCommit}\n` : null,
    notes: notes ? `${notes}\n` : '',
  };
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

/** The streams sh hands over for a request, in the order of their descriptors (from 3). */
export function prefetchStreams(request: PrefetchRequest): PrefetchStream[] {
  const blame = blameArgs(request.file, request.specs, 'HEAD');
  const log = request.history ? [lineLogArgs(request.file, request.specs, 'HEAD')] : [];
  return [
    { kind: 'blame', commands: [itself(blame)] },
    ...log.map((args) => ({ kind: 'log' as const, commands: [itself(args)] })),
    { kind: 'context', commands: [...CONTEXT] },
  ].map((stream, i) => ({ ...stream, fd: 3 + i }) as PrefetchStream);
}

/** The marker sh sets: `v1:<its pid>:blame,context` or `v1:<its pid>:blame,log,context`. */
const MARKER = /^v1:([1-9][0-9]*):(blame,context|blame,log,context)$/;

/**
 * Called once, first thing, by the lean start with the marker the loader took out of the
 * environment (so no process of ours inherits it) and the arguments: starts reading the streams
 * that match the request (git never waits on a full pipe) and closes them otherwise, so that
 * their git ends early (SIGPIPE). `where`: the cwd and environment the trace runs git with.
 */
export function claimPrefetch(marker: string | undefined, argv: readonly string[], where: { cwd: string; env: NodeJS.ProcessEnv }): void {
  const m = marker === undefined ? null : MARKER.exec(marker);
  if (!m) return;
  const kinds = m[2]!.split(',');
  const fds = kinds.map((_, i) => 3 + i);
  // Set by hand, the marker may name descriptors that are not sh's pipes: Node's own (its event
  // loop opens its poll descriptor, never a pipe, at the lowest free number, then pipes above it)
  // or anything else. Only pipes, from fd 3 up, are read; nothing else is touched.
  if (!fds.every(isPipe)) return;
  const request = prefetchRequest(argv);
  const streams = request ? prefetchStreams(request) : [];
  const matches = streams.length === kinds.length && streams.every((s, i) => s.kind === kinds[i]);
  takeStreams(
    fds.map((fd, i) => ({ fd, pid: m[1]!, kind: kinds[i]!, commands: matches ? streams[i]!.commands : null })),
    where,
  );
}
