import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** What a pipe holds (64 KiB on Linux), times four: the read ahead of a reader that keeps up. */
const PIPE = 256 << 10;

/**
 * The text of `stream` (UTF-8, a character split across chunks joined, as `setEncoding` gives
 * it), read up to `limit` bytes ahead of whoever iterates it. A reader that starts late (verify
 * loads its trusted config while `git log` runs) would otherwise leave git blocked on a full pipe
 * for that long: with the bytes taken as git writes them, git's own work goes on meanwhile, on
 * another core. Kept as buffers (outside the JavaScript heap) and decoded only as read; past
 * `limit` git waits again, until half of it is read. Once the reader keeps up (it found the
 * queue empty after reading some), only a pipe's worth more is read ahead: a reader slower than git (one waiting
 * on other git work per batch) would otherwise hold `limit` bytes to the end.
 */
export async function* readAhead(stream: Readable, limit: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const queue: Buffer[] = [];
  let queued = 0;
  let yielded = false;
  let caughtUp = false;
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    queue.push(bytes);
    queued += bytes.length;
    if (queued >= (caughtUp ? PIPE : limit)) stream.pause();
    signal();
  };
  const onEnd = () => {
    ended = true;
    signal();
  };
  const onError = (error: Error) => {
    failure = error;
    signal();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        queued -= chunk.length;
        if (stream.isPaused() && queued <= (caughtUp ? PIPE : limit) / 2) stream.resume();
        const text = decoder.write(chunk);
        if (text) {
          yielded = true;
          yield text;
        }
        continue;
      }
      if (failure) throw failure;
      if (ended) {
        const rest = decoder.end();
        if (rest) yield rest;
        return;
      }
      caughtUp = yielded;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('error', onError);
  }
}
