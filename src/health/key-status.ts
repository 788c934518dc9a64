import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { aiAttestHome, readDefaultFingerprint } from '../crypto/home.js';
import { loadWorkTreeKeyring } from '../crypto/keyring.js';
import { listKeys } from '../crypto/keystore.js';

export interface KeyStatus {
  fingerprint: string;
  userIds: string[];
  expires: string | null;
  expired: boolean;
  /** Whole days until expiry (negative once expired); null: never expires. */
  daysLeft: number | null;
  revoked: boolean;
  /** Needs AI_ATTEST_PASSPHRASE for hooks to sign without asking. */
  encrypted: boolean;
  hasSecret: boolean;
  /** Its public key is in the repository's trusted keyring, so verify accepts its signatures. */
  inKeyring: boolean;
}

/** The default signing key (null when there is none), judged now. */
export async function keyStatus(input: {
  env: NodeJS.ProcessEnv;
  top: string | null;
  commonDir: string;
  config: Config | null;
}): Promise<KeyStatus | null> {
  const home = aiAttestHome(input.env);
  const keys = await listKeys({ home });
  const preferred = await readDefaultFingerprint(home);
  const key =
    keys.find((k) => k.fingerprint === preferred && k.hasSecret) ??
    keys.find((k) => k.isDefault) ??
    (keys.filter((k) => k.hasSecret).length === 1 ? keys.find((k) => k.hasSecret) : undefined);
  if (!key) return null;
  let inKeyring = false;
  if (input.top && input.config) {
    const keyring = await loadWorkTreeKeyring(join(input.top, input.config.keyring), input.commonDir);
    inKeyring = keyring.keys.has(key.fingerprint);
  }
  const now = Date.now();
  const expires = key.expires ? key.expires.getTime() : null;
  return {
    fingerprint: key.fingerprint,
    userIds: key.userIds,
    expires: key.expires ? key.expires.toISOString() : null,
    expired: expires !== null && expires <= now,
    daysLeft: expires === null ? null : Math.floor((expires - now) / 86_400_000),
    revoked: key.revoked,
    encrypted: key.encrypted,
    hasSecret: key.hasSecret,
    inKeyring,
  };
}
