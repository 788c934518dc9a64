import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('show')
    .description(
      'the attestations of one commit (trailers and note statements), with signature, binding and policy checks as verify sees them',
    )
    .argument('[rev]', 'the commit', 'HEAD')
    .option('--json', 'print a JSON report (schema ai-attest/show@1)')
    .option(
      '--detail',
      'also decrypt the detail record (prompts, raw output) with your key; needs --reason, and records a signed access record first',
    )
    .option('--reason <text>', 'why you read the detail record (an incident or ticket id): signed into the access log')
    .option('--key <file>', 'an armored secret key file to read the detail record with (default: your ai-attest key)')
    .option('--keyring <dir>', 'another folder of trusted public keys (repeatable)', (dir: string, all: string[] = []) => [...all, dir])
    .option('--trust <rev>', "read the policy and keyring from this revision's objects (default: as verify)")
    .action(async (rev: string, options) => {
      const { runShow } = await import('../commands/show.js');
      await runShow(rev, options);
    });
}
