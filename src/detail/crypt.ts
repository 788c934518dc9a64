import type { PrivateKey, PublicKey } from 'openpgp';
import { openpgp } from '../crypto/openpgp-key.js';
import { DetailError, NotRecipientError } from './errors.js';
import { joinMessage, splitMessage } from './packets.js';
import type { SealedPart } from './types.js';

/**
 * OpenPGP encryption of detail parts with openpgp.js (imported lazily: only sealing, reading
 * and rotating pay for it). The session key is encrypted to each recipient's encryption
 * subkey, so any OpenPGP implementation (GnuPG with a smartcard included) can read a part.
 */

export interface Recipient {
  fingerprint: string;
  key: PublicKey;
  /** Where the key came from, for messages. */
  source: string;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** Reads armored or binary public keys; a file may hold several. Keys that cannot encrypt are refused. */
export async function parseRecipientKeys(files: ReadonlyArray<{ path: string; content: Uint8Array }>): Promise<Recipient[]> {
  const pgp = await openpgp();
  const out: Recipient[] = [];
  for (const file of files) {
    const text = Buffer.from(file.content).toString('utf8');
    let keys: PublicKey[];
    try {
      keys = text.includes('-----BEGIN PGP') ? await pgp.readKeys({ armoredKeys: text }) : await pgp.readKeys({ binaryKeys: file.content });
    } catch (error) {
      throw new DetailError(
        `${file.path} is not an OpenPGP public key (${(error as Error).message}): export it again with \`gpg --export --armor FPR\`.`,
      );
    }
    for (const key of keys) {
      const fingerprint = key.getFingerprint().toUpperCase();
      try {
        await key.getEncryptionKey();
      } catch (error) {
        throw new DetailError(
          `the compliance key ${fingerprint} in ${file.path} cannot encrypt (` +
            `${(error as Error).message}): it needs a valid encryption subkey (GnuPG's default keys ` +
            `have one).`,
        );
      }
      if (!out.some((r) => r.fingerprint === fingerprint)) out.push({ fingerprint, key: key.toPublic(), source: file.path });
    }
  }
  return out;
}

export async function encryptPart(id: string, plaintext: Uint8Array, recipients: readonly Recipient[]): Promise<SealedPart> {
  if (recipients.length === 0) throw new DetailError('no compliance recipients to encrypt the detail record to.');
  const pgp = await openpgp();
  const message = await pgp.createMessage({ binary: plaintext, format: 'binary' });
  const encrypted = await pgp.encrypt({
    message,
    encryptionKeys: recipients.map((r) => r.key),
    format: 'binary',
    config: { preferredCompressionAlgorithm: pgp.enums.compression.zlib },
  });
  const { keys, data } = splitMessage(encrypted);
  return { id, data: b64(data), keys: keys.map(b64), recipients: recipients.map((r) => r.fingerprint).sort() };
}

/** Every fingerprint a private key answers to: the primary and its subkeys. */
function fingerprintsOf(key: PrivateKey | PublicKey): string[] {
  return [key.getFingerprint(), ...key.getSubkeys().map((s) => s.getFingerprint())].map((f) => f.toUpperCase());
}

export async function decryptPart(part: SealedPart, reader: PrivateKey): Promise<Uint8Array> {
  const pgp = await openpgp();
  const fingerprint = reader.getFingerprint().toUpperCase();
  if (!part.recipients.includes(fingerprint)) {
    throw new NotRecipientError(
      `your key ${fingerprint} is not a recipient of this detail record (recipients: ${part.recipients.join(', ') || 'none'}). ` +
        'Only the compliance recipients can read it: ask one of them, or have them re-encrypt it to you (`ai-attest detail rotate`).',
    );
  }
  const message = await pgp.readMessage({ binaryMessage: joinMessage(part.keys.map(unb64), unb64(part.data)) });
  try {
    const { data } = await pgp.decrypt({ message, decryptionKeys: reader, format: 'binary' });
    return data as Uint8Array;
  } catch (error) {
    throw new NotRecipientError(
      `the detail record could not be decrypted with key ${fingerprint} (` +
        `${(error as Error).message}): the record lists it as a recipient, so the record's session ` +
        `keys were changed or the key is not the one it was encrypted to.`,
    );
  }
}

/**
 * Re-encrypts a part's session key to a new set of recipients. The encrypted data, and with it
 * the digest the statement binds, stays as it is. The holder of `reader` must be a recipient now.
 */
export async function reencryptPart(part: SealedPart, reader: PrivateKey, recipients: readonly Recipient[]): Promise<SealedPart> {
  const pgp = await openpgp();
  if (!part.recipients.includes(reader.getFingerprint().toUpperCase())) {
    throw new NotRecipientError(
      `your key ${reader.getFingerprint().toUpperCase()} is not a recipient of part ${part.id}: a current recipient must rotate it.`,
    );
  }
  const message = await pgp.readMessage({ binaryMessage: joinMessage(part.keys.map(unb64), unb64(part.data)) });
  const [sessionKey] = await pgp.decryptSessionKeys({ message, decryptionKeys: reader });
  if (!sessionKey || !sessionKey.algorithm)
    throw new DetailError(`the session key of part ${part.id} could not be decrypted with your key.`);
  const keysOnly = await pgp.encryptSessionKey({
    data: sessionKey.data,
    algorithm: sessionKey.algorithm as never,
    encryptionKeys: recipients.map((r) => r.key),
    format: 'binary',
  });
  const { keys } = splitKeysOnly(keysOnly);
  return { ...part, keys: keys.map(b64), recipients: recipients.map((r) => r.fingerprint).sort() };
}

/** encryptSessionKey writes session key packets only: split them without expecting data. */
function splitKeysOnly(bytes: Uint8Array): { keys: Uint8Array[] } {
  const marker = new Uint8Array([0xc0 | 11, 0]); // an empty literal packet lets the splitter find the end
  const { keys } = splitMessage(Buffer.concat([bytes, marker]));
  return { keys };
}

export function readerAnswersTo(reader: PrivateKey, fingerprint: string): boolean {
  return fingerprintsOf(reader).includes(fingerprint);
}
