import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('sync')
    .description('fetch, merge (keeping every line) and push the attestation notes (refs/notes/ai-attest)')
    .argument('[remote]', "the remote (default: the branch's upstream remote, else origin)")
    .option('--json', 'print a JSON report (schema ai-attest/sync@1)')
    .addHelpText(
      'after',
      "\nThe remote's notes are fetched into refs/notes/remotes/REMOTE/ai-attest, merged into\n" +
        'refs/notes/ai-attest with cat_sort_uniq, and pushed without force (retried when another\n' +
        'clone pushed in between). No refspec is added to your git config. See docs/sync.md.\n',
    )
    .action(async (remote: string | undefined, options: { json?: boolean }) => {
      const { runSync } = await import('../commands/sync.js');
      await runSync(remote, options);
    });
}
