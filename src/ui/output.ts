import type { ChalkInstance } from 'chalk';
import { safeJson } from './safe-text.js';

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

let cached: ChalkInstance | undefined;

/** chalk, configured for stdout; loaded lazily so hooks and JSON output never pay for it. */
export async function colours(stream: NodeJS.WriteStream = process.stdout): Promise<ChalkInstance> {
  if (!cached) {
    const { Chalk } = await import('chalk');
    cached = new Chalk({ level: colourEnabled(stream) ? 1 : 0 });
  }
  return cached;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${safeJson(JSON.stringify(value, null, 2))}\n`);
}

/** Progress for long work, on stderr and only on a terminal, so pipes and --json stay clean. */
export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = Boolean(stream.isTTY) && total > 500;
  let last = 0;
  return {
    tick(done: number) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      stream.write(`\r${label} ${done}/${total}`);
    },
    end() {
      if (enabled) stream.write('\r\x1b[K');
    },
  };
}
