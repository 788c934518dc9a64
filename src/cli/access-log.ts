import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('access-log')
    .description('the signed access records of detail records (who read which prompts, with which key, when and why), each verified')
    .argument('[range...]', 'commits whose records to list, as git log takes them (default: every record)')
    .option('--json', 'print a JSON report (schema ai-attest/access-log@1)')
    .option(
      '--keyring <dir>',
      'another folder of trusted public keys (repeatable)',
      (dir: string, all: string[]) => [...all, dir],
      [] as string[],
    )
    .action(async (range: string[], options) => {
      const { runAccessLog } = await import('../commands/access-log.js');
      await runAccessLog(range, options);
    });
}
