import { closeSync, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { GitOptions } from './run.js';

/**
 * The git output bin/ai-attest.cjs's sh part prefetched (src/git/prefetch.ts says when), as
 * blameLines and lineLog take it: by the exact arguments they would run git with.
 */

interface Claimed {
  args: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: Promise<Buffer | null>;
}

let claimed: Claimed[] = [];

const TRAILER = /\nai-attest-prefetch ([0-9]{1,3})\n$/;

/**
 * Starts reading each stream (`args`: the git arguments it holds the output of) or, with args
 * null, closes it unread so that the git writing it ends now (SIGPIPE).
 */
export function takeStreams(
  streams: ReadonlyArray<{ fd: number; header: string; args: readonly string[] | null }>,
  where: { cwd: string; env: NodeJS.ProcessEnv },
): void {
  claimed = streams.map(({ fd, header, args }) => ({
    args: args ? args.join('\0') : '',
    cwd: where.cwd,
    env: where.env,
    output: args ? readStream(fd, header) : discard(fd),
  }));
}

/**
 * git's output for exactly these arguments, cwd and environment when sh ran them and git
 * succeeded; null otherwise (never prefetched, taken already, cut short, failed): run git.
 * Once only.
 */
export async function prefetchedOutput(args: readonly string[], options: GitOptions): Promise<string | null> {
  if (!claimed.length || options.git) return null;
  const key = args.join('\0');
  const at = claimed.findIndex((c) => c.args === key && c.cwd === options.cwd && c.env === (options.env ?? process.env));
  if (at < 0) return null;
  const [taken] = claimed.splice(at, 1);
  const bytes = await taken!.output;
  return bytes === null ? null : bytes.toString('utf8');
}

export function isPipe(fd: number): boolean {
  try {
    return fstatSync(fd).isFIFO();
  } catch {
    return false;
  }
}

/** The stream's git output, or null when it is not sh's: header, trailer and a status of 0. */
function readStream(fd: number, header: string): Promise<Buffer | null> {
  return new Promise((resolve) => {
    let stream: Socket;
    try {
      stream = new Socket({ fd, readable: true, writable: false });
    } catch {
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const expected = Buffer.from(header);
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
      const all = Buffer.concat(chunks, length);
      const tail = all.subarray(Math.max(expected.length, all.length - 64)).toString('latin1');
      const trailer = TRAILER.exec(tail);
      stream.destroy();
      resolve(trailer && trailer[1] === '0' ? all.subarray(expected.length, all.length - trailer[0].length) : null);
    });
  });
}

/** A stream no one will read: closed, so that the git writing it ends now. */
function discard(fd: number): Promise<null> {
  try {
    closeSync(fd);
  } catch {
    // closed already
  }
  return Promise.resolve(null);
}
