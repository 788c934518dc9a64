import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * The text of `stream` (UTF-8, a character split across chunks joined, as `setEncoding` gives
 * it), read up to `limit` bytes ahead of whoever iterates it. A reader that starts late (verify
 * loads its trusted config while `git log` runs) would otherwise leave git blocked on a full pipe
 * for that long: with the bytes taken as git writes them, git's own work goes on meanwhile, on
 * another core. Kept as buffers (outside the JavaScript heap) and decoded only as read; past
 * `limit` git waits again, until half of it is read.
 */
export async function* readAhead(stream: Readable, limit: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const queue: Buffer[] = [];
  let queued = 0;
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
    if (queued >= limit) stream.pause();
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
        if (stream.isPaused() && queued <= limit / 2) stream.resume();
        const text = decoder.write(chunk);
        if (text) yield text;
        continue;
      }
      if (failure) throw failure;
      if (ended) {
        const rest = decoder.end();
        if (rest) yield rest;
        return;
      }
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
