import { Socket } from 'node:net';
import type { PrefetchCommand } from './prefetch.js';
import { closeUnread, frameHeader, PrefetchClaims, trailerMark, trailerStatus } from './prefetch-frame.js';
import type { GitOptions } from './run.js';

/**
 * The git output bin/ai-attest.cjs's sh part prefetched (src/git/prefetch.ts says when), as
 * runGit takes it: by the exact arguments a named git function would run git with.
 */

let claims = new PrefetchClaims<Promise<string | null>>();

/**
 * Starts reading each stream (`commands`: the git commands whose output it holds, in order) or,
 * with commands null, closes it unread so that the git writing it ends now (SIGPIPE). A stream
 * is `ai-attest-prefetch v1 <pid> <kind>\n`, then per command its output and
 * `\nai-attest-prefetch <pid> <exit status>\n`. Each command's output is offered to the
 * functions it answers, each its own part of it.
 */
export function takeStreams(
  streams: ReadonlyArray<{ fd: number; pid: string; kind: string; commands: readonly PrefetchCommand[] | null }>,
  where: { cwd: string; env: NodeJS.ProcessEnv },
): void {
  claims = new PrefetchClaims();
  for (const { fd, pid, kind, commands } of streams) {
    if (!commands) {
      closeUnread(fd);
      continue;
    }
    const sections = readStream(fd, pid, kind, commands.length);
    commands.forEach((command, i) => {
      const output = sections.then((s) => s?.[i]?.toString('utf8') ?? null);
      for (const { args, cut } of command.answers)
        claims.add(
          args,
          where,
          output.then((text) => (text === null ? null : cut(text))),
        );
    });
  }
}

/**
 * git's output for exactly these arguments, cwd and environment when sh ran them and git
 * succeeded; null otherwise (never prefetched, taken already, cut short, failed): run git.
 * null at once, without a promise, where nothing was prefetched for them. Once only.
 */
export function prefetchedOutput(args: readonly string[], options: GitOptions): Promise<string | null> | null {
  return claims.take(args, options);
}

/** Each command's output (null where git failed), or null when the stream is not sh's. */
function readStream(fd: number, pid: string, kind: string, count: number): Promise<Array<Buffer | null> | null> {
  return new Promise((resolve) => {
    let stream: Socket;
    try {
      stream = new Socket({ fd, readable: true, writable: false });
    } catch {
      resolve(null);
      return;
    }
    const expected = frameHeader(pid, kind);
    const chunks: Buffer[] = [];
    let length = 0;
    stream.on('data', (chunk: Buffer) => {
      const checked = Math.min(length, expected.length);
      chunks.push(chunk);
      length += chunk.length;
      if (checked === expected.length) return;
      // Not sh's stream: stop at once (its writer, if any, gets SIGPIPE), and run git instead.
      const seen = chunk.subarray(0, expected.length - checked);
      if (!expected.subarray(checked, checked + seen.length).equals(seen)) {
        stream.destroy();
        resolve(null);
      }
    });
    stream.on('error', () => resolve(null));
    stream.on('close', () => resolve(null));
    stream.on('end', () => {
      stream.destroy();
      const all = Buffer.concat(chunks, length);
      resolve(all.length >= expected.length ? sections(all, expected.length, pid, count) : null);
    });
  });
}

/**
 * The outputs between the header and the end. A command's output is any bytes (a blamed file's
 * lines), so the last one ends at the trailer the stream ends with; the ones before it are the
 * context's (paths, ref names, ids) and end at the first trailer with sh's pid. Anything that
 * does not parse to exactly `count` sections is not sh's.
 */
function sections(all: Buffer, start: number, pid: string, count: number): Array<Buffer | null> | null {
  const mark = trailerMark(pid);
  const out: Array<Buffer | null> = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    const trailer = last ? all.lastIndexOf(mark) : all.indexOf(mark, at);
    if (trailer < at) return null;
    const status = trailerStatus(all, trailer + mark.length);
    if (!status) return null;
    const end = trailer + mark.length + status.length;
    if (last && end !== all.length) return null;
    out.push(status.status === 0 ? all.subarray(at, trailer) : null);
    at = end;
  }
  return out;
}
