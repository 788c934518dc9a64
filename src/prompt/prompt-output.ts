import { Writable } from 'node:stream';
import type { WriteStream } from 'node:tty';

/**
 * A throw-away output for one prompt. Inquirer pipes its output into the context's stream with
 * a legacy `Stream#pipe`, which ends (or destroys) the destination when the prompt finishes;
 * only process.stdout is spared. Handing it the terminal itself would leave every later
 * prompt writing to a closed stream, invisible. Size and TTY-ness are read through, so
 * inquirer still wraps lines at the terminal's width.
 *
 * Writes go through at once (Node makes TTY writes blocking): a buffered write would land after
 * the summary line, or be dropped when the terminal closes, losing the "show cursor" and
 * "clear prompt" sequences inquirer writes last.
 */
export function promptOutput(terminal: WriteStream): Writable {
  const output = new Writable({
    write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void) {
      if (!terminal.destroyed) terminal.write(chunk, encoding);
      callback();
    },
  });
  Object.defineProperties(output, {
    isTTY: { value: true },
    columns: { get: () => terminal.columns },
    rows: { get: () => terminal.rows },
  });
  return output;
}
