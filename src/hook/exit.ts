import { AttestError, ExitCode } from '../errors.js';

function interrupted(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'InterruptedError' || error.name === 'AbortPromptError')
  );
}

/**
 * prepare-commit-msg runs before the editor opens: unless the message came with the command
 * (-m, -F, -c/-C, --amend), git holds only its template then, and there is nothing to keep.
 */
function abortedWhat(hook: string, [, source]: readonly string[]): string {
  if (hook === 'prepare-commit-msg' && source !== 'message' && source !== 'commit')
    return 'the commit was aborted before you wrote its message.';
  return 'the commit was aborted. Your message is kept in .git/COMMIT_EDITMSG.';
}

/** The exit code of a hook that threw, after telling the developer what happened and what to do. */
export function hookFailure(error: unknown, hook: string, args: readonly string[] = []): number {
  if (interrupted(error)) {
    process.stderr.write(`\nai-attest: interrupted; ${abortedWhat(hook, args)}\n`);
    return ExitCode.Interrupted;
  }
  if (error instanceof AttestError) {
    process.stderr.write(`ai-attest: ${error.message}\n`);
    return error.exitCode === ExitCode.Ok ? ExitCode.PolicyFailure : error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    `ai-attest: unexpected error in the ${hook} hook (please report it): ${detail}\nSkip ai-attest once with AI_ATTEST=0.\n`,
  );
  return ExitCode.PolicyFailure;
}

/** `AI_ATTEST_TRACE=1`: how long the hook took since its Node process started. */
export function hookTracer(hook: string): (what: string) => void {
  return (what) => {
    if (process.env.AI_ATTEST_TRACE === '1')
      process.stderr.write(`ai-attest: ${hook} ${what} ${performance.now().toFixed(1)} ms after node started\n`);
  };
}
