import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Claude Code's turns wait for the detail tier in a queue of references (transcript, session,
 * how far the transcript was written at Stop), drained by ONE sealer per repository: a burst of
 * Stops (subagents, quick turns) starts one process that loads secretlint and openpgp.js once,
 * instead of one each competing for the CPU. An entry holds no prompt or output, only where to
 * read it again, and is removed only once sealed: a sealer that dies leaves its entries (and a
 * lock naming a dead process) to the next hand-over, which starts a new one.
 */
export interface QueuedTurn {
  transcript: string;
  session?: string;
  /** Bytes of the transcript at Stop: the turn is the last prompt before them. */
  upTo?: number;
}

export interface QueuePaths {
  dir: string;
  lock: string;
}

export function sealQueuePaths(gitDir: string): QueuePaths {
  return { dir: join(gitDir, 'ai-attest', 'seal-queue'), lock: join(gitDir, 'ai-attest', 'seal-queue.lock') };
}

/** Written whole, then renamed: a reader never sees half an entry. */
export function enqueueTurn(paths: QueuePaths, turn: QueuedTurn, pid = process.pid): string {
  mkdirSync(paths.dir, { recursive: true });
  // Sorted by name in the order queued: the wall clock, then the monotonic one within a millisecond.
  const name =
    `${Date.now().toString().padStart(15, '0')}-${process.hrtime.bigint().toString().padStart(20, '0')}` +
    `-${pid}-${Math.random().toString(16).slice(2, 10)}.json`;
  const temp = join(paths.dir, `.${name}.tmp`);
  writeFileSync(temp, JSON.stringify(turn));
  renameSync(temp, join(paths.dir, name));
  return name;
}

export function queuedEntries(paths: QueuePaths): string[] {
  try {
    return readdirSync(paths.dir)
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

export type Alive = (pid: number) => boolean;

export const processAlive: Alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

// A lock whose starter has not written the sealer's pid yet is live while this fresh.
const STARTING_GRACE_MS = 30_000;

function holderAlive(paths: QueuePaths, alive: Alive): boolean {
  let text: string;
  let age: number;
  try {
    text = readFileSync(paths.lock, 'utf8').trim();
    age = Date.now() - statSync(paths.lock).mtimeMs;
  } catch {
    return false;
  }
  const pid = Number(text);
  return text === '' ? age < STARTING_GRACE_MS : Number.isInteger(pid) && pid > 0 && alive(pid);
}

/**
 * Makes sure a sealer drains the queue: none when a live one holds the lock, else the lock is
 * taken (a dead holder's is moved aside first, by one hand-over only) and `start` launches one,
 * whose pid goes into the lock. `failed`: it could not start (the entry waits for the next).
 */
export function ensureSealer(
  paths: QueuePaths,
  start: () => number | undefined,
  alive: Alive = processAlive,
): 'started' | 'running' | 'failed' {
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(paths.lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (holderAlive(paths, alive)) return 'running';
      try {
        const aside = `${paths.lock}.stale-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
        renameSync(paths.lock, aside);
        unlinkSync(aside);
      } catch {
        // another hand-over moved it first
      }
      continue;
    }
    let pid: number | undefined;
    try {
      pid = start();
      if (pid) writeSync(fd, String(pid));
    } finally {
      closeSync(fd);
      if (!pid) unlinkSync(paths.lock);
    }
    return pid ? 'started' : 'failed';
  }
  return 'running';
}

/** Takes the lock for `pid` when free (a sealer that finds work after letting it go). */
function retake(paths: QueuePaths, pid: number): boolean {
  try {
    const fd = openSync(paths.lock, 'wx');
    writeSync(fd, String(pid));
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

function holder(paths: QueuePaths): string | null {
  try {
    return readFileSync(paths.lock, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * The sealer's loop: each queued turn in order, removed once `seal` has settled (a turn that
 * cannot be sealed is dropped, said through `onError`, so it cannot stop the queue). When the
 * queue is empty the lock is let go and the queue looked at once more: a hand-over that found the
 * lock still held in between is drained too, by retaking the lock, or by the sealer it started.
 */
export async function drainQueue(
  paths: QueuePaths,
  pid: number,
  seal: (turn: QueuedTurn) => Promise<void>,
  onError: (error: unknown) => void = () => undefined,
): Promise<number> {
  // The starter writes our pid right after starting us.
  for (let wait = 0; holder(paths) === '' && wait < 40; wait++) await new Promise((r) => setTimeout(r, 50));
  if (holder(paths) !== String(pid)) return 0;
  let sealed = 0;
  for (;;) {
    const entries = queuedEntries(paths);
    if (entries.length === 0) {
      if (holder(paths) === String(pid)) unlinkSync(paths.lock);
      if (queuedEntries(paths).length && retake(paths, pid)) continue;
      return sealed;
    }
    for (const name of entries) {
      const path = join(paths.dir, name);
      let turn: QueuedTurn | null = null;
      try {
        turn = JSON.parse(readFileSync(path, 'utf8')) as QueuedTurn;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        onError(error);
      }
      if (turn && typeof turn.transcript === 'string') {
        try {
          await seal(turn);
          sealed++;
        } catch (error) {
          onError(error);
        }
      }
      try {
        unlinkSync(path);
      } catch {
        // gone already
      }
    }
  }
}
