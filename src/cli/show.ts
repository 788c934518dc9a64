import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('show')
    .description('the attestations of one commit (trailers and note statements), with signature, binding and policy checks as verify sees them')
    .argument('[rev]', 'the commit', 'HEAD')
    .option('--json', 'print a JSON report (schema ai-attest/show@1)')
    .option('--keyring <dir>', 'another folder of trusted public keys (repeatable)', (dir: string, all: string[] = []) => [...all, dir])
    .action(async (rev: string, options) => {
      const { runShow } = await import('../commands/show.js');
      await runShow(rev, options);
    });
}
