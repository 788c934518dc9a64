import type { Command } from 'commander';
import type { LeanCommand } from './lean.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program
    .command('report')
    .description('audit a range: AI involvement by commits and lines, tools, models, authors, sensitive paths, verification, timeline')
    .argument(
      '[range...]',
      'the commits to report on, e.g. v1.0..v2.0 (as git log takes them); default: since the last ' +
        'tag (LAST_TAG..HEAD), or all of HEAD without a tag',
    )
    .option(
      '--format <format>',
      'table (terminal), markdown, json (schema ai-attest/report@2), csv, html (self-contained dashboard)',
      'table',
    )
    .option('--json', 'same as --format json')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--by <dimension>', 'breakdown: tool, model, path (integration path), author, folder; signal (CSV: AI signals nobody attested)')
    .option('--repo <path>', 'a repository to include (repeat for several; default: the current one)', collect)
    .addHelpText(
      'after',
      '\nExamples:\n  ai-attest report v1.0..v2.0\n  ai-attest report v1.0..v2.0 --format html -o ' +
        'report.html\n  ai-attest report main~500..main --by author --format csv\n  ai-attest ' +
        'report --repo ../api --repo ../web v1.0..v2.0\n\nMetrics and schemas: docs/report.md\n',
    )
    .action(async (range: string[], options) => {
      const { runReport } = await import('../commands/report.js');
      await runReport(range, options);
    });
}

/** The lean start (src/lean.ts): everyday `report` arguments without commander. */
export const lean: LeanCommand = {
  spec: {
    options: [
      { flags: '--format <format>', default: 'table' },
      { flags: '--json' },
      { flags: '-o, --output <file>' },
      { flags: '--by <dimension>' },
      { flags: '--repo <path>', repeat: true },
    ],
    operands: 'any',
  },
  run: async ({ operands, options }) => {
    const { runReport } = await import('../commands/report.js');
    await runReport(operands, options);
  },
};
