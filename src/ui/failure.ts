import { AttestError, ExitCode } from '../errors.js';
import { safeLines } from './safe-text.js';

/**
 * How the CLI's entry points (src/cli.ts and the lean start, src/lean.ts) end a command that
 * threw: the message on stderr, escaped, and the exit code it stands for.
 */
export function reportFailure(error: unknown): number {
  if (isClosedPipe(error)) return closedPipeExit();
  if (error instanceof AttestError) {
    process.stderr.write(`ai-attest: ${safeLines(error.message)}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    process.stderr.write('ai-attest: interrupted.\n');
    return ExitCode.Interrupted;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`ai-attest: unexpected error (please report it): ${safeLines(detail)}\n`);
  return ExitCode.UsageError;
}

/**
 * A reader that stops early (`| head`, a pager quit) closes the pipe: end quietly, as git does,
 * instead of an "Unhandled 'error' event". The exit code is the one the command had already
 * decided (verify sets its verdict before printing, so `verify | head` under pipefail still
 * fails a failing range), else 0: a closed pipe is not a policy failure.
 */
export function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

export function closedPipeExit(): number {
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
}

/** A pipe takes large output asynchronously: exiting before it drains cuts it off at 64 KiB. */
export function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}
