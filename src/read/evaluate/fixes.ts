import type { FailureResult } from './types.js';

/**
 * The command (or edit) that fixes each failure. `ai-attest attest REV` records a fresh signed
 * statement naming the commit itself, which supersedes the commit's other statements; it is
 * the one fix that needs no history rewrite.
 */
export function fixFor(
  result: FailureResult,
  commit: string,
  detail: { authorEmail?: string; keyEmails?: string[] } = {},
): string | undefined {
  const rev = commit.slice(0, 12);
  switch (result) {
    case 'missing':
    case 'undeclared':
    case 'needs-reattestation':
    case 'binding-mismatch':
    case 'carry-unfounded':
    case 'note-wrong-commit':
    case 'note-invalid':
    case 'note-disagrees':
      return `ai-attest attest ${rev}`;
    case 'malformed':
    case 'unsigned':
    case 'bad-signature':
    case 'version-downgraded':
    case 'version-changed':
      return `ai-attest attest ${rev}   (after checking what the commit really contains: its trailers were changed after signing)`;
    case 'unknown-key':
      return (
        `add the signer's public key to .ai-attest/keys/ (the signer runs \`ai-attest keys ` +
        `export\`), or ai-attest attest ${rev} with a trusted key`
      );
    case 'signed-before-parent':
    case 'key-expired':
    case 'key-revoked':
    case 'key-not-yet-valid':
      return `ai-attest attest ${rev}   (signed with a currently valid key)`;
    case 'identity-mismatch': {
      const author = detail.authorEmail ?? 'AUTHOR';
      const key = detail.keyEmails?.[0] ?? 'KEY-EMAIL';
      return (
        `the author attests: ai-attest attest ${rev}; or map the identity in ` +
        `.ai-attest/config.json: "policy": { "identities": { "${author}": ["${key}"] } }`
      );
    }
    case 'sensitive-underreported':
      return `ai-attest attest ${rev} --sensitive PATHS   (name the sensitive files AI touched, or none)`;
    case 'tool-unapproved':
      return (
        'assess the tool, then `ai-attest tools approve TOOL` (after `ai-attest tools add TOOL ' +
        '--name NAME --via PATH` when it is not in the registry), and commit .ai-attest/config.json'
      );
    case 'unsupported-version':
      return 'upgrade ai-attest (npm i -D ai-attest@latest)';
    case 'merge-adds-changes':
      return `ai-attest attest ${rev}   (the merge's own change: a conflict resolution or an edit made in the merge)`;
    case 'author-unverified':
      return (
        `sign the exempt author's commits (GnuPG or SSH) and name the key: "exempt": { "authors": ` +
        `[{ "author": "${detail.authorEmail ?? 'AUTHOR'}", "signingKeys": ["FINGERPRINT"] }] }; or ` +
        `ai-attest attest ${rev}`
      );
    case 'unattested':
      return (
        'nothing to fix: to start attesting, run `ai-attest init` and commit .ai-attest/ (earlier ' +
        'history then counts as before adoption)'
      );
    case 'key-proposed':
      return (
        `a teammate whose key is trusted reviews the key and runs \`ai-attest keys approve ` +
        `FINGERPRINT\`, then commits .ai-attest/approvals/ to this branch`
      );
    case 'trust-changed':
      return 'review the change to .ai-attest/: it takes effect for verification once merged into the trusted branch';
    case 'unknown-trailer':
      return `reword the commit to drop the unsigned Ai-Attest-* trailers (git rebase -i ${rev}^)`;
    case 'unsigned-trailer':
      return `ai-attest attest ${rev}   (the block shows an Assisted-by line its statement does not sign: check which AI was really used)`;
    case 'disclosure-contradicts':
      return (
        `ai-attest attest ${rev} --tools TOOL:MODEL   (the message discloses an agent but the ` +
        `signed answer is "no AI": attest what was really used)`
      );
  }
}
