import { Command, CommanderError } from 'commander';
import { AttestError, ExitCode } from './errors.js';
import { registerAll } from './cli/index.js';
import { safeLines } from './ui/safe-text.js';

/**
 * The one place (with src/hook/main.ts) that turns errors into exit codes. Commands are
 * declared in src/cli/<name>.ts and import their implementation lazily.
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command('ai-attest')
    .description('Signed, tamper-evident attestations of AI involvement in commits, kept in git.')
    .version(await packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerAll(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (isClosedPipe(error)) return closedPipeExit();
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.Ok;
    }
    return ExitCode.UsageError;
  }
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

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A pipe takes large output asynchronously: exiting before it drains cuts it off at 64 KiB. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}

/**
 * A reader that stops early (`| head`, a pager quit) closes the pipe: end quietly, as git does,
 * instead of an "Unhandled 'error' event". The exit code is the one the command had already
 * decided (verify sets its verdict before printing, so `verify | head` under pipefail still
 * fails a failing range), else 0: a closed pipe is not a policy failure.
 */
function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

function closedPipeExit(): number {
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
}

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (!isClosedPipe(error)) throw error;
    process.exit(closedPipeExit());
  });
}

const code = await main(process.argv);
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
