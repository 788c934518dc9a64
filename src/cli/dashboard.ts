import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('dashboard')
    .description(
      "the organisation's numbers from a store made by collect: AI share, sensitive paths, " +
        'developers unlike their peers, reworked model output',
    )
    .requiredOption('--store <path>', 'the store file (made by ai-attest collect)')
    .option(
      '--period <period>',
      'a year (2026), quarter (2026-Q3) or month (2026-09) of committer dates; default: every commit, by quarter',
    )
    .option(
      '--format <format>',
      "text, markdown, json (schema ai-attest/dashboard@2) or html; default: from --output's extension, else text",
    )
    .option('--json', 'same as --format json')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  ai-attest dashboard --store org.duckdb --period 2026-Q3 --output org.html\n ' +
        ' ai-attest dashboard --store org.duckdb --format markdown\n',
    )
    .action(async (options) => {
      const { runDashboard } = await import('../commands/dashboard.js');
      await runDashboard(options);
    });
}
