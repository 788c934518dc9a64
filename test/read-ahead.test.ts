import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAhead } from '../src/git/read-ahead.js';

// git's output taken ahead of a reader that starts late (src/git/read-ahead.ts): the same text as
// a stream with setEncoding('utf8') gives, whatever the chunk boundaries, and bounded.

const TEXT = 'commit\0Ünïcödé 日本語 🚀 Müller\0plain ascii\0'.repeat(50);

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe('reading git ahead of the reader', () => {
  for (const size of [1, 2, 3, 5, 64]) {
    it(`gives the text as written, characters split across ${size}-byte chunks joined`, async () => {
      const stream = new PassThrough();
      const bytes = Buffer.from(TEXT, 'utf8');
      const chunks = readAhead(stream, 1 << 20);
      // Everything is written before the reader asks for anything.
      for (let i = 0; i < bytes.length; i += size) stream.write(bytes.subarray(i, i + size));
      stream.end();
      expect(await collect(chunks)).toBe(TEXT);
    });
  }

  it('takes no more than its limit before the reader reads, then the rest as it reads', async () => {
    const stream = new PassThrough({ highWaterMark: 16 });
    let pauses = 0;
    const pause = stream.pause.bind(stream);
    stream.pause = () => {
      pauses++;
      return pause();
    };
    const chunks = readAhead(stream, 100);
    const first = chunks.next();
    const bytes = Buffer.from(TEXT, 'utf8');
    let accepted = 0;
    for (let i = 0; i < bytes.length; i += 10) if (stream.write(bytes.subarray(i, i + 10))) accepted++;
    stream.end();
    // A writer that honours back-pressure (git on a pipe) stops long before the whole text.
    expect(accepted).toBeLessThan(bytes.length / 10);
    expect(pauses).toBeGreaterThan(0);
    const head = await first;
    expect((head.value as string) + (await collect(chunks))).toBe(TEXT);
  });

  it("reads only a pipe's worth ahead once the reader has caught up", async () => {
    const stream = new PassThrough({ highWaterMark: 1024 });
    const chunks = readAhead(stream, 8 << 20);
    stream.write('first');
    expect((await chunks.next()).value).toBe('first');
    // The reader waits on an empty queue now: caught up.
    const waiting = chunks.next();
    const piece = Buffer.alloc(16 << 10, 'x');
    let taken = 0;
    while (stream.write(piece)) taken += piece.length;
    // Far below the 8 MB allowed before the reader first caught up.
    expect(taken).toBeLessThan(1 << 20);
    stream.end();
    expect(((await waiting).value as string) + (await collect(chunks))).toBe('x'.repeat(taken + piece.length));
  });

  it('fails as the stream fails', async () => {
    const stream = new PassThrough();
    const chunks = readAhead(stream, 1 << 20);
    stream.write('some output');
    stream.destroy(new Error('git died'));
    await expect(collect(chunks)).rejects.toThrow('git died');
  });
});
