import { GitError } from '../errors.js';
import { readAhead } from './read-ahead.js';
import { revisionProblem, startGit, type GitProcess, type GitRunner } from './run.js';

export interface StreamOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** A runner other than the spawning one (a fake in unit tests): its whole output, then split. */
  git?: GitRunner;
  /** Also yield the text after the last NUL (for formats whose last record is not NUL-terminated). */
  tail?: boolean;
  /**
   * Standard input, written once it resolves: git starts now and waits on its stdin (`--stdin`)
   * until the caller knows what to ask. A rejection ends git unasked (and the stream fails).
   */
  stdinLater?: Promise<string>;
  /** gitTextChunks: bytes git may write ahead of the reader (see readAhead); default: a pipe's worth. */
  readAhead?: number;
  /** gitTextChunksInto: the git already started for these arguments (sh's, src/git/prefetch-detect.ts), read instead of starting one. */
  started?: GitProcess;
}

/**
 * Runs one `git ... -z` and yields its NUL-separated tokens as they arrive, so a range of any
 * length streams through one process. Output is decoded as a stream (a multi-byte character
 * split across chunks is joined) and split as strings: much cheaper than a Buffer per token.
 * A non-zero exit becomes a GitError saying what was read (`what`) and how to fix the range.
 */
export async function* gitNulTokens(args: readonly string[], what: string, options: StreamOptions): AsyncGenerator<string> {
  const child = startReader(args, options);
  child.stdout.setEncoding('utf8');
  let partial = '';
  let read = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      let start = 0;
      for (let nul = chunk.indexOf('\0'); nul !== -1; nul = chunk.indexOf('\0', start)) {
        const token = partial ? partial + chunk.slice(start, nul) : chunk.slice(start, nul);
        partial = '';
        start = nul + 1;
        yield token;
      }
      if (start < chunk.length) partial += chunk.slice(start);
    }
    read = true;
    if (options.tail) yield partial;
  } finally {
    // The reader stopped early (a limit, an error): git need not write the rest.
    if (!read) child.kill();
  }
  const ended = await child.ended;
  if (ended.status !== 0) throw streamFailure(args, what, ended.stderr, ended.status);
}

/**
 * Runs one `git ...` and yields its output as decoded text chunks (a multi-byte character split
 * across chunks is joined), for readers that split a chunk themselves rather than pay an await
 * per token. `input` (or `stdinLater`, once it resolves) is written to git's stdin (e.g. commit ids
 * for `--stdin`). A non-zero exit becomes the same GitError as gitNulTokens'.
 */
export async function* gitTextChunks(
  args: readonly string[],
  what: string,
  options: StreamOptions & { input?: string },
): AsyncGenerator<string> {
  const child = startReader(args, options);
  if (!options.readAhead) child.stdout.setEncoding('utf8');
  let read = false;
  try {
    yield* options.readAhead ? readAhead(child.stdout, options.readAhead) : (child.stdout as AsyncIterable<string>);
    read = true;
  } finally {
    // The reader stopped early (a limit, an error): git need not write the rest.
    if (!read) child.kill();
  }
  const ended = await child.ended;
  if (ended.status !== 0) throw streamFailure(args, what, ended.stderr, ended.status);
}

/**
 * gitTextChunks without an await per chunk: `onChunk` is called from the stream's own events as
 * git's output arrives. A chunk is a few KB (about a thousand for 10,000 commits), and async
 * iteration costs each one a promise per layer of generators: ~13 ms of Node's CPU for 10,000
 * commits here. `onChunk` may return a promise (rare work that must wait): the stream is paused
 * until it settles, so chunks are handed over one at a time, in order. Resolves once git has
 * exited and every chunk has been handed over; a non-zero exit is the same GitError as
 * gitTextChunks'. A throw or rejection from `onChunk` stops git and rejects with it.
 */
export function gitTextChunksInto(
  args: readonly string[],
  what: string,
  options: StreamOptions & { input?: string },
  onChunk: (chunk: string) => void | Promise<void>,
): Promise<void> {
  const child = options.started ?? startReader(args, options);
  const stdout = child.stdout;
  stdout.setEncoding('utf8');
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(error);
    };
    const drained = new Promise<void>((done) => stdout.once('end', done));
    // The work onChunk left waiting for the chunk handed over last: the stream can end before it is done.
    let waited: Promise<void> = Promise.resolve();
    stdout.on('error', fail);
    stdout.on('data', (chunk: string) => {
      if (failed) return;
      let waiting: void | Promise<void>;
      try {
        waiting = onChunk(chunk);
      } catch (error) {
        fail(error);
        return;
      }
      if (!waiting) return;
      stdout.pause();
      waited = waiting.then(() => {
        if (!failed) stdout.resume();
      }, fail);
    });
    Promise.all([drained, child.ended]).then(async ([, ended]) => {
      await waited;
      if (ended.status !== 0) fail(streamFailure(args, what, ended.stderr, ended.status));
      else if (!failed) resolve();
    }, fail);
  });
}

/** git started for one of the streams above, its stdin given `input` or, once it resolves, `stdinLater`. */
function startReader(args: readonly string[], options: StreamOptions & { input?: string }): GitProcess {
  // `args` carry their own `-c core.hooksPath=/dev/null`: the runner adds it, and is handed what follows.
  const guarded = args[0] === '-c' && args[1] === 'core.hooksPath=/dev/null' ? args.slice(2) : args;
  const child = startGit(guarded, options);
  // git may exit before reading all input (a bad revision): its exit status says why.
  child.stdin.on('error', () => undefined);
  if (options.stdinLater)
    options.stdinLater.then(
      (text) => child.stdin.end(text),
      () => child.kill(),
    );
  else child.stdin.end(options.input);
  return child;
}

/** A non-zero exit, said as what was being read and how to fix the range. */
function streamFailure(args: readonly string[], what: string, stderr: string, code: number): GitError {
  const text = stderr.trim().replace(/^fatal: /, '');
  return new GitError(
    missingObjectProblem(what, text) ??
      revisionProblem(text) ??
      `${what} failed: ${text || `exit ${code}`}. Check the range (e.g. v1.0..v2.0, main..HEAD).`,
    args,
    text,
    code,
  );
}

// git's ways of saying an object is not in the repository, across versions and commands.
const MISSING_OBJECT = new RegExp(
  '(?:unable to read|could not read|missing (?:blob|tree|commit|object)|bad (?:tree|commit|blob) object|' +
    'did not receive expected object|cannot read (?:blob|tree|commit|object)) ([0-9a-f]{7,64})',
  'i',
);

/** The id of the object git could not read, when that is why it failed (not a mistyped range). */
export function missingObject(stderr: string): string | null {
  const m = MISSING_OBJECT.exec(stderr);
  return m ? m[1]! : null;
}

/** What to say when `what` failed because an object is missing: which one, and how to fetch it. */
export function missingObjectProblem(what: string, text: string): string | null {
  const missing = missingObject(text);
  if (!missing) return null;
  return (
    `${what} failed: this clone is incomplete: object ${missing} is missing (git said: ${text.split('\n')[0]}). ` +
    'Fetch what is missing (`git fetch --unshallow` for a shallow clone, `git fetch --refetch` ' +
    'for a partial one; `git fsck` lists every missing object), then run this again.'
  );
}
