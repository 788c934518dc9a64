import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aiAttestHome, publicKeyPath } from '../crypto/home.js';
import { findKeyringFile } from '../crypto/keyring-files.js';
import { keyValidity } from '../crypto/key-validity.js';

const SOON_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * What is wrong with the key that just signed, said at commit time rather than at push: a
 * revoked or expired key, or one this repository's keyring does not hold, signs statements
 * verify will reject. Reads two or three small files with the packet parser (no openpgp.js).
 */
export function signerWarnings(
  fingerprint: string,
  input: { env: NodeJS.ProcessEnv; top: string | null; keyring: string; now?: Date },
): string[] {
  const now = input.now ?? new Date();
  const warnings: string[] = [];
  const renew = 'make a new key (`ai-attest keys generate --default`), run `ai-attest init` to export it to the keyring, and commit it';
  try {
    const validity = keyValidity(readFileSync(publicKeyPath(aiAttestHome(input.env), fingerprint), 'utf8'));
    const day = validity.expires?.toISOString().slice(0, 10);
    if (validity.revoked) warnings.push(`your signing key ${fingerprint} is revoked: verify fails what it signs. Fix: ${renew}.`);
    else if (validity.expires && validity.expires <= now)
      warnings.push(`your signing key ${fingerprint} expired on ${day}: verify fails what it signs. Fix: ${renew}.`);
    else if (validity.expires && validity.expires.getTime() - now.getTime() < SOON_MS)
      warnings.push(`your signing key ${fingerprint} expires on ${day}: ${renew} before then.`);
  } catch {
    // No stored public copy (an imported secret key only): the keyring check below still applies.
  }
  if (input.top && !findKeyringFile(join(input.top, input.keyring), fingerprint)) {
    warnings.push(
      `your signing key ${fingerprint} is not in this repository's keyring (${input.keyring}/): ` +
        `verify (pre-push, CI) fails the commits it signs. ` +
        'Fix: `ai-attest init` exports it there; commit it, and have a teammate whose key is trusted approve it.',
    );
  }
  return warnings;
}
