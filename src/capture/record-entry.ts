import { readFileSync } from 'node:fs';
import { recordMain } from '../commands/record.js';
import { ExitCode } from '../errors.js';
import { hookFailure } from '../hook/exit.js';

/**
 * Entry of `dist/hook-record.cjs`: `ai-attest record`, which agents run after every edit and
 * wait for. Bundled and code-cached like the commit hooks (docs/decisions.md, "Commit hook
 * bundle"). Returns the exit code: only the loader exits.
 */
export async function main(argv: string[]): Promise<number> {
  const [, ...args] = argv;
  if (process.env.AI_ATTEST === '0') return ExitCode.Ok;
  try {
    const result = await recordMain(args, { cwd: process.cwd(), env: process.env, stdin: async () => readStdin() });
    if (result.stdout) process.stdout.write(result.stdout);
    return result.code;
  } catch (error) {
    return hookFailure(error, 'record');
  }
}

function readStdin(): string {
  // An agent that sends nothing must not leave the hook waiting on a terminal.
  if (process.stdin.isTTY) return '';
  try {
    return readFileSync(0, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN' || (error as NodeJS.ErrnoException).code === 'EOF') return '';
    throw error;
  }
}
