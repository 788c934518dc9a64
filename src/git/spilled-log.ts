import { readSync } from 'node:fs';
import { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { closeUnread, spillMark, trailerStatus } from './prefetch-frame.js';
import { framedLog } from './prefetched-log.js';
import type { GitProcess } from './run.js';

/**
 * detect's prefetched log when bin/ai-attest.cjs's sh part spilled its start into a file
 * (docs/decisions.md, "detect's log runs on while Node starts"). sh's framed log goes into a pipe
 * of which `dd` copies the first SPILL_BYTES (8 MB) at most into an unlinked temporary file,
 * so that git runs on while Node starts instead of stopping at a full 64 KB pipe; after dd, sh
 * writes `ai-attest-prefetch <pid> spill <dd's exit status>\n` on a control pipe and the rest
 * stays in the pipe. Node reads the file as it grows and, once the control pipe says dd ended
 * well, the rest of the pipe: the same bytes in the same order, framed as framedLog reads them.
 */
export function spilledLogProcess(fds: SpillDescriptors, pid: string): GitProcess {
  return framedLog(new SpilledLog(fds, pid), pid);
}

export interface SpillDescriptors {
  /** The temporary file dd writes (opened for reading before it was unlinked). */
  file: number;
  /** sh's notice once dd has ended. */
  control: number;
  /** The pipe git's framed output goes into, whose start dd took. */
  pipe: number;
}

/**
 * What the bin's dd copies at most: so many reads of at most `bs` bytes, 2,048 of 4,096, or 128 of
 * 65,536 where git writes through `stdbuf -o65536` (kept equal to the bin by test/spilled-log.test.ts).
 */
export const SPILL_BYTES = 8 << 20;

const CHUNK = 1 << 16;
/** The longest wait before looking at the file again while dd still copies (git may be slow to start). */
const MAX_WAIT_MS = 2;

/**
 * The file's bytes as dd writes them, then the pipe's. At the file's current end, before sh's
 * notice: looked at again after 1 ms, waiting twice as long each time nothing came (up to
 * MAX_WAIT_MS), or at once when the notice arrives. Destroyed with an error (its reader then
 * reads the range again) when the notice is missing, malformed or reports a failed dd, or a
 * descriptor fails.
 */
class SpilledLog extends Readable {
  private position = 0;
  private inPipe = false;
  /** dd's exit status from sh's notice; undefined until it arrives. */
  private spilled: number | undefined;
  private timer: NodeJS.Timeout | null = null;
  private wait = 1;
  /** The pipe's rest, once read. */
  private rest: Socket | null = null;
  private readonly control: Socket | null;
  private notice = Buffer.alloc(0);

  constructor(
    private readonly fds: SpillDescriptors,
    pid: string,
  ) {
    super({ highWaterMark: CHUNK });
    const mark = spillMark(pid);
    let control: Socket | null = null;
    try {
      control = new Socket({ fd: fds.control, readable: true, writable: false });
    } catch {
      // destroyed below
    }
    this.control = control;
    if (!control) {
      this.destroy(new Error('the spill notice cannot be read'));
      return;
    }
    control.on('data', (chunk: Buffer) => {
      if (this.spilled !== undefined) return this.destroy(new Error('more than one spill notice'));
      const notice = (this.notice = Buffer.concat([this.notice, chunk]));
      const seen = notice.subarray(0, mark.length);
      if (!mark.subarray(0, seen.length).equals(seen)) return this.destroy(new Error('the spill notice is malformed'));
      if (notice.length < mark.length) return;
      // dd's exit status, read by the rule of the trailers' (prefetch-frame.ts), and nothing after it.
      const status = trailerStatus(notice, mark.length);
      if (status === undefined) return;
      if (status === null || notice.length !== mark.length + status.length) return this.destroy(new Error('the spill notice is malformed'));
      this.spilled = status.status;
      if (this.spilled !== 0) return this.destroy(new Error(`dd exited ${this.spilled}`));
      this.wake();
    });
    control.on('end', () => {
      if (this.spilled === undefined) this.destroy(new Error('no spill notice'));
    });
    control.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    if (this.inPipe) this.rest?.resume();
    else this.readFile();
  }

  private readFile(): void {
    // Once asleep, only the timer or the notice wakes it (a second read asked for meanwhile waits with it).
    if (this.inPipe || this.timer) return;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      let read: number;
      try {
        read = readSync(this.fds.file, buffer, 0, CHUNK, this.position);
      } catch (error) {
        this.destroy(error as Error);
        return;
      }
      if (read > 0) {
        this.position += read;
        this.wait = 1;
        if (!this.push(buffer.subarray(0, read))) return;
        continue;
      }
      // dd's notice comes once it has exited: read after it, an empty read is the file's end.
      if (this.spilled === 0) this.toPipe();
      else if (this.spilled === undefined) this.sleep();
      return;
    }
  }

  private sleep(): void {
    this.timer = setTimeout(() => this.wake(), this.wait);
    this.wait = Math.min(this.wait * 2, MAX_WAIT_MS);
  }

  private wake(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.destroyed) this.readFile();
  }

  private toPipe(): void {
    this.inPipe = true;
    let pipe: Socket;
    try {
      pipe = new Socket({ fd: this.fds.pipe, readable: true, writable: false });
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    this.rest = pipe;
    let ended = false;
    pipe.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) pipe.pause();
    });
    pipe.on('end', () => {
      ended = true;
      this.push(null);
    });
    pipe.on('error', (error) => this.destroy(error));
    pipe.on('close', () => ended || this.destroy(new Error('cut short')));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.control?.destroy();
    closeUnread(this.fds.file);
    // A pipe never read is closed, so that the git writing it ends now (SIGPIPE).
    if (this.rest) this.rest.destroy();
    else closeUnread(this.fds.pipe);
    callback(error);
  }
}
