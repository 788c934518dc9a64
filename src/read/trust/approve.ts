import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isoSeconds } from '../../core/attest.js';
import { approvalBytes, approvalPath, KEY_APPROVAL_TYPE, type SignedKeyApproval } from '../../core/key-approval.js';
import { loadConfig } from '../../config/load.js';
import { loadKeyring } from '../../crypto/keyring.js';
import { loadSigningKey } from '../../crypto/signing-key.js';
import { ConfigError, KeyError } from '../../errors.js';
import { repoPaths } from '../../git/repo.js';
import { keyringFolder } from './files.js';

export interface ApproveResult {
  /** Repository-relative path of the approval file written. */
  path: string;
  approval: SignedKeyApproval;
  /** The approver's own key is in this checkout's keyring (else the approval will not count). */
  approverTrusted: boolean;
}

/**
 * `ai-attest keys approve FPR`: the approver (whose key the trusted branch holds) signs an
 * approval of a key a new teammate added to the keyring, and it is written to
 * `.ai-attest/approvals/FPR.json` for the approver to commit on the same branch. verify then
 * trusts that key for the branch, because a key trusted at the trust revision vouched for it.
 */
export async function approveKey(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  fingerprint: string;
  now?: Date;
}): Promise<ApproveResult> {
  const paths = await repoPaths(options);
  if (!paths.top)
    throw new ConfigError('`ai-attest keys approve` writes into the work tree: run it in a checkout of the branch that adds the key.');
  const { config } = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
  const folder = keyringFolder(config.keyring);
  const keyring = await loadKeyring([join(paths.top, folder)]);
  const wanted = options.fingerprint.replace(/\s+/g, '').toUpperCase();
  const matches = [...keyring.keys.values()].filter(
    (k) => k.fingerprint === wanted || (wanted.length >= 16 && k.fingerprint.endsWith(wanted)),
  );
  if (matches.length !== 1) {
    throw new KeyError(
      matches.length
        ? `${options.fingerprint} matches ${matches.length} keys in ${folder}/: give the full fingerprint.`
        : `no key ${options.fingerprint} in ${folder}/: check out the branch that adds it (the new ` +
            `teammate's pull request), then approve it.`,
    );
  }
  const key = matches[0]!;
  const signer = await loadSigningKey({ env: options.env });
  if (signer.fingerprint === key.fingerprint)
    throw new KeyError(`key ${key.fingerprint} is your own: a key is approved by a teammate whose key is already trusted.`);
  const unsigned = {
    type: KEY_APPROVAL_TYPE,
    fingerprint: key.fingerprint,
    userIds: key.userIds,
    approver: signer.fingerprint,
    time: isoSeconds(options.now ?? new Date()),
  } as const;
  const signature = Buffer.from(signer.sign(approvalBytes(unsigned), options.now)).toString('base64');
  const approval: SignedKeyApproval = { ...unsigned, userIds: [...unsigned.userIds], signature };
  const path = approvalPath(key.fingerprint);
  await mkdir(join(paths.top, '.ai-attest', 'approvals'), { recursive: true });
  await writeFile(join(paths.top, path), `${JSON.stringify(approval, null, 2)}\n`);
  return { path, approval, approverTrusted: keyring.keys.has(signer.fingerprint) };
}
