import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import { notesSearchArgs, notesTipsArgs } from './notes-args.js';
import { isPipe } from './prefetched.js';
import type { GitOptions } from './run.js';

/**
 * detect's notes probe and its search of every note, started by bin/ai-attest.cjs's sh part
 * before Node itself starts (docs/decisions.md, "The bin starts detect's notes search before
 * Node"). For `detect [REV...] [--json]` (operands that start with no dash), sh runs the probe
 * notesTips makes and, for a range that excludes no commit (every operand without `^` or `..`),
 * with notes and no capture search kept from an earlier run, the search notesContaining makes of
 * the notes commit the probe named; it hands both to Node on one pipe, fd 3: a header, the
 * probe's output and a trailer holding git's exit status, then (when sh searched) the search's
 * output and its trailer. Node takes each only for the request it parsed itself, with exactly the
 * arguments its own function would run, framing intact and from a git that answered; anything
 * else and git runs as it always did. The probe is handed over as soon as its trailer is in, not
 * when the search ends.
 */

/** What the sh grammar accepted: whether it also searched (a range that excludes no commit). */
export interface NotesPrefetchRequest {
  search: boolean;
}

/**
 * What sh runs, written out in its grammar: the probe notesTips makes for detect's two notes refs
 * (refs/notes/ai-attest, refs/notes/ai), and the search notesContaining makes of the notes commit
 * the probe named for detect's CAPTURE_NEEDLES (test/prefetch-notes.test.ts holds the refs and
 * the needles equal to detect's, and sh's commands equal to these).
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

/**
 * The sh grammar of bin/ai-attest.cjs's `prefetch_notes`, in JavaScript: `argv` as the bin got
 * it (`detect`, then its arguments). `--json` and operands that are not empty and start with no
 * dash; anything else (another option, `--`, `--all`) is no prefetch. The search is made when
 * there is an operand and none of them excludes commits (`^`, `..`): a whole history, which the
 * search of every note is made for (src/detect/note-demand.ts).
 */
export function notesPrefetchRequest(argv: readonly string[]): NotesPrefetchRequest | null {
  if (argv[0] !== 'detect') return null;
  let operands = 0;
  let bounded = false;
  for (const arg of argv.slice(1)) {
    if (arg === '--json') continue;
    if (arg === '' || arg.startsWith('-')) return null;
    operands++;
    if (arg.includes('^') || arg.includes('..')) bounded = true;
  }
  return { search: operands > 0 && !bounded };
}

/** What git said: its output and exit status (a search that finds nothing exits 1). */
export interface PrefetchedAnswer {
  bytes: Buffer;
  status: number;
}

interface Claimed {
  args: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  answer: Promise<PrefetchedAnswer | null>;
}

let claimed: Claimed[] = [];

const MARKER = /^v1:([1-9][0-9]*):notes$/;
const FD = 3;

/**
 * Called once, first thing, by the lean start with the marker the loader took out of the
 * environment and the arguments: starts reading fd 3 when the marker is sh's and the request is
 * one sh prefetches for, closes it otherwise (its git then ends early). `where`: the cwd and
 * environment detect runs git with.
 */
export function claimNotesPrefetch(
  marker: string | undefined,
  argv: readonly string[],
  where: { cwd: string; env: NodeJS.ProcessEnv },
): void {
  const m = marker === undefined ? null : MARKER.exec(marker);
  // Set by hand, the marker may name a descriptor that is not sh's pipe: only a pipe is read.
  if (!m || !isPipe(FD)) return;
  const request = notesPrefetchRequest(argv);
  if (!request) {
    close(FD);
    return;
  }
  let search: (answer: PrefetchedAnswer | null) => void = () => undefined;
  const probe = readStream(FD, m[1]!, (answer) => {
    // Registered before the probe's answer is handed on: whoever reads it asks for the search next.
    const commit = answer?.status === 0 ? notesCommitOf(answer.bytes) : null;
    if (request.search && commit) {
      claimed.push({ args: prefetchedSearch(commit).join('\0'), ...where, answer: new Promise((resolve) => (search = resolve)) });
    }
  });
  claimed = [{ args: PREFETCHED_PROBE.join('\0'), ...where, answer: probe.first }];
  probe.rest.then((answer) => search(answer));
}

/**
 * git's answer for exactly these arguments, cwd and environment when sh ran them; null otherwise
 * (never prefetched, taken already, cut short): run git. null at once, without a promise, where
 * nothing was prefetched for them. Once only. The caller judges the exit status.
 */
export function prefetchedNotes(args: readonly string[], options: GitOptions): Promise<PrefetchedAnswer | null> | null {
  if (!claimed.length || options.git || options.input !== undefined) return null;
  const key = args.join('\0');
  const at = claimed.findIndex((c) => c.args === key && c.cwd === options.cwd && c.env === (options.env ?? process.env));
  if (at < 0) return null;
  const [taken] = claimed.splice(at, 1);
  return taken!.answer;
}

/** The commit refs/notes/ai-attest names in the probe's output (as notesTips reads it), or null. */
function notesCommitOf(output: Buffer): string | null {
  const [, ...ids] = output.toString('utf8').split('\n');
  return ids.find((id) => OBJECT_ID.test(id)) ?? null;
}

const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

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
  const header = Buffer.from(`ai-attest-prefetch v1 ${pid} notes\n`);
  const mark = Buffer.from(`\nai-attest-prefetch ${pid} `);
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

/**
 * The exit status after a trailer's mark (`<status>\n`, one to three digits): undefined while it
 * may still be arriving, null when it is not one.
 */
function trailerStatus(all: Buffer, at: number): { status: number; length: number } | null | undefined {
  const text = all.subarray(at, at + 4).toString('latin1');
  const m = /^([0-9]{1,3})\n/.exec(text);
  if (m) return { status: Number(m[1]), length: m[0].length };
  return /^[0-9]{0,3}$/.test(text) && text.length < 4 ? undefined : null;
}

function close(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // closed already
  }
}
