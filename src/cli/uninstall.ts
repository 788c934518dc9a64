import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('uninstall')
    .description('remove the git hooks and restore the hooks and git settings that were there before')
    .option('--json', 'print a JSON report (schema ai-attest/uninstall@1)')
    .action(async (options: { json?: boolean }) => {
      const { runUninstall } = await import('../commands/uninstall.js');
      await runUninstall(options);
    });
}
