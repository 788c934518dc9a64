import { ExitCode } from '../errors.js';
import { hookFailure, hookTracer } from './exit.js';
import { runPrepareCommitMsg } from './prepare-commit-msg.js';

/**
 * Entry of `dist/hook-prepare.cjs`: prepare-commit-msg, which the stub starts only when it has to
 * ask on a terminal. Bundled and code-cached like commit-msg (src/hook/commit-entry.ts), with the
 * prompt library inside, so the first question appears as soon as possible.
 */
export async function main(argv: string[]): Promise<number> {
  const [name = 'prepare-commit-msg', ...args] = argv;
  if (process.env.AI_ATTEST === '0') return ExitCode.Ok;
  try {
    hookTracer(name)(await runPrepareCommitMsg(args, { cwd: process.cwd(), env: process.env }));
    return ExitCode.Ok;
  } catch (error) {
    return hookFailure(error, name, args);
  }
}
