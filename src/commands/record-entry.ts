import { recordMain } from './record.js';
import { readStdinText } from '../io/stdin.js';

/** `record` as a lean-bundle handler: prints, and returns the exit code to src/hook/main.ts. */
export async function recordEntry(args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const result = await recordMain(args, { ...ctx, stdin: () => readStdinText({ emptyOnTerminal: true }) });
  if (result.stdout) process.stdout.write(result.stdout);
  return result.code;
}
