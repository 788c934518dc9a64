import type { Command } from 'commander';
import type { LeanCommand } from './lean.js';

export function register(program: Command): void {
  program
    .command('verify')
    .description('check the attestations of a range: present, signed by a trusted key, bound to the commit, consistent with the policy')
    .argument(
      '[revs...]',
      "revisions as git log takes them (origin/main..HEAD, v1..v2, REV^! for one commit); default: HEAD's commits not on its upstream",
    )
    .option('--json', 'print a JSON report (schema ai-attest/verify@1)')
    .option('--format <format>', 'text (default) or github (workflow annotations)')
    .option('--keyring <dir>', 'another folder of trusted public keys (repeatable)', (dir: string, all: string[] = []) => [...all, dir])
    .option(
      '--trust <rev>',
      "read the policy and keyring from this revision's objects (default: the upstream's merge-base; pre-push: the remote's tip)",
    )
    .option('--strict', 'warnings fail too')
    .option('--pre-push', "arguments are REMOTE URL and git's pre-push lines come on stdin: verify what the push publishes")
    .option('--no-cache', 'neither use nor update the verified-commit cache')
    // --all, --branches[=glob], --remotes[=glob], --tags[=glob] and --not are range arguments (docs/verify.md).
    .allowUnknownOption()
    .addHelpText(
      'after',
      '\nExit status: 0 every commit passes, 1 a commit fails the policy, 2 usage or configuration error.\n' +
        'Examples:\n  ai-attest verify\n  ai-attest verify origin/main..HEAD --format github\n  ' +
        'ai-attest verify v1.0..v2.0 --json\n  ai-attest verify abc1234^!\n',
    )
    .action(async (revs: string[], options) => {
      const { runVerify } = await import('../commands/verify.js');
      await runVerify(revs, options);
    });
}

/** The lean start (src/lean.ts): everyday `verify` arguments without commander. */
export const lean: LeanCommand = {
  spec: {
    options: [
      { flags: '--json' },
      { flags: '--format <format>' },
      { flags: '--keyring <dir>', repeat: true },
      { flags: '--trust <rev>' },
      { flags: '--strict' },
      { flags: '--pre-push' },
      { flags: '--no-cache' },
    ],
    operands: 'any',
    passThrough: /^--(all|not|branches(=.+)?|remotes(=.+)?|tags(=.+)?)$/,
  },
  run: async ({ operands, options }) => {
    const { runVerify } = await import('../commands/verify.js');
    await runVerify(operands, options);
  },
};
