import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('carry')
    .description('carry attestations to commits rewritten where no hook ran (server-side squash or rebase merges)')
    .argument('<old>', 'the old commits: a range BASE..OLD_TIP, a commit, or commits separated by commas')
    .argument('<new>', 'the commit they were squashed into, or the range they were rebased into (BASE..NEW_TIP)')
    .option('--json', 'print a JSON report (schema ai-attest/carry@1)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  ai-attest carry BASE..PR_HEAD MERGE_COMMIT     after a squash merge\n' +
        '  ai-attest carry BASE..PR_HEAD BASE2..NEW_TIP   after a rebase merge\n' +
        'Then publish the notes with `ai-attest sync`. See docs/ci/server-squash.md.\n',
    )
    .action(async (oldSpec: string, newSpec: string, options: { json?: boolean }) => {
      const { runCarry } = await import('../commands/carry.js');
      await runCarry(oldSpec, newSpec, options);
    });
}
