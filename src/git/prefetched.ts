import { closeSync, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { PrefetchCommand } from './prefetch.js';
import type { GitOptions } from './run.js';

/**
 * The git output bin/ai-attest.cjs's sh part prefetched (src/git/prefetch.ts says when), as
 * runGit takes it: by the exact arguments a named git function would run git with.
 */

interface Claimed {
  args: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: Promise<string | null>;
}

let claimed: Claimed[] = [];

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
  claimed = streams.flatMap(({ fd, pid, kind, commands }) => {
    if (!commands) {
      discard(fd);
      return [];
    }
    const sections = readStream(fd, pid, kind, commands.length);
    return commands.flatMap((command, i) => {
      const output = sections.then((s) => s?.[i]?.toString('utf8') ?? null);
      return command.answers.map(({ args, cut }) => ({
        args: args.join('\0'),
        cwd: where.cwd,
        env: where.env,
        output: output.then((text) => (text === null ? null : cut(text))),
      }));
    });
  });
}

/**
 * git's output for exactly these arguments, cwd and environment when sh ran them and git
 * succeeded; null otherwise (never prefetched, taken already, cut short, failed): run git.
 * null at once, without a promise, where nothing was prefetched for them. Once only.
 */
export function prefetchedOutput(args: readonly string[], options: GitOptions): Promise<string | null> | null {
  if (!claimed.length || options.git || options.input !== undefined) return null;
  const key = args.join('\0');
  const at = claimed.findIndex((c) => c.args === key && c.cwd === options.cwd && c.env === (options.env ?? process.env));
  if (at < 0) return null;
  const [taken] = claimed.splice(at, 1);
  return taken!.output;
}

export function isPipe(fd: number): boolean {
  try {
    return fstatSync(fd).isFIFO();
  } catch {
    return false;
  }
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
    const expected = Buffer.from(`ai-attest-prefetch v1 ${pid} ${kind}\n`);
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
  const mark = Buffer.from(`\nai-attest-prefetch ${pid} `);
  const out: Array<Buffer | null> = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    const trailer = last ? all.lastIndexOf(mark) : all.indexOf(mark, at);
    if (trailer < at) return null;
    const status = /^([0-9]{1,3})\n/.exec(all.subarray(trailer + mark.length, trailer + mark.length + 5).toString('latin1'));
    if (!status) return null;
    const end = trailer + mark.length + status[0].length;
    if (last && end !== all.length) return null;
    out.push(status[1] === '0' ? all.subarray(at, trailer) : null);
    at = end;
  }
  return out;
}

/** A stream no one will read: closed, so that the git writing it ends now. */
function discard(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // closed already
  }
}
