import { ExitCode } from '../errors.js';
import { commitMsgHook } from './commit-main.js';
import { hookFailure, hookTracer } from './exit.js';

/**
 * Entry of `dist/hook-commit.cjs`: the commit-msg hook alone, bundled into one minified CommonJS
 * file that `bin/ai-attest-hook.cjs` compiles with a V8 code cache (docs/decisions.md, "Commit
 * hook bundle"). Everything `runCommitMsg` reaches is inside it; a dynamic import of a package
 * (openpgp for an encrypted key) goes through the loader, since a cached script has no
 * dynamic-import callback on Node 20. Returns the exit code: only the loader exits.
 */
export async function main(argv: string[]): Promise<number> {
  const [name = 'commit-msg', ...args] = argv;
  if (process.env.AI_ATTEST === '0') return ExitCode.Ok;
  try {
    hookTracer(name)(await commitMsgHook(args));
    return ExitCode.Ok;
  } catch (error) {
    return hookFailure(error, name);
  }
}
