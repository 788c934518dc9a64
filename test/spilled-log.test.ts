// @module-tag git
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PrefetchedLogFailed } from '../src/git/prefetched-log.js';
import { SPILL_BYTES, spilledLogProcess } from '../src/git/spilled-log.js';
import { BIN, makeSandbox } from './helpers/repo.js';

/*
 * detect's prefetched log when sh spilled its start into a file (src/git/spilled-log.ts): dd
 * copied the framed stream's first part into a file Node reads as it grows, sh's notice on a
 * control pipe says when dd ended and how, and the rest stays in the pipe. What Node is handed
 * must be exactly git's output wherever dd stopped, and the pipe must not be read before the
 * notice (dd and Node share it); any failed or missing notice is a log to read again.
 */
const sandbox = makeSandbox('ai-attest-spilled-log-');
afterAll(() => sandbox.cleanup());

const PID = '4242';
const header = `ai-attest-prefetch v1 ${PID} log\n`;
const trailer = (status: number) => `\nai-attest-prefetch ${PID} ${status}\n`;
const notice = (status: number | string, pid = PID) => `ai-attest-prefetch ${pid} spill ${status}\n`;

let made = 0;
/** A FIFO opened at both ends: `read` for the reader, `write` for the test. */
function fifo(): { read: number; write: number } {
  const path = join(sandbox.root, `fifo-${made++}`);
  execFileSync('mkfifo', [path]);
  const read = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return { read, write: openSync(path, constants.O_WRONLY) };
}

/** What the reader was handed so far, and how the log ended, for the parts written as `steps` say. */
interface Spill {
  file: number;
  control: { read: number; write: number };
  pipe: { read: number; write: number };
  text: () => string;
  ended: Promise<'ok' | 'failed'>;
  /** Appends to the file, as dd does. */
  toFile(bytes: string | Buffer): void;
  toControl(bytes: string): void;
  toPipe(bytes: string | Buffer): void;
  closeControl(): void;
  closePipe(): void;
}

function spill(): Spill {
  const path = join(sandbox.root, `spill-${made++}`);
  const writer = openSync(path, 'w');
  const file = openSync(path, 'r');
  const control = fifo();
  const pipe = fifo();
  const log = spilledLogProcess({ file, control: control.read, pipe: pipe.read }, PID);
  log.stdout.setEncoding('utf8');
  let text = '';
  log.stdout.on('data', (chunk: string) => (text += chunk));
  const ended = log.ended.then(
    async () => {
      await new Promise((done) => (log.stdout.readableEnded ? done(null) : log.stdout.once('end', done)));
      return 'ok' as const;
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(PrefetchedLogFailed);
      return 'failed' as const;
    },
  );
  const open = new Set([control.write, pipe.write]);
  const close = (fd: number) => () => {
    if (open.delete(fd)) closeSync(fd);
  };
  return {
    file,
    control,
    pipe,
    text: () => text,
    ended: ended.finally(() => {
      closeSync(writer);
      for (const fd of open) close(fd)();
    }),
    toFile: (bytes) => void writeSync(writer, typeof bytes === 'string' ? Buffer.from(bytes) : bytes),
    toControl: (bytes) => void writeSync(control.write, bytes),
    toPipe: (bytes) => void writeSync(pipe.write, typeof bytes === 'string' ? Buffer.from(bytes) : bytes),
    closeControl: close(control.write),
    closePipe: close(pipe.write),
  };
}

const tick = (ms = 5) => new Promise((done) => setTimeout(done, ms));

describe('the log sh spilled into a file', () => {
  it('is exactly git output wherever dd stopped, the notice coming before or after the reader reached the file end', async () => {
    const output = `commit\0message\n\nai-attest-prefetch ${PID} 0\n\0naïve ✓ 日本\0${header}x`;
    const stream = Buffer.from(header + output + trailer(0));
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const noticeFirst of [true, false]) {
        const s = spill();
        s.toFile(stream.subarray(0, cut));
        if (noticeFirst) s.toControl(notice(0));
        s.toPipe(stream.subarray(cut));
        s.closePipe();
        if (!noticeFirst) {
          await tick(1);
          s.toControl(notice(0));
        }
        s.closeControl();
        expect(await s.ended, `cut at ${cut}`).toBe('ok');
        expect(s.text(), `cut at ${cut}`).toBe(output);
      }
    }
  });

  it('follows the file as dd writes it, and reads the pipe only once the notice is in', async () => {
    // Longer than the bytes the reader holds back until the end (they may be the trailer).
    const [first, second, third] = ['first', 'second', 'third'].map((w) => `${w.repeat(20)}\0`) as [string, string, string];
    const s = spill();
    s.toFile(header + first);
    await tick(20);
    expect(first.startsWith(s.text()) && s.text().length > 0).toBe(true);
    // dd still copying: what is already in the pipe is dd's to read, not Node's.
    s.toPipe(third + trailer(0));
    s.toFile(second);
    await tick(20);
    expect(s.text().startsWith(first)).toBe(true);
    expect(s.text()).not.toContain('third');
    // The notice in two pieces, the first ending inside the mark: still sh's.
    s.toControl(notice(0).slice(0, 12));
    await tick(5);
    expect(s.text()).not.toContain('third');
    s.toControl(notice(0).slice(12));
    s.closePipe();
    s.closeControl();
    expect(await s.ended).toBe('ok');
    expect(s.text()).toBe(first + second + third);
  });

  it('is a log to read again when dd failed, the notice is missing, malformed or not sh’s, or the rest is cut short', async () => {
    const body = `${header}abc\0`;
    const cases: Array<{ label: string; notice: string; rest: string }> = [
      { label: 'dd failed', notice: notice(1), rest: trailer(0) },
      { label: 'no notice', notice: '', rest: trailer(0) },
      { label: 'another pid', notice: notice(0, '4243'), rest: trailer(0) },
      { label: 'not a status', notice: notice('00'), rest: trailer(0) },
      { label: 'two notices', notice: notice(0) + notice(0), rest: trailer(0) },
      { label: 'no line end', notice: notice(0).slice(0, -1), rest: trailer(0) },
      { label: 'too long', notice: `${'x'.repeat(80)}\n`, rest: trailer(0) },
      { label: 'git failed', notice: notice(0), rest: trailer(128) },
      { label: 'rest cut short', notice: notice(0), rest: '' },
    ];
    for (const c of cases) {
      const s = spill();
      s.toFile(body);
      s.toPipe(c.rest);
      s.closePipe();
      if (c.notice) s.toControl(c.notice);
      s.closeControl();
      expect(await s.ended, c.label).toBe('failed');
    }
  });

  it('copies at most SPILL_BYTES, with or without stdbuf', () => {
    const bin = readFileSync(BIN, 'utf8');
    const sizes = [...bin.matchAll(/pn_bs=([0-9]+) pn_n=([0-9]+)/g)].map((m) => Number(m[1]) * Number(m[2]));
    expect(sizes).toEqual([SPILL_BYTES, SPILL_BYTES]);
    expect(bin).toContain("pn_buf='stdbuf -o65536' pn_bs=65536");
  });
});
