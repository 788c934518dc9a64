import type { Command } from 'commander';

export function register(program: Command): void {
  const detail = program
    .command('detail')
    .description('maintain the detail tier (encrypted prompts and raw output under refs/notes/ai-attest-detail)');
  detail
    .command('rotate')
    .description(
      're-encrypt the detail records to the recipients of the trust revision (the default branch) ' +
        'under .ai-attest/recipients/ (run by a current recipient)',
    )
    .argument('[commits...]', 'only these commits (default: every record)')
    .option('--rev <rev>', 'take the recipients from this revision (default: the trust revision, as for sealing)')
    .option('--key <file>', 'an armored secret key file of a current recipient (default: your ai-attest key)')
    .option('--json', 'print a JSON report (schema ai-attest/detail-rotate@1)')
    .action(async (commits: string[], options) => {
      const { runDetailRotate } = await import('../commands/detail.js');
      await runDetailRotate(commits, options);
    });
}
