import type { Command } from 'commander';
import type { TraceCommandOptions } from '../commands/trace-start.js';
import type { LeanCommand } from './lean.js';

export function register(program: Command): void {
  program
    .command('trace')
    .description('which commits, AI tools, models and people are behind these lines, with each attestation verified')
    .argument('<file>', 'the file, relative to the current directory (after -- when it starts with a dash)')
    .option('-L, --lines <range>', 'lines as git takes them: START,END | START,+COUNT | :FUNCNAME (repeatable)', collect, [])
    .option('--rev <rev>', 'trace the file as of this commit', 'HEAD')
    .option('--follow', 'follow the history of the lines across renames of the file')
    .option('--patch', 'show the diff of the lines in each commit of the history')
    .option('--no-history', 'the lines view alone (what git blame says), without the history of the lines: as fast as git blame')
    .option('--no-cache', "evaluate every commit again instead of taking passing verdicts from verify's cache (or trace's)")
    .option('--json', 'print a JSON report (schema ai-attest/trace@1, see docs/trace.md)')
    .option(
      '--detail',
      "also decrypt the traced commits' detail records (prompts, raw output) with your key; needs " +
        '--reason, and records a signed access record per record first',
    )
    .option('--reason <text>', 'why you read the detail records (an incident or ticket id): signed into the access log')
    .option('--key <file>', 'an armored secret key file to read the detail records with (default: your ai-attest key)')
    .addHelpText(
      'after',
      '\nExamples:\n  ai-attest trace src/auth/session.ts -L 40,60\n  ai-attest trace ' +
        'src/auth/session.ts -L :checkToken --follow --json\n  ai-attest trace -L 1,+10 -- ' +
        '-odd-name.ts\n',
    )
    .action(async (file: string, options) => {
      const { runTrace } = await import('../commands/trace.js');
      await runTrace(file, options);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The lean start (src/lean.ts): everyday `trace` arguments without commander. */
export const lean: LeanCommand = {
  spec: {
    options: [
      { flags: '-L, --lines <range>', repeat: true, default: [] },
      { flags: '--rev <rev>', default: 'HEAD' },
      { flags: '--follow' },
      { flags: '--patch' },
      { flags: '--no-history' },
      { flags: '--no-cache' },
      { flags: '--json' },
      { flags: '--detail' },
      { flags: '--reason <text>' },
      { flags: '--key <file>' },
    ],
    operands: 'one',
  },
  run: async ({ operands, options }) => {
    const traceOptions = options as unknown as TraceCommandOptions;
    // git first: blame and log -L run while the rest of trace's code loads (docs/trace.md).
    const { startTrace } = await import('../commands/trace-start.js');
    const reads = startTrace(operands[0]!, traceOptions);
    const { runTrace } = await import('../commands/trace.js');
    await runTrace(operands[0]!, traceOptions, reads);
  },
};
