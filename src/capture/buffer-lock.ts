import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The capture buffer's lock: a file `<buffer>.lock` holding the owner's pid, put in place whole
 * (the pid written to a file of the owner's own, then hard-linked as the lock, which fails when a
 * lock exists): a process killed while taking it never leaves an empty lock, which no one could
 * tell from one being written and would block every commit for STALE_MS. Appenders hold it for
 * one write(2), the commit for the few milliseconds it takes to move used events out; so an event
 * can never land in a buffer the commit has already read.
 *
 * Synchronous on purpose: `record` and the commit hook are short-lived, and a blocking wait of a
 * few milliseconds is cheaper than an event loop turn. A lock whose owner is dead (same host) or
 * that is older than STALE_MS was left by a killed process and is broken.
 */
const STALE_MS = 30_000;
const POLL_MS = 2;

export function withBufferLock<T>(buffer: string, fn: () => T, timeoutMs = 5_000): { ok: true; value: T } | { ok: false } {
  const lock = `${buffer}.lock`;
  if (!acquire(lock, timeoutMs)) return { ok: false };
  try {
    return { ok: true, value: fn() };
  } finally {
    release(lock);
  }
}

function acquire(lock: string, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const mine = `${lock}.${process.pid}.new`;
  try {
    writeOwner(mine);
    for (;;) {
      try {
        linkSync(mine, lock);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      breakIfStale(lock);
      if (Date.now() >= deadline) return false;
      sleep(POLL_MS);
    }
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // not written
    }
  }
}

function writeOwner(path: string): void {
  try {
    writeFileSync(path, `${process.pid}\n`, { mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true }); // the first event of this repository
    writeFileSync(path, `${process.pid}\n`, { mode: 0o600 });
  }
}

function release(lock: string): void {
  try {
    unlinkSync(lock);
  } catch {
    // broken by another process as stale: nothing left to release
  }
}

/**
 * Breaks a lock left by a killed process. The lock is moved aside first and checked: if another
 * process broke it and took a fresh one meanwhile, what was moved is that fresh lock, and it is
 * put back (link fails rather than overwrite a newer one).
 */
function breakIfStale(lock: string): void {
  let owner: string;
  let mtime: number;
  try {
    owner = readFileSync(lock, 'utf8');
    mtime = statSync(lock).mtimeMs;
  } catch {
    return; // released meanwhile
  }
  if (!isStale(owner, mtime)) return;
  const aside = `${lock}.${process.pid}.stale`;
  try {
    renameSync(lock, aside);
  } catch {
    return;
  }
  try {
    if (readFileSync(aside, 'utf8') !== owner) linkSync(aside, lock);
  } catch {
    // a newer lock is in place already
  }
  try {
    unlinkSync(aside);
  } catch {
    // nothing to clean
  }
}

function isStale(owner: string, mtime: number): boolean {
  if (Date.now() - mtime > STALE_MS) return true;
  const pid = Number(owner.trim());
  // An empty file is a lock being written this instant: not stale.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const cell = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(cell, 0, 0, ms);
}
