import { recordMain } from './record.js';

/** `record` as a lean-bundle handler: prints, and returns the exit code to src/hook/main.ts. */
export async function recordEntry(args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const result = await recordMain(args, { ...ctx, stdin: readStdin });
  if (result.stdout) process.stdout.write(result.stdout);
  return result.code;
}

async function readStdin(): Promise<string> {
  // An agent that sends nothing must not leave the hook waiting on a terminal.
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
