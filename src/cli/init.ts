import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('init')
    .description('set up this repository: config, your signing key, the trusted keyring and the git hooks')
    .option('-y, --yes', 'ask nothing; use the defaults')
    .option('--passphrase-env <VAR>', 'protect a newly created key with the passphrase in this environment variable')
    .option('--hooks-path-ok', 'core.hooksPath points at a directory no known hook manager owns: install there anyway')
    .option('--json', 'print a JSON report (schema ai-attest/init@1)')
    .action(async (options: { yes?: boolean; json?: boolean; passphraseEnv?: string; hooksPathOk?: boolean }) => {
      const { runInit } = await import('../commands/init.js');
      await runInit(options);
    });
}
