import { LEAN_COMMANDS } from './cli/lean.js';
import { parseLean } from './cli/lean-args.js';
import { ExitCode } from './errors.js';
import { claimPrefetch } from './git/prefetch.js';
import { claimDetectPrefetch } from './git/prefetch-detect.js';
import { hookFailure } from './hook/exit.js';
import { closedPipeExit, drained, isClosedPipe, reportFailure } from './ui/failure.js';

/** What main returns when the arguments need the full CLI: the loader then runs dist/cli.js. */
export const FULL_CLI = 'full-cli';

/**
 * Entry of `dist/cli-lean.cjs`, the read side's lean start: `ai-attest verify` (and any command
 * in LEAN_COMMANDS) and the pre-push hook, from one minified CommonJS bundle that
 * bin/ai-attest-hook.cjs compiles with a V8 code cache, as the commit hooks are
 * (docs/decisions.md, "Lean start of the read commands"). No commander, no registration of
 * the other commands. Arguments it does not read for sure go to the full CLI. Returns the exit
 * code once the output has drained: the loader exits.
 */
export async function main(argv: string[], launch: { prefetch?: string } = {}): Promise<number | typeof FULL_CLI> {
  // First: the streams of git's work that bin/ai-attest.cjs started before Node (src/git/prefetch.ts).
  if (launch.prefetch !== undefined) claimPrefetch(launch.prefetch, argv, { cwd: process.cwd(), env: process.env });
  if (launch.prefetch !== undefined) claimDetectPrefetch(launch.prefetch, argv, { cwd: process.cwd(), env: process.env });
  const [name = '', ...args] = argv;
  if (name === 'pre-push') return prePush(args);
  const command = Object.hasOwn(LEAN_COMMANDS, name) ? LEAN_COMMANDS[name] : undefined;
  const parsed = command ? parseLean(args, command.spec) : null;
  if (!command || !parsed) return FULL_CLI;
  traceStart(name);
  endQuietlyOnClosedPipe();
  let code: number;
  try {
    await command.run(parsed);
    code = typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  } catch (error) {
    code = reportFailure(error);
  }
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  return code;
}

/** The pre-push hook, as dist/hook.js runs it (`ai-attest hook pre-push REMOTE URL`). */
async function prePush(args: string[]): Promise<number> {
  if (process.env.AI_ATTEST === '0') return ExitCode.Ok;
  traceStart('pre-push');
  let code: number;
  try {
    const { prePushHook } = await import('./hook/pre-push.js');
    code = await prePushHook(args, { cwd: process.cwd(), env: process.env });
  } catch (error) {
    code = hookFailure(error, 'pre-push', args);
  }
  await drained(process.stderr);
  return code;
}

/**
 * `AI_ATTEST_TRACE=1`: what starting cost before the command's own work (wall and CPU since Node
 * started; `npm run bench -- startup` sets it beside `node -e 0`'s).
 */
function traceStart(name: string): void {
  if (process.env.AI_ATTEST_TRACE !== '1') return;
  const cpu = process.cpuUsage();
  const cpuMs = ((cpu.user + cpu.system) / 1000).toFixed(1);
  process.stderr.write(`ai-attest: ${name} arguments read ${performance.now().toFixed(1)} ms after node started, ${cpuMs} ms of CPU\n`);
}

function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (!isClosedPipe(error)) throw error;
      // Nothing is left worth finishing; the verdict, if any, is already decided.
      process.exit(closedPipeExit());
    });
  }
}
