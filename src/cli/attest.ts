import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('attest')
    .description('attest a commit after the fact (undeclared, or made with hooks bypassed): adds a signed note')
    .argument('[rev]', 'the commit', 'HEAD')
    .option('--tools <list>', 'TOOL:MODEL[,TOOL:MODEL] or none (default: $AI_ATTEST_TOOLS, else ask on the terminal)')
    .option('--proportion <n>', 'approximate AI share of the change, 0-100')
    .option('--via <path>', 'integration path, or TOOL=PATH,... (default: the registry)')
    .option('--sensitive <list>', 'sensitive files AI touched, or none (default: all that match)')
    .option('--json', 'print a JSON report (schema ai-attest/attest@1)')
    .addHelpText('after', '\nExample:\n  ai-attest attest HEAD~2 --tools claude-code:claude-sonnet-4-5-20250929 --proportion 30\n')
    .action(async (rev: string, options) => {
      const { runAttest } = await import('../commands/attest.js');
      await runAttest(rev, options);
    });
}
