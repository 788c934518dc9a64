import { approveKey } from '../read/trust/approve.js';
import { printJson } from '../ui/output.js';

/** `ai-attest keys approve FPR`: sign an approval of a teammate's key; printing only (see read/trust/approve.ts). */
export async function keysApprove(fingerprint: string, flags: { json?: boolean }): Promise<void> {
  const result = await approveKey({ cwd: process.cwd(), env: process.env, fingerprint });
  if (flags.json) return printJson(result);
  const { approval, path } = result;
  process.stdout.write(
    `Approved key ${approval.fingerprint} (${approval.userIds.join(', ') || 'no user id'}), signed by your key ${approval.approver}.\n` +
      `Wrote ${path}. Commit it to the branch that adds the key:\n  git add ${path} && git commit ` +
      `-m "Approve the ai-attest key of ${approval.userIds[0] ?? approval.fingerprint}"\n`,
  );
  if (!result.approverTrusted) {
    process.stderr.write(
      `ai-attest: your key ${approval.approver} is not in this checkout's keyring: the approval counts only where your key is trusted.\n`,
    );
  }
}
