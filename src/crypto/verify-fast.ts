import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { concatBytes, equalBytes } from './bytes.js';
import { ed25519PublicKey } from './ed25519.js';
import { parseSignature, signatureDigest, type ParsedSignature } from './signature-packet.js';

export { ed25519PublicKey } from './ed25519.js';
export { parseSignature, type ParsedSignature } from './signature-packet.js';

/**
 * Checks the cryptography of a parsed v4 EdDSA signature: no key validity (that is the
 * keyring's job), no openpgp.js. Legacy EdDSA signs the digest itself, so Ed25519 runs over
 * the 32..64 digest octets rather than over the data.
 */
export function verifyParsed(sig: ParsedSignature, data: Uint8Array, publicKey: KeyObject): boolean {
  const digest = signatureDigest(sig.hashAlgorithm, data, sig.hashedPart);
  // The quick check octets are not authenticated, but a mismatch already proves a bad signature.
  if (!equalBytes(digest.subarray(0, 2), sig.left16)) return false;
  return cryptoVerify(null, digest, publicKey, concatBytes([sig.r, sig.s]));
}

/** Convenience for a one-off check; hot loops should parse once and reuse the KeyObject. */
export function verifySignature(data: Uint8Array, signature: Uint8Array, publicKey: KeyObject | Uint8Array): boolean {
  const key = publicKey instanceof Uint8Array ? ed25519PublicKey(publicKey) : publicKey;
  return verifyParsed(parseSignature(signature), data, key);
}

export interface SignatureInfo {
  /** Upper-case hex, from the issuer fingerprint subpacket; null when the signer only gave a key id. */
  issuerFingerprint: string | null;
  issuerKeyId: string | null;
  created: Date;
}

/** Who claims to have signed, and when: for cache keys and error messages. Throws when malformed. */
export function signatureInfo(sig: Uint8Array): SignatureInfo {
  const parsed = parseSignature(sig);
  return {
    issuerFingerprint: parsed.issuerFingerprint,
    issuerKeyId: parsed.issuerKeyId,
    created: parsed.created,
  };
}
