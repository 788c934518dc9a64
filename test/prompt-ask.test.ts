import { PassThrough, Stream } from 'node:stream';
import type { ReadStream, WriteStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/defaults.js';
import { InterruptedError } from '../src/errors.js';
import { askAnswers } from '../src/prompt/ask.js';
import { promptOutput } from '../src/prompt/prompt-output.js';
import type { Terminal } from '../src/prompt/terminal.js';

/** A terminal made of pipes: enough for inquirer's readline, and it records close(). */
function pipeTerminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => (screen += String(chunk)));
  const state = { closed: 0 };
  const terminal: Terminal = {
    input: input as unknown as ReadStream,
    output: Object.assign(output, { columns: 120, rows: 40 }) as unknown as WriteStream,
    close: () => void state.closed++,
  };
  const waitFor = async (text: string): Promise<void> => {
    for (let i = 0; i < 200 && !screen.includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    if (!screen.includes(text)) throw new Error(`"${text}" never shown; output:\n${screen}`);
  };
  return { terminal, input, state, waitFor, screen: () => screen };
}

const promptInput = { config: defaultConfig(), sensitive: [{ path: '.env', category: 'credentials' }], kind: 'normal' as const };

describe('askAnswers', () => {
  it('turns Ctrl-C into InterruptedError (exit code 130) and closes the terminal', async () => {
    const { terminal, input, state, waitFor } = pipeTerminal();
    const asked = askAnswers(promptInput, terminal);
    await waitFor('Was AI used');
    input.write('\x03');
    const error = await asked.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    expect(state.closed).toBe(1);
  });

  it('returns the answers, prints no summary of its own (commit-msg prints what it signed) and closes the terminal', async () => {
    const { terminal, input, state, waitFor, screen } = pipeTerminal();
    const asked = askAnswers(promptInput, terminal);
    await waitFor('Was AI used');
    input.write('n');
    input.write('\r');
    expect(await asked).toEqual({
      ai: 'none',
      tools: [],
      share: 0,
      sensitive: [{ path: '.env', category: 'credentials', ai: [] }],
      source: 'prompt',
    });
    expect(screen()).not.toContain('ai-attest: no AI');
    expect(state.closed).toBe(1);
  });
});

describe('promptOutput', () => {
  it('survives the end inquirer pipes into it, writing straight through', () => {
    const sink = new PassThrough();
    const written: string[] = [];
    sink.on('data', (chunk: Buffer) => written.push(String(chunk)));
    const terminal = Object.assign(sink, { columns: 100, rows: 30 }) as unknown as WriteStream;
    const source = new Stream();
    source.pipe(promptOutput(terminal));
    source.emit('data', 'question');
    source.emit('end');
    expect(sink.writableEnded).toBe(false);
    const next = promptOutput(terminal) as unknown as { columns: number; isTTY: boolean };
    expect([next.columns, next.isTTY]).toEqual([100, true]);
    sink.write('after');
    expect(written.join('')).toBe('questionafter');
  });
});
