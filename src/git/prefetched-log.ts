import { Socket } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { frameHeader, trailerMark, trailerStatus } from './prefetch-frame.js';
import type { GitProcess, GitResult } from './run.js';

/**
 * A prefetched git stream that is not what sh would have sent, or a git that failed: the reader
 * reads again with a git of its own (what it was handed so far is not to be trusted).
 */
export class PrefetchedLogFailed extends Error {
  constructor(why: string) {
    super(`the git log started before Node is not usable (${why}): read again`);
    this.name = 'PrefetchedLogFailed';
  }
}

/**
 * The git log bin/ai-attest.cjs's sh part writes into pipe `fd` (src/git/prefetch-detect.ts),
 * as a started git (see framedLog); a descriptor that cannot be read is a log that failed.
 */
export function prefetchedLogProcess(fd: number, pid: string): GitProcess {
  let socket: Socket;
  try {
    socket = new Socket({ fd, readable: true, writable: false });
  } catch {
    return framedLog(null, pid);
  }
  return framedLog(socket, pid);
}

/**
 * `source` read as a started git: `ai-attest-prefetch v1 <pid> log\n`, git's output, then
 * `\nai-attest-prefetch <pid> <exit status>\n`. The output is handed on as it arrives, less the
 * last bytes that may be the trailer, which only the stream's end tells apart from output (a
 * commit message can hold anything). `ended` resolves once the trailer says git succeeded, and
 * rejects with PrefetchedLogFailed otherwise. Reading starts now; the source waits while the
 * reader does not read.
 */
export function framedLog(source: Readable | null, pid: string): GitProcess {
  // Pushed from the source's events: to a reader that is not paused, each chunk goes on at once.
  const stdout = new Readable({ highWaterMark: 1 << 16, read: () => source?.resume() });
  const stdin = new PassThrough();
  let settle!: { resolve: (r: GitResult) => void; reject: (e: Error) => void };
  const ended = new Promise<GitResult>((resolve, reject) => (settle = { resolve, reject }));
  ended.catch(() => undefined);
  let done = false;
  const fail = (why: string) => {
    if (done) return;
    done = true;
    source?.destroy();
    stdout.push(null);
    settle.reject(new PrefetchedLogFailed(why));
  };
  if (!source) {
    fail('not a stream');
    return { stdin, stdout, ended, kill: () => undefined };
  }
  const socket = source;
  const header = frameHeader(pid, 'log');
  const mark = trailerMark(pid);
  // Held back until the end: the longest trailer (a three-digit status).
  const keep = mark.length + 4;
  let headerSeen = 0;
  let held: Buffer = Buffer.alloc(0);
  const pass = (bytes: Buffer) => {
    if (bytes.length && !stdout.push(bytes)) socket.pause();
  };
  socket.on('data', (chunk: Buffer) => {
    if (done) return;
    let body = chunk;
    if (headerSeen < header.length) {
      const part = chunk.subarray(0, header.length - headerSeen);
      if (!header.subarray(headerSeen, headerSeen + part.length).equals(part)) return fail('not framed as sh frames it');
      headerSeen += part.length;
      body = chunk.subarray(part.length);
    }
    // One piece per chunk (what was held back, then all of this chunk but its own last bytes).
    const all = held.length ? Buffer.concat([held, body]) : body;
    pass(all.subarray(0, Math.max(0, all.length - keep)));
    held = all.subarray(Math.max(0, all.length - keep));
  });
  socket.on('error', () => fail('read failed'));
  socket.on('close', () => fail('cut short'));
  socket.on('end', () => {
    if (done) return;
    const at = held.lastIndexOf(mark);
    const status = at < 0 ? null : trailerStatus(held, at + mark.length);
    if (headerSeen < header.length || !status || at + mark.length + status.length !== held.length) return fail('cut short');
    if (status.status !== 0) return fail(`git exited ${status.status}`);
    done = true;
    pass(held.subarray(0, at));
    stdout.push(null);
    socket.destroy();
    settle.resolve({ stdout: '', stderr: '', status: 0 });
  });
  return { stdin, stdout, ended, kill: () => fail('stopped by its reader') };
}
