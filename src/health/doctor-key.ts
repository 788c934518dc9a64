import type { Config } from '../config/types.js';
import type { RepoPaths } from '../git/repo.js';
import type { DoctorCheck } from './doctor-types.js';
import { keyStatus } from './key-status.js';

const WARN_DAYS = 30;

/** The default signing key: present, valid for a while yet, trusted by this repository, usable by hooks. */
export async function checkKey(input: { env: NodeJS.ProcessEnv; paths: RepoPaths; config: Config | null }): Promise<DoctorCheck[]> {
  const key = await keyStatus({ env: input.env, top: input.paths.top, commonDir: input.paths.commonDir, config: input.config });
  if (!key) {
    return [
      {
        id: 'key',
        status: 'problem',
        message: 'no signing key: commits cannot be attested',
        fix: 'ai-attest keys generate   (or ai-attest init)',
      },
    ];
  }
  const fpr = key.fingerprint;
  const who = `${key.userIds[0] ?? fpr} (${fpr})`;
  const publish =
    `ai-attest keys export ${fpr} --output .ai-attest/keys/${fpr.slice(-16)}.asc && git add ` +
    `.ai-attest/keys/${fpr.slice(-16)}.asc && git commit -m "Trust the attestation key ` +
    `${fpr.slice(-16)}"`;
  const checks: DoctorCheck[] = [];
  if (!key.hasSecret)
    checks.push({
      id: 'key.secret',
      status: 'problem',
      message: `the default key ${who} has no secret part here: nothing can sign`,
      fix: `ai-attest keys import FILE   (the secret key: gpg --export-secret-keys --armor ${fpr})`,
    });
  if (key.revoked)
    checks.push({
      id: 'key.revoked',
      status: 'problem',
      message: `the default key ${who} is revoked`,
      fix: 'ai-attest keys generate --default, then publish the new public key in .ai-attest/keys/',
    });
  if (key.expired) {
    checks.push({
      id: 'key.expiry',
      status: 'problem',
      message: `the default key ${who} expired on ${key.expires}: new signatures are rejected`,
      fix: 'ai-attest keys generate --default, then publish the new public key in .ai-attest/keys/',
    });
  } else if (key.daysLeft !== null && key.daysLeft < WARN_DAYS) {
    checks.push({
      id: 'key.expiry',
      status: 'warn',
      message: `the default key ${who} expires in ${key.daysLeft} day(s), on ${key.expires}`,
      fix: 'ai-attest keys generate --default, then publish the new public key in .ai-attest/keys/',
    });
  }
  if (!key.inKeyring) {
    checks.push({
      id: 'key.keyring',
      status: 'problem',
      message: `the default key ${who} is not in the repository's trusted keyring (.ai-attest/keys/): verify rejects its signatures`,
      fix: publish,
    });
  }
  if (key.encrypted && !input.env.AI_ATTEST_PASSPHRASE) {
    checks.push({
      id: 'key.passphrase',
      status: 'warn',
      message: `the default key ${who} is passphrase-protected and AI_ATTEST_PASSPHRASE is not set: hooks cannot sign without asking`,
    });
  }
  if (checks.length === 0) {
    checks.push({
      id: 'key',
      status: 'ok',
      message: `signing key ${who}${key.expires ? `, expires ${key.expires}` : ', does not expire'}, trusted by this repository`,
    });
  }
  return checks;
}
