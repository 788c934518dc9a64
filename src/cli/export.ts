import type { Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program
    .command('export')
    .description('write the attestations of a range as NDJSON (schema ai-attest/export@1), one commit per line, for a data warehouse')
    .argument('<range...>', 'the commits to export, e.g. v1.0..v2.0 (as git log takes them)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--no-lines', 'skip line counts (one git read instead of two)')
    .option(
      '--format <format>',
      'ndjson (ai-attest/export@1, default) or agent-trace (Agent Trace 0.1.0 records of the captured line ranges, and of git-ai notes)',
    )
    .option('--repo <path>', 'a repository to include (repeat for several; default: the current one)', collect)
    .addHelpText('after', '\nExample:\n  ai-attest export v1.0..v2.0 -o attestations.ndjson\n\nSchema: docs/report.md "Export"\n')
    .action(async (range: string[], options) => {
      const { runExport } = await import('../commands/export.js');
      await runExport(range, options);
    });
}
