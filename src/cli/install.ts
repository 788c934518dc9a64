import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('install')
    .description(
      'install the git hooks (prepare-commit-msg, commit-msg, post-commit, post-rewrite, pre-push); existing hooks are kept and run first',
    )
    .option('--json', 'print a JSON report (schema ai-attest/install@1)')
    .option('--hooks-path-ok', 'core.hooksPath points at a directory no known hook manager owns: install there anyway')
    .action(async (options: { json?: boolean; hooksPathOk?: boolean }) => {
      const { runInstall } = await import('../commands/install.js');
      await runInstall(options);
    });
}
