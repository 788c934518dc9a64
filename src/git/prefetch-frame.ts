import { closeSync, fstatSync } from 'node:fs';
import type { GitOptions } from './run.js';

/**
 * What trace's and detect's prefetches share (bin/ai-attest.cjs's sh part, src/git/prefetch.ts,
 * src/git/prefetch-detect.ts): the frame sh writes around each git command it ran, the pipes it
 * hands them over on, and the rule by which a named git function takes one.
 *
 * A stream is `ai-attest-prefetch v1 <pid> <kind>\n`, then per command its output and
 * `\nai-attest-prefetch <pid> <exit status>\n`, `<pid>` being sh's own.
 */
export function frameHeader(pid: string, kind: string): Buffer {
  return Buffer.from(`ai-attest-prefetch v1 ${pid} ${kind}\n`);
}

/** A trailer up to its exit status. */
export function trailerMark(pid: string): Buffer {
  return Buffer.from(`\nai-attest-prefetch ${pid} `);
}

/**
 * What sh writes on detect's control pipe once dd has copied the log's start into its file
 * (src/git/spilled-log.ts), up to dd's exit status, which follows as a trailer's does.
 */
export function spillMark(pid: string): Buffer {
  return Buffer.from(`ai-attest-prefetch ${pid} spill `);
}

/**
 * The exit status after a trailer's mark (`<status>\n`, as sh prints `$?`: one to three digits):
 * undefined while it may still be arriving, null when it is not one.
 */
export function trailerStatus(all: Buffer, at: number): { status: number; length: number } | null | undefined {
  const text = all.subarray(at, at + 4).toString('latin1');
  const m = /^(0|[1-9][0-9]{0,2})\n/.exec(text);
  if (m) return { status: Number(m[1]), length: m[0].length };
  return /^[0-9]{0,3}$/.test(text) && text.length < 4 ? undefined : null;
}

/** Only pipes are read: a marker set by hand may name descriptors that are not sh's. */
export function isPipe(fd: number): boolean {
  try {
    return fstatSync(fd).isFIFO();
  } catch {
    return false;
  }
}

/** Only a regular file is read as detect's spill file (src/git/spilled-log.ts), for the same reason. */
export function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/** A stream no one will read: closed, so that the git writing it ends now (SIGPIPE). */
export function closeUnread(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // closed already
  }
}

/**
 * What sh ran, each for exactly the arguments, cwd and environment a named git function would
 * run git with: taken once, by that function, instead of running git.
 */
export class PrefetchClaims<T> {
  private entries: Array<{ args: string; cwd: string; env: NodeJS.ProcessEnv; value: T }> = [];

  add(args: readonly string[], where: { cwd: string; env: NodeJS.ProcessEnv }, value: T): void {
    this.entries.push({ args: args.join('\0'), cwd: where.cwd, env: where.env, value });
  }

  /**
   * The value sh's run left for these arguments and options, or null: never prefetched, taken
   * already, or asked for with a runner or an input of the caller's own. Once only.
   */
  take(args: readonly string[], options: GitOptions): T | null {
    if (!this.entries.length || options.git || options.input !== undefined) return null;
    const key = args.join('\0');
    const env = options.env ?? process.env;
    const at = this.entries.findIndex((c) => c.args === key && c.cwd === options.cwd && c.env === env);
    if (at < 0) return null;
    return this.entries.splice(at, 1)[0]!.value;
  }

  /** Whether anything is left to take. */
  get pending(): boolean {
    return this.entries.length > 0;
  }
}
