import { Socket } from 'node:net';
import { commitLogArgs } from './log.js';
import { notesSearchArgs, notesTipsArgs } from './notes-args.js';
import { closeUnread, frameHeader, isPipe, isRegularFile, PrefetchClaims, trailerMark, trailerStatus } from './prefetch-frame.js';
import { prefetchedLogProcess } from './prefetched-log.js';
import { spilledLogProcess } from './spilled-log.js';
import type { GitOptions, GitProcess } from './run.js';
import { isObjectId } from '../core/object-id.js';

/**
 * detect's first git reads, started by bin/ai-attest.cjs's sh part before Node itself starts
 * (docs/decisions.md, "The bin starts detect's git before Node"). For `detect [REV...]
 * [--json]` (operands that start with no dash), sh runs the probe notesTips makes and, for a
 * range that excludes no commit (every operand without `^` or `..`), with notes and no capture
 * search kept from an earlier run, the search notesContaining makes of the notes commit the probe
 * named, on one pipe, fd 3: a header, the probe's output and a trailer holding git's exit status,
 * then (when sh searched) the search's output and its trailer. With operands it also runs the
 * range's `git log` as readCommitBatchesInto would, on fd 4 (a header, the output, a trailer),
 * which Node reads as it arrives. Node takes each only for the request it parsed itself, with
 * exactly the arguments its own function would run, framing intact and from a git that answered;
 * anything else and git runs as it always did (a log found wanting only at its end: the range is
 * read again, see PrefetchedLogFailed). The probe is handed over as soon as its trailer is in.
 */

/** What the sh grammar accepted: whether sh also searched the notes, and ran the range's log. */
export interface DetectPrefetchRequest {
  search: boolean;
  /** The range's operands when sh ran its log (as readCommitBatchesInto would); null: it did not. */
  log: string[] | null;
}

/**
 * What sh runs, written out in its grammar: the probe notesTips makes for detect's two notes refs
 * (refs/notes/ai-attest, refs/notes/ai), the search notesContaining makes of the notes commit
 * the probe named for detect's CAPTURE_NEEDLES, and the range's log (test/prefetch-detect.test.ts
 * holds the refs and the needles equal to detect's, and sh's commands equal to these).
 */
export const PREFETCHED_PROBE: readonly string[] = notesTipsArgs('refs/notes/ai-attest', 'refs/notes/ai');
export const PREFETCHED_NEEDLES: readonly string[] = [
  'ai-attest.capture',
  'ImFpLWF0dGVzdC5jYXB0dXJl',
  'JhaS1hdHRlc3QuY2FwdHVy',
  'iYWktYXR0ZXN0LmNhcHR1',
];

export function prefetchedSearch(commit: string): string[] {
  return notesSearchArgs(commit, PREFETCHED_NEEDLES);
}

/** The range's `git log` for these operands, with GIT_FLUSH=0, as readCommitBatchesInto runs it for detect. */
export function prefetchedLog(operands: readonly string[]): string[] {
  return commitLogArgs(null, [...operands, '--']);
}

/**
 * The sh grammar of bin/ai-attest.cjs's `prefetch_detect`, in JavaScript: `argv` as the bin got
 * it (`detect`, then its arguments). `--json` and operands that are not empty and start with no
 * dash; anything else (another option, `--`, `--all`) is no prefetch. The search is made when
 * there is an operand and none of them excludes commits (`^`, `..`): a whole history, which the
 * search of every note is made for (src/detect/note-demand.ts). The log, when there is an
 * operand (without, the default range depends on the upstream: Node works it out).
 */
export function detectPrefetchRequest(argv: readonly string[]): DetectPrefetchRequest | null {
  if (argv[0] !== 'detect') return null;
  const operands: string[] = [];
  let bounded = false;
  for (const arg of argv.slice(1)) {
    if (arg === '--json') continue;
    if (arg === '' || arg.startsWith('-')) return null;
    operands.push(arg);
    if (arg.includes('^') || arg.includes('..')) bounded = true;
  }
  return { search: operands.length > 0 && !bounded, log: operands.length ? operands : null };
}

/** What git said: its output and exit status (a search that finds nothing exits 1). */
export interface PrefetchedAnswer {
  bytes: Buffer;
  status: number;
}

const notes = new PrefetchClaims<Promise<PrefetchedAnswer | null>>();
const logs = new PrefetchClaims<GitProcess>();

const MARKER = /^v1:([1-9][0-9]*):(notes|notes,log|notes,log,spill)$/;
/** The descriptors sh hands each kind of prefetch over on (the spill's file apart: see spilled-log.ts). */
const PIPES: Record<string, number[]> = { notes: [3], 'notes,log': [3, 4], 'notes,log,spill': [3, 4, 5] };
const SPILL_FILE = 6;

/**
 * Called once, first thing, by the lean start with the marker the loader took out of the
 * environment and the arguments: starts reading fd 3 (and 4) when the marker is sh's and the
 * request is the one sh prefetched for, closes them otherwise (their git then ends early).
 * `where`: the cwd and environment detect runs git with.
 */
export function claimDetectPrefetch(
  marker: string | undefined,
  argv: readonly string[],
  where: { cwd: string; env: NodeJS.ProcessEnv },
): void {
  const m = marker === undefined ? null : MARKER.exec(marker);
  const fds = PIPES[m?.[2] ?? 'notes']!;
  const spill = m?.[2] === 'notes,log,spill';
  // Set by hand, the marker may name descriptors that are not sh's pipes: only pipes (and sh's file) are read.
  if (!m || !fds.every(isPipe) || (spill && !isRegularFile(SPILL_FILE))) return;
  const request = detectPrefetchRequest(argv);
  if (!request || (request.log !== null) !== fds.length > 1) {
    for (const fd of fds) closeUnread(fd);
    if (spill) closeUnread(SPILL_FILE);
    return;
  }
  const pid = m[1]!;
  let search: (answer: PrefetchedAnswer | null) => void = () => undefined;
  const probe = readStream(3, pid, (answer) => {
    // Registered before the probe's answer is handed on: whoever reads it asks for the search next.
    const commit = answer?.status === 0 ? notesCommitOf(answer.bytes) : null;
    if (request.search && commit) notes.add(prefetchedSearch(commit), where, new Promise((resolve) => (search = resolve)));
  });
  notes.add(PREFETCHED_PROBE, where, probe.first);
  probe.rest.then((answer) => search(answer));
  if (!request.log) return;
  const log = spill ? spilledLogProcess({ file: SPILL_FILE, control: 5, pipe: 4 }, pid) : prefetchedLogProcess(4, pid);
  logs.add(prefetchedLog(request.log), where, log);
}

/**
 * The range's log sh started, as a started git whose output is read as it arrives, for exactly
 * these arguments (readCommitBatchesInto's, GIT_FLUSH=0 apart), cwd and environment; null
 * otherwise: start git. Once only. Its `ended` rejects with PrefetchedLogFailed when git failed
 * or the stream was not framed as sh frames it: the caller reads the range again with its own git.
 */
export function takePrefetchedLog(args: readonly string[], options: GitOptions): GitProcess | null {
  return logs.take(args, options);
}

/** Whether a log from sh is still waiting to be taken (a reader that tells anything before the range ends holds it back). */
export function logPrefetched(): boolean {
  return logs.pending;
}

/**
 * git's answer for exactly these arguments, cwd and environment when sh ran them; null otherwise
 * (never prefetched, taken already, cut short): run git. null at once, without a promise, where
 * nothing was prefetched for them. Once only. The caller judges the exit status.
 */
export function prefetchedNotes(args: readonly string[], options: GitOptions): Promise<PrefetchedAnswer | null> | null {
  return notes.take(args, options);
}

/** The commit refs/notes/ai-attest names in the probe's output (as notesTips reads it), or null. */
function notesCommitOf(output: Buffer): string | null {
  const [, ...ids] = output.toString('utf8').split('\n');
  return ids.find((id) => isObjectId(id)) ?? null;
}

/**
 * Reads `ai-attest-prefetch v1 <pid> notes\n`, the probe's output and its trailer
 * `\nai-attest-prefetch <pid> <status>\n` (`first`, told to `onFirst` before it resolves), then
 * nothing or the search's output and its trailer, which ends the stream (`rest`). null for a part
 * that is missing, cut short or not framed as sh frames it.
 */
function readStream(
  fd: number,
  pid: string,
  onFirst: (answer: PrefetchedAnswer | null) => void,
): { first: Promise<PrefetchedAnswer | null>; rest: Promise<PrefetchedAnswer | null> } {
  let tellFirst!: (answer: PrefetchedAnswer | null) => void;
  let tellRest!: (answer: PrefetchedAnswer | null) => void;
  const first = new Promise<PrefetchedAnswer | null>((resolve) => (tellFirst = resolve));
  const rest = new Promise<PrefetchedAnswer | null>((resolve) => (tellRest = resolve));
  let firstDone = false;
  const settleFirst = (answer: PrefetchedAnswer | null) => {
    if (firstDone) return;
    firstDone = true;
    onFirst(answer);
    tellFirst(answer);
  };
  const fail = () => {
    settleFirst(null);
    tellRest(null);
  };
  let stream: Socket;
  try {
    stream = new Socket({ fd, readable: true, writable: false });
  } catch {
    fail();
    return { first, rest };
  }
  const header = frameHeader(pid, 'notes');
  const mark = trailerMark(pid);
  const chunks: Buffer[] = [];
  let length = 0;
  /** Where the search's part starts, once the probe's trailer is in. */
  let restAt = -1;
  stream.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    if (restAt >= 0) return;
    const all = chunks.length === 1 ? chunk : Buffer.concat(chunks, length);
    chunks.length = 0;
    chunks.push(all);
    const seen = all.subarray(0, header.length);
    if (!header.subarray(0, seen.length).equals(seen)) {
      // Not sh's stream: stop at once (its writer gets SIGPIPE), and run git instead.
      stream.destroy();
      fail();
      return;
    }
    if (all.length < header.length) return;
    const trailer = all.indexOf(mark, header.length);
    if (trailer < 0) return;
    const status = trailerStatus(all, trailer + mark.length);
    if (status === undefined) return;
    if (status === null) {
      stream.destroy();
      fail();
      return;
    }
    restAt = trailer + mark.length + status.length;
    settleFirst({ bytes: Buffer.from(all.subarray(header.length, trailer)), status: status.status });
  });
  stream.on('error', fail);
  stream.on('close', fail);
  stream.on('end', () => {
    stream.destroy();
    if (restAt < 0) return fail();
    const all = Buffer.concat(chunks, length);
    if (all.length === restAt) return tellRest(null);
    const trailer = all.lastIndexOf(mark);
    const status = trailer >= restAt ? trailerStatus(all, trailer + mark.length) : null;
    const ends = status && trailer + mark.length + status.length === all.length;
    tellRest(ends ? { bytes: Buffer.from(all.subarray(restAt, trailer)), status: status.status } : null);
  });
  return { first, rest };
}
