import { readFile } from 'node:fs/promises';
import type { PrivateKey } from 'openpgp';
import { openpgp } from '../crypto/openpgp-key.js';
import { aiAttestHome, resolveStoredKey, secretKeyPath } from '../crypto/home.js';
import { resolvePassphrase, wrongPassphrase } from '../crypto/passphrase.js';
import { signingKeyFromArmored, type SigningKey } from '../crypto/signing-key.js';
import { KeyError } from '../errors.js';

export interface ReaderKey {
  /** Decrypts the record's session key. */
  privateKey: PrivateKey;
  /** Signs the access record: the same person's key. */
  signer: SigningKey;
  fingerprint: string;
  /** The encryption subkey records are encrypted to. */
  decryptionKey: string;
}

/**
 * The reader's key: an armored secret key file (`--key`), else the default key of the ai-attest
 * key store. Its Ed25519 primary signs the access record, its encryption subkey decrypts.
 */
export async function loadReaderKey(options: { env: NodeJS.ProcessEnv; keyFile?: string }): Promise<ReaderKey> {
  let text: string;
  if (options.keyFile) {
    text = await readFile(options.keyFile, 'utf8').catch((error: Error) => {
      throw new KeyError(`cannot read the key file ${options.keyFile}: ${error.message}`);
    });
  } else {
    const home = aiAttestHome(options.env);
    const fingerprint = await resolveStoredKey(home, undefined, true);
    text = await readFile(secretKeyPath(home, fingerprint), 'utf8');
  }
  const signer = await signingKeyFromArmored(text, { env: options.env });
  const pgp = await openpgp();
  let privateKey = await pgp.readPrivateKey({ armoredKey: text });
  if (!privateKey.isDecrypted()) {
    const fingerprint = privateKey.getFingerprint().toUpperCase();
    const passphrase = await resolvePassphrase(fingerprint, options.env);
    try {
      privateKey = await pgp.decryptKey({ privateKey, passphrase });
    } catch {
      throw wrongPassphrase(fingerprint, options.env);
    }
  }
  let decryptionKey: string;
  try {
    decryptionKey = (await privateKey.getEncryptionKey()).getFingerprint().toUpperCase();
  } catch {
    throw new KeyError(
      `key ${privateKey.getFingerprint().toUpperCase()} has no encryption subkey: it cannot be a ` +
        `detail recipient, so it cannot read detail records.`,
    );
  }
  return { privateKey, signer, fingerprint: privateKey.getFingerprint().toUpperCase(), decryptionKey };
}
