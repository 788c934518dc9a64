import { closeSync, openSync } from 'node:fs';
import tty from 'node:tty';

export interface Terminal {
  input: tty.ReadStream;
  output: tty.WriteStream;
  /** Leaves raw mode and releases /dev/tty; safe to call twice. */
  close(): void;
}

/**
 * The controlling terminal, opened directly: git hooks get no usable stdin, and a plain fs
 * stream would break arrow keys. Two descriptors, so each stream owns (and closes) its own.
 * Returns null when there is none (ENXIO under GUI clients, CI, setsid; ENOENT; EACCES):
 * open() on /dev/tty fails at once in those cases, it never waits.
 */
export function openTerminal(): Terminal | null {
  const fds: number[] = [];
  let input: tty.ReadStream | undefined;
  try {
    fds.push(openSync('/dev/tty', 'r+'));
    fds.push(openSync('/dev/tty', 'w'));
    const [inFd, outFd] = fds as [number, number];
    if (!tty.isatty(inFd) || !tty.isatty(outFd)) throw new Error('/dev/tty is not a terminal');
    input = new tty.ReadStream(inFd);
    const output = new tty.WriteStream(outFd);
    return wrap(input, output);
  } catch {
    if (input) {
      input.destroy();
      closeQuietly(fds[1]);
    } else {
      for (const fd of fds) closeQuietly(fd);
    }
    return null;
  }
}

function wrap(input: tty.ReadStream, output: tty.WriteStream): Terminal {
  let closed = false;
  return {
    input,
    output,
    close() {
      if (closed) return;
      closed = true;
      try {
        // readline leaves raw mode when a prompt ends; this covers a prompt that never got there.
        if (input.isRaw) input.setRawMode(false);
      } catch {
        // The terminal may already be gone (hang-up): nothing left to restore.
      }
      input.destroy();
      output.destroy();
    },
  };
}

function closeQuietly(fd: number | undefined): void {
  if (fd === undefined) return;
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
