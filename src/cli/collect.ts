import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('collect')
    .description("collect repositories' trails into an organisation store (DuckDB), incrementally; optionally export Parquet")
    .argument('<repository...>', 'repository folders or URLs (a URL is cloned beside the store and refreshed on each collect)')
    .requiredOption('--store <path>', 'the store file (created when missing)')
    .option('--parquet <dir>', 'also write every table as Parquet, partitioned by repository and month')
    .option('--json', 'print the result as JSON (schema ai-attest/collect@1)')
    .addHelpText(
      'after',
      '\nExamples:\n  ai-attest collect ../api ../web --store org.duckdb\n  ai-attest collect ' +
        'https://git.example.com/team/api.git --store org.duckdb --parquet warehouse/\n\nTables and ' +
        'schema: docs/store.md, `ai-attest schema store`\n',
    )
    .action(async (repositories: string[], options) => {
      const { runCollect } = await import('../commands/collect.js');
      await runCollect(repositories, options);
    });
}
