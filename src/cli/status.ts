import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('status')
    .description('hooks, signing key, notes not yet on the remote, and commits waiting for `ai-attest attest` (no network)')
    .option('--json', 'print a JSON report (schema ai-attest/status@1)')
    .action(async (options: { json?: boolean }) => {
      const { runStatus } = await import('../commands/status.js');
      await runStatus(options);
    });
}
