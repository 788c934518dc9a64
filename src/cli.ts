import { Command, CommanderError } from 'commander';
import { ExitCode } from './errors.js';
import { registerAll } from './cli/index.js';
import { closedPipeExit, drained, isClosedPipe, reportFailure } from './ui/failure.js';

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
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.Ok;
    }
    return ExitCode.UsageError;
  }
  return reportFailure(error);
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
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
