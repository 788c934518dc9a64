import type { Command } from 'commander';

export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('manage the OpenPGP (Ed25519) keys that sign attestations')
    .addHelpText('after', '\nKeys live in $AI_ATTEST_HOME (default ~/.config/ai-attest)/keys.');

  keys
    .command('generate')
    .description('create a signing key (OpenPGP v4 Ed25519, readable by GnuPG)')
    .option('--name <name>', 'user id name (default: git config user.name)')
    .option('--email <email>', 'user id email (default: git config user.email)')
    .option('--passphrase-env <var>', 'encrypt the key with the passphrase in this environment variable')
    .option('--expires <days>', 'expire the key after this many days')
    .option('--default', 'make it the default signing key (the first key always is)')
    .option('--json', 'print the key as JSON')
    .action(async (flags) => {
      const { keysGenerate } = await import('../commands/keys.js');
      await keysGenerate(flags);
    });

  keys
    .command('revoke')
    .description('revoke a key (default: the default key) and update the repository keyring file that holds it')
    .argument('[fingerprint]', 'fingerprint or key id')
    .option(
      '--reason <reason>',
      'compromised (voids every signature; uses the stored revocation certificate), superseded or ' +
        'retired (void later signatures; need the secret key)',
      'compromised',
    )
    .option('--json', 'print JSON (schema ai-attest/keys-revoke@1)')
    .action(async (fingerprint: string | undefined, flags) => {
      const { keysRevoke } = await import('../commands/keys-revoke.js');
      await keysRevoke(fingerprint, flags);
    });

  keys
    .command('list')
    .description('list the keys in the key store')
    .option('--json', 'print JSON')
    .action(async (flags) => {
      const { keysList } = await import('../commands/keys.js');
      await keysList(flags);
    });

  keys
    .command('export')
    .description('print a public key (default: the default key), armored')
    .argument('[fingerprint]', 'fingerprint or key id')
    .option('--output <file>', 'write to FILE instead of stdout')
    .action(async (fingerprint: string | undefined, flags) => {
      const { keysExport } = await import('../commands/keys.js');
      await keysExport(fingerprint, flags);
    });

  keys
    .command('import')
    .description('import a public or secret Ed25519 key, e.g. from `gpg --export-secret-keys --armor FPR`')
    .argument('<file>', 'key file, or - for stdin')
    .option('--passphrase-env <var>', 'check an encrypted key against the passphrase in this variable')
    .option('--default', 'make it the default signing key')
    .option('--json', 'print the key as JSON')
    .action(async (file: string, flags) => {
      const { keysImport } = await import('../commands/keys.js');
      await keysImport(file, flags);
    });

  keys
    .command('default')
    .description('choose the default signing key')
    .argument('<fingerprint>', 'fingerprint or key id')
    .option('--json', 'print JSON')
    .action(async (fingerprint: string, flags) => {
      const { keysDefault } = await import('../commands/keys.js');
      await keysDefault(fingerprint, flags);
    });

  keys
    .command('approve')
    .description(
      "approve a teammate's key added to the keyring, so it is trusted in the same pull request (writes .ai-attest/approvals/FPR.json)",
    )
    .argument('<fingerprint>', "the new key's fingerprint")
    .option('--json', 'print the approval as JSON')
    .action(async (fingerprint: string, flags) => {
      const { keysApprove } = await import('../commands/keys-approve.js');
      await keysApprove(fingerprint, flags);
    });
}
