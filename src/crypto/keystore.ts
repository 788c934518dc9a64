import { readFile } from 'node:fs/promises';
import type { Key, PrivateKey, PublicKey } from 'openpgp';
import { KeyError } from '../errors.js';
import {
  aiAttestHome,
  ensureKeysDir,
  isMissing,
  publicKeyPath,
  readDefaultFingerprint,
  resolveStoredKey,
  revocationCertificatePath,
  secretKeyPath,
  storedKeys,
  writeDefaultFingerprint,
} from './home.js';
import { inspectKey, openpgp, type OpenPgp } from './openpgp-key.js';
import { signingKeyFromArmored } from './signing-key.js';
import type { KeyInfo } from './types.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/** The personal key store under aiAttestHome(): `keys/<FPR>.key.asc` (0600), `.pub.asc`, `default-key`. */

export interface GenerateKeyOptions {
  name: string;
  email: string;
  passphrase?: string;
  expiresInDays?: number;
  home?: string;
  /** Make it the default signing key; the first key in a store always becomes the default. */
  makeDefault?: boolean;
  /** Key creation time (tests make keys in the past). */
  date?: Date;
}

export interface StoredKeyInfo extends KeyInfo {
  hasSecret: boolean;
  /** The private key needs a passphrase. */
  encrypted: boolean;
  isDefault: boolean;
}

export async function generateKey(options: GenerateKeyOptions): Promise<StoredKeyInfo> {
  const home = options.home ?? aiAttestHome();
  const name = options.name.trim();
  const email = options.email.trim();
  if (!name) throw new KeyError('A key needs a name: pass --name "Your Name" (or set git config user.name).');
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email)) {
    throw new KeyError(`"${options.email}" is not an email address: pass --email you@example.com (or set git config user.email).`);
  }
  const days = options.expiresInDays;
  if (days !== undefined && !(Number.isInteger(days) && days > 0)) {
    throw new KeyError(`--expires takes a whole number of days greater than 0, not "${days}".`);
  }
  const pgp = await openpgp();
  let generated;
  try {
    generated = await pgp.generateKey({
      // v4 legacy EdDSA: the only Ed25519 key GnuPG 2.2 verifies (v6 `curve25519` keys it cannot read).
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name, email }],
      ...(options.passphrase ? { passphrase: options.passphrase } : {}),
      ...(days ? { keyExpirationTime: days * 86_400 } : {}),
      ...(options.date ? { date: options.date } : {}),
      format: 'object',
      config: { v6Keys: false },
    });
  } catch (error) {
    throw new KeyError(`Could not generate a key for "${name} <${email}>": ${(error as Error).message}.`);
  }
  const info = await store(home, generated.privateKey, pgp);
  await writeSecret(revocationCertificatePath(home, info.fingerprint), generated.revocationCertificate);
  return finish(home, info, true, Boolean(options.passphrase), options.makeDefault);
}

export interface ImportKeyOptions {
  home?: string;
  /** An armored key, or binary key packets (`gpg --export` without --armor). */
  armored: string | Uint8Array;
  /** Checked against an encrypted private key before it is stored (the key stays encrypted). */
  passphrase?: string;
  makeDefault?: boolean;
}

/**
 * Imports one public or secret key, e.g. from `gpg --export --armor FPR` or
 * `gpg --export-secret-keys --armor FPR`. Keys other than v4 Ed25519 are refused.
 */
export async function importKey(options: ImportKeyOptions): Promise<StoredKeyInfo> {
  const home = options.home ?? aiAttestHome();
  const pgp = await openpgp();
  const keys = await readKeysLoose(options.armored, pgp);
  if (keys.length !== 1) {
    throw new KeyError(
      `The input holds ${keys.length} keys; import one at a time: \`gpg --export --armor FINGERPRINT\` (or --export-secret-keys).`,
    );
  }
  const key = keys[0]!;
  if (key.isPrivate()) {
    const primaryPacket = key.keyPacket as unknown as { isDummy?: () => boolean };
    if (primaryPacket.isDummy?.()) {
      throw new KeyError(
        `The secret part of key ${key.getFingerprint().toUpperCase()} is not in this export (GnuPG ` +
          `stub: on a smartcard, or only subkeys exported); export the full secret key.`,
      );
    }
    const encrypted = !key.isDecrypted();
    if (encrypted && options.passphrase !== undefined) {
      try {
        await pgp.decryptKey({ privateKey: key, passphrase: options.passphrase });
      } catch {
        throw new KeyError(`The passphrase does not unlock key ${key.getFingerprint().toUpperCase()}: check it and import again.`);
      }
    }
    const info = await store(home, key, pgp);
    // Prove now, not in a later git hook, that the fast path can read what was stored.
    if (!encrypted) await signingKeyFromArmored(key.armor(), { expectFingerprint: info.fingerprint });
    return finish(home, info, true, encrypted, options.makeDefault);
  }
  const info = await storePublic(home, key, pgp);
  const files = (await storedKeys(home)).find((k) => k.fingerprint === info.fingerprint);
  return finish(home, info, Boolean(files?.hasSecret), false, options.makeDefault);
}

export async function listKeys(options: { home?: string } = {}): Promise<StoredKeyInfo[]> {
  const home = options.home ?? aiAttestHome();
  const files = await storedKeys(home);
  if (files.length === 0) return [];
  const pgp = await openpgp();
  const preferred = await readDefaultFingerprint(home);
  const out: StoredKeyInfo[] = [];
  for (const f of files) {
    let encrypted = false;
    let key: Key;
    if (f.hasSecret) {
      const secret = await pgp.readPrivateKey({ armoredKey: await readFile(secretKeyPath(home, f.fingerprint), 'utf8') });
      encrypted = !secret.isDecrypted();
      key = f.hasPublic ? await readPublic(home, f.fingerprint, pgp) : secret.toPublic();
    } else {
      key = await readPublic(home, f.fingerprint, pgp);
    }
    const { info } = await inspectKey(key, pgp);
    out.push({ ...info, hasSecret: f.hasSecret, encrypted, isDefault: info.fingerprint === preferred });
  }
  return out;
}

/** The armored public key (default: the default key), as `gpg --import` and `.ai-attest/keys/` take it. */
export async function exportPublicKey(options: { home?: string; fingerprint?: string } = {}): Promise<string> {
  const home = options.home ?? aiAttestHome();
  const fingerprint = await resolveStoredKey(home, options.fingerprint);
  try {
    return await readFile(publicKeyPath(home, fingerprint), 'utf8');
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const pgp = await openpgp();
  const secret = await pgp.readPrivateKey({ armoredKey: await readFile(secretKeyPath(home, fingerprint), 'utf8') });
  return secret.toPublic().armor();
}

export async function setDefaultKey(options: { home?: string; fingerprint: string }): Promise<string> {
  const home = options.home ?? aiAttestHome();
  const fingerprint = await resolveStoredKey(home, options.fingerprint, true);
  await writeDefaultFingerprint(home, fingerprint);
  return fingerprint;
}

async function readKeysLoose(input: string | Uint8Array, pgp: OpenPgp): Promise<Key[]> {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  try {
    if (text.trimStart().startsWith('-----BEGIN PGP')) {
      return await pgp.readKeys({ armoredKeys: typeof input === 'string' ? input : Buffer.from(input).toString('utf8') });
    }
    return await pgp.readKeys({ binaryKeys: typeof input === 'string' ? new Uint8Array(Buffer.from(input, 'latin1')) : input });
  } catch (error) {
    throw new KeyError(
      `Not an OpenPGP key (${(error as Error).message}): export one with \`gpg --export --armor ` +
        `FINGERPRINT\` or \`gpg --export-secret-keys --armor FINGERPRINT\`.`,
    );
  }
}

async function readPublic(home: string, fingerprint: string, pgp: OpenPgp): Promise<PublicKey> {
  return pgp.readKey({ armoredKey: await readFile(publicKeyPath(home, fingerprint), 'utf8') });
}

async function store(home: string, key: PrivateKey, pgp: OpenPgp): Promise<KeyInfo> {
  const { info } = await inspectKey(key, pgp);
  await ensureKeysDir(home);
  await writeSecret(secretKeyPath(home, info.fingerprint), key.armor());
  await writeFileAtomic(publicKeyPath(home, info.fingerprint), key.toPublic().armor(), { mode: 0o644 });
  return info;
}

async function storePublic(home: string, key: Key, pgp: OpenPgp): Promise<KeyInfo> {
  let merged: Key = key.toPublic();
  const { info: checked } = await inspectKey(merged, pgp);
  try {
    // Keep what the stored copy already knows (a revocation, a newer expiry) and add the new parts.
    merged = await (await readPublic(home, checked.fingerprint, pgp)).update(merged as PublicKey);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const { info } = await inspectKey(merged, pgp);
  await ensureKeysDir(home);
  await writeFileAtomic(publicKeyPath(home, info.fingerprint), merged.armor(), { mode: 0o644 });
  return info;
}

async function finish(
  home: string,
  info: KeyInfo,
  hasSecret: boolean,
  encrypted: boolean,
  makeDefault: boolean | undefined,
): Promise<StoredKeyInfo> {
  if (makeDefault && !hasSecret) {
    throw new KeyError(
      `Key ${info.fingerprint} was imported without its secret part, so it cannot be the default ` +
        `signing key: import the secret key (\`gpg --export-secret-keys --armor ` +
        `${info.fingerprint}\`).`,
    );
  }
  const current = await readDefaultFingerprint(home);
  const isDefault = hasSecret && (makeDefault === true || current === null);
  if (isDefault) await writeDefaultFingerprint(home, info.fingerprint);
  return { ...info, hasSecret, encrypted, isDefault: isDefault || current === info.fingerprint };
}

/** Written whole or not at all, readable by the user only: a crash never leaves half a key. */
function writeSecret(path: string, content: string): Promise<void> {
  return writeFileAtomic(path, content, { mode: 0o600 });
}
