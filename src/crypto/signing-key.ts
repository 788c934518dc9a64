import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KeyError } from '../errors.js';
import { dearmor, isArmored } from './armor.js';
import { equalBytes, leftPad, readUint16 } from './bytes.js';
import { ed25519PrivateKey, publicPointOf } from './ed25519.js';
import { aiAttestHome, isMissing, resolveStoredKey, secretKeyPath } from './home.js';
import { parseEd25519KeyBody, type PublicKeyMaterial } from './key-packet.js';
import { MalformedPacketError, Tag, readMpi, readPackets } from './packets.js';
import { resolvePassphrase, wrongPassphrase, type PassphraseCallback } from './passphrase.js';
import { HASH_SHA256, assembleSignature, hashedPartFor, signatureDigest } from './signature-packet.js';

export interface SigningKey {
  /** Upper-case hex v4 fingerprint. */
  fingerprint: string;
  keyId: string;
  /** The key's first user id, e.g. `Ada Lovelace <ada@example.com>`. */
  userId: string;
  /** A binary OpenPGP v4 signature packet over `data`, made at `created` (default: now), with signed notations. */
  sign(data: Uint8Array, created?: Date, notations?: readonly Uint8Array[]): Uint8Array;
}

export interface LoadSigningKeyOptions {
  home?: string;
  /** A fingerprint or key id of a stored key; default: the default key. */
  fingerprint?: string;
  env?: NodeJS.ProcessEnv;
  /** Asked for an encrypted key's passphrase when AI_ATTEST_PASSPHRASE is not set. */
  passphrase?: PassphraseCallback;
}

/**
 * Loads a stored private key for signing inside a git hook. An unencrypted key is read with the
 * packet parser here and node:crypto (well under a millisecond); only an encrypted key pays for
 * importing openpgp.js to decrypt it.
 */
export async function loadSigningKey(options: LoadSigningKeyOptions = {}): Promise<SigningKey> {
  const env = options.env ?? process.env;
  const home = options.home ?? aiAttestHome(env);
  const fingerprint = await resolveStoredKey(home, options.fingerprint, true);
  const path = secretKeyPath(home, fingerprint);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) throw new KeyError(`No private key file ${path}: run \`ai-attest keys import\` with the secret key.`);
    throw error;
  }
  return signingKeyFromArmored(text, { ...options, env, expectFingerprint: fingerprint });
}

export async function signingKeyFromArmored(
  text: string,
  options: { env?: NodeJS.ProcessEnv; passphrase?: PassphraseCallback; expectFingerprint?: string } = {},
): Promise<SigningKey> {
  const env = options.env ?? process.env;
  let key: PublicKeyMaterial;
  let userId: string;
  let secret: Uint8Array;
  try {
    if (!isArmored(text)) throw new MalformedPacketError('not an armored private key');
    const packets = readPackets(dearmor(text).data);
    const first = packets[0];
    if (first?.tag !== Tag.SecretKey) throw new MalformedPacketError('the file does not start with a secret key packet');
    key = parseEd25519KeyBody(first.body);
    const uid = packets.find((p) => p.tag === Tag.UserId);
    userId = uid ? Buffer.from(uid.body).toString('utf8') : '';
    secret = key.rest;
  } catch (error) {
    if (error instanceof MalformedPacketError) {
      throw new KeyError(
        `Cannot sign with this private key (${error.message}): create one with \`ai-attest keys generate\`, or import an Ed25519 key.`,
      );
    }
    throw error;
  }
  if (options.expectFingerprint && key.fingerprint !== options.expectFingerprint) {
    throw new KeyError(`The private key file for ${options.expectFingerprint} holds key ${key.fingerprint}: re-import the key.`);
  }
  const seed = secret[0] === 0 ? plainSeed(secret, key.fingerprint) : await decryptedSeed(text, key.fingerprint, env, options.passphrase);
  const privateKey = ed25519PrivateKey(seed);
  // A seed that does not yield the stored public point would make signatures nobody can verify.
  if (!equalBytes(publicPointOf(privateKey), key.point)) {
    throw new KeyError(`The secret part of key ${key.fingerprint} does not match its public part: the key file is damaged.`);
  }
  return makeSigningKey(key, userId, privateKey);
}

/** S2K usage 0 (RFC 9580 5.5.3): the seed MPI in clear, then a two-octet sum of its octets. */
function plainSeed(secret: Uint8Array, fingerprint: string): Uint8Array {
  try {
    const mpi = readMpi(secret, 1);
    const checksumOctets = secret.subarray(1, mpi.next);
    let sum = 0;
    for (const b of checksumOctets) sum = (sum + b) & 0xffff;
    if (secret.length >= mpi.next + 2 && readUint16(secret, mpi.next) !== sum) {
      throw new MalformedPacketError('secret key checksum mismatch');
    }
    if (mpi.value.length > 32) throw new MalformedPacketError('Ed25519 seed longer than 32 octets');
    return leftPad(mpi.value, 32);
  } catch (error) {
    if (error instanceof MalformedPacketError)
      throw new KeyError(`The private key ${fingerprint} is damaged (${error.message}): re-import it.`);
    throw error;
  }
}

async function decryptedSeed(
  text: string,
  fingerprint: string,
  env: NodeJS.ProcessEnv,
  callback: PassphraseCallback | undefined,
): Promise<Uint8Array> {
  const passphrase = await resolvePassphrase(fingerprint, env, callback);
  const openpgp = await import('openpgp');
  const locked = await openpgp.readPrivateKey({ armoredKey: text });
  let unlocked;
  try {
    unlocked = await openpgp.decryptKey({ privateKey: locked, passphrase });
  } catch {
    throw wrongPassphrase(fingerprint, env);
  }
  // openpgp.js keeps the decrypted legacy EdDSA seed here; its typings do not expose it.
  const seed = (unlocked.keyPacket as unknown as { privateParams?: { seed?: Uint8Array } }).privateParams?.seed;
  if (!seed) throw new KeyError(`Key ${fingerprint} decrypted to no Ed25519 seed: re-import the key.`);
  return leftPad(seed, 32);
}

function makeSigningKey(key: PublicKeyMaterial, userId: string, privateKey: KeyObject): SigningKey {
  return {
    fingerprint: key.fingerprint,
    keyId: key.keyId,
    userId,
    sign(data: Uint8Array, created: Date = new Date(), notations: readonly Uint8Array[] = []): Uint8Array {
      const hashedPart = hashedPartFor(key.fingerprint, created, notations);
      const digest = signatureDigest(HASH_SHA256, data, hashedPart);
      return assembleSignature(hashedPart, key.keyId, digest, cryptoSign(null, digest, privateKey));
    },
  };
}
