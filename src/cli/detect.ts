import type { Command } from 'commander';
import type { LeanCommand } from './lean.js';

export function register(program: Command): void {
  program
    .command('detect')
    .description(
      'find AI signals (agent trailers and identities, footers, bot authors, agent branches, ' +
        'git-ai notes) that the attestations do not account for',
    )
    .argument('[revs...]', "revisions as git log takes them (origin/main..HEAD, v1..v2); default: HEAD's commits not on its upstream")
    .option(
      '--format <format>',
      'text (default), json (schema ai-attest/detect@1), sarif (SARIF 2.1.0, code scanning), github (workflow annotations)',
    )
    .option('--json', 'same as --format json')
    .option('--min-confidence <level>', 'report signals at this confidence or more: low (default), medium, high')
    .option('--fail-on <level>', 'exit 1 when a finding has this confidence or more (default: never, findings are for follow-up)')
    .option(
      '--content',
      'also read the diffs: reasoning traces and assistant phrasing in added lines, unusually large additions for the author',
    )
    .option(
      '--signals <file>',
      'a signals file of your own (format ai-attest/signals@1) added to the built-in one (repeatable)',
      (file: string, all: string[]) => [...all, file],
      [] as string[],
    )
    .addHelpText(
      'after',
      '\nExit status: 0 (also with findings), 1 with --fail-on and a finding at that level, 2 usage or configuration error.\n' +
        'Examples:\n  ai-attest detect origin/main..HEAD\n  ai-attest detect v1.0..v2.0 --content ' +
        '--format sarif > detect.sarif\n  ai-attest detect --format github --min-confidence ' +
        'medium\n\nSignals and their measured precision: docs/detect.md\n',
    )
    .action(async (revs: string[], options) => {
      const { runDetect } = await import('../commands/detect.js');
      await runDetect(revs, options);
    });
}

/** The lean start (src/cli/lean.ts): everyday `detect` arguments without commander. */
export const lean: LeanCommand = {
  spec: {
    options: [
      { flags: '--format <format>' },
      { flags: '--json' },
      { flags: '--min-confidence <level>' },
      { flags: '--fail-on <level>' },
      { flags: '--content' },
      { flags: '--signals <file>', repeat: true, default: [] },
    ],
    operands: 'any',
  },
  run: async ({ operands, options }) => {
    const { runDetect } = await import('../commands/detect.js');
    await runDetect(operands, options as unknown as Parameters<typeof runDetect>[1]);
  },
};
