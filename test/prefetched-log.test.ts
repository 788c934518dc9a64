import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { framedLog, PrefetchedLogFailed } from '../src/git/prefetched-log.js';

/*
 * The range's git log that bin/ai-attest.cjs's sh part hands detect on a pipe: git's output between
 * a header and a trailer with git's exit status. What Node is handed must be exactly git's output,
 * however the pipe cuts it, including output that looks like a trailer; and only a stream that
 * ends with sh's trailer and a status of 0 counts as read (anything else: read again).
 */
const PID = '4242';
const header = `ai-attest-prefetch v1 ${PID} log\n`;
const trailer = (status: number) => `\nai-attest-prefetch ${PID} ${status}\n`;

/** What the reader gets, and how the log ended, for `stream` written in pieces cut at `cuts`. */
async function read(stream: string, cuts: number[]): Promise<{ text: string; ended: 'ok' | 'failed' }> {
  const source = new PassThrough();
  const log = framedLog(source, PID);
  const bytes = Buffer.from(stream, 'utf8');
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    source.write(bytes.subarray(at, Math.max(at, Math.min(cut, bytes.length))));
    at = Math.max(at, Math.min(cut, bytes.length));
  }
  source.end();
  log.stdout.setEncoding('utf8');
  let text = '';
  log.stdout.on('data', (chunk: string) => (text += chunk));
  const ended = await log.ended.then(
    () => 'ok' as const,
    (error: unknown) => {
      expect(error).toBeInstanceOf(PrefetchedLogFailed);
      return 'failed' as const;
    },
  );
  await new Promise((done) => (log.stdout.readableEnded ? done(null) : log.stdout.once('end', done)));
  return { text, ended };
}

/** Every way of cutting `stream` in two, and a few in many pieces. */
function cutsOf(stream: string): number[][] {
  const length = Buffer.byteLength(stream);
  const twos = Array.from({ length: length + 1 }, (_, i) => [i]);
  const many = [1, 2, 3, 7].map((step) => Array.from({ length: Math.ceil(length / step) }, (_, i) => i * step));
  return [[], ...twos, ...many];
}

describe('the log sh hands over', () => {
  const outputs = [
    '',
    'abc\0def\0',
    // Output that looks like sh's trailer, or holds the header: it is git's, handed on as it is.
    `commit\0message\n\nai-attest-prefetch ${PID} 0\n\0more`,
    `${header}x${trailer(0)}y\0`,
    'naïve ✓ 日本\0',
  ];

  it('is exactly git output, however the pipe cuts it, once the trailer says 0', async () => {
    for (const output of outputs) {
      const stream = header + output + trailer(0);
      for (const cuts of cutsOf(stream)) {
        expect(await read(stream, cuts), `${JSON.stringify(output)} cut at ${cuts}`).toEqual({ text: output, ended: 'ok' });
      }
    }
  });

  it('fails (read again) when git failed, when cut short, or when not framed as sh frames it', async () => {
    const output = 'abc\0def\0';
    const broken = [
      header + output + trailer(128),
      header + output + trailer(1),
      header + output,
      header + output + trailer(0).slice(0, -1),
      header + output + trailer(0).replace(PID, '4243'),
      header + output + trailer(0) + 'more',
      header.replace('log', 'notes') + output + trailer(0),
      header.slice(0, -3),
      '',
      `not a stream of ours${trailer(0)}`,
    ];
    for (const stream of broken) {
      for (const cuts of cutsOf(stream).slice(0, 60)) {
        expect((await read(stream, cuts)).ended, `${JSON.stringify(stream)} cut at ${cuts}`).toBe('failed');
      }
    }
  });
});
