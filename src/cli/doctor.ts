import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('doctor')
    .description('diagnose hooks, config, key, notes settings, refspecs and notes sync, each with the exact fix; exits 1 on a problem')
    .option('--offline', 'do not ask the remote whether it has notes this clone lacks')
    .option('--json', 'print a JSON report (schema ai-attest/doctor@1)')
    .action(async (options: { json?: boolean; offline?: boolean }) => {
      const { runDoctor } = await import('../commands/doctor.js');
      await runDoctor(options);
    });
}
