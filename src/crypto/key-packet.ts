import { createHash } from 'node:crypto';
import { concatBytes, equalBytes, readUint32, toHex } from './bytes.js';
import { MalformedPacketError, need, readMpi } from './packets.js';

/** Public-key algorithm 22: EdDSA in its legacy (v4, RFC 4880bis) encoding. */
export const EDDSA_LEGACY = 22;
/** 1.3.6.1.4.1.11591.15.1, the Ed25519 OID used by v4 EdDSA keys. */
export const ED25519_LEGACY_OID = Uint8Array.of(0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01);

export interface PublicKeyMaterial {
  version: number;
  created: Date;
  algorithm: number;
  /** The 32-byte Ed25519 point (the MPI's 0x40 prefix removed). */
  point: Uint8Array;
  fingerprint: string;
  keyId: string;
  /** Octets after the public part: the secret-key fields of a secret key packet. */
  rest: Uint8Array;
}

/**
 * Reads the public part of a v4 key packet body. Anything but a v4 EdDSA Ed25519 key is refused
 * here, because those are the only keys whose signatures GnuPG 2.2, openpgp.js and node:crypto
 * all agree on.
 */
export function parseEd25519KeyBody(body: Uint8Array): PublicKeyMaterial {
  const version = need(body, 0, 1)[0]!;
  if (version !== 4) throw new UnsupportedKeyError(`a version ${version} key (only OpenPGP v4 keys are supported)`);
  const created = new Date(readUint32(need(body, 1, 4), 0) * 1000);
  const algorithm = need(body, 5, 1)[0]!;
  if (algorithm !== EDDSA_LEGACY) throw new UnsupportedKeyError(`${withArticle(algorithmName(algorithm))} key`);
  const oidLength = need(body, 6, 1)[0]!;
  const oid = need(body, 7, oidLength);
  if (!equalBytes(oid, ED25519_LEGACY_OID)) throw new UnsupportedKeyError('an EdDSA key on a curve other than Ed25519');
  const { value: q, next } = readMpi(body, 7 + oidLength);
  if (q.length !== 33 || q[0] !== 0x40) throw new MalformedPacketError('Ed25519 public point is not in the 0x40-prefixed native form');
  const publicBody = body.subarray(0, next);
  const fingerprint = fingerprintV4(publicBody);
  return {
    version,
    created,
    algorithm,
    point: q.subarray(1),
    fingerprint,
    keyId: fingerprint.slice(-16),
    rest: body.subarray(next),
  };
}

/** RFC 9580 5.5.4.2: SHA-1 over 0x99, a two-octet length and the public key packet body. */
export function fingerprintV4(publicBody: Uint8Array): string {
  const prefix = Uint8Array.of(0x99, (publicBody.length >> 8) & 0xff, publicBody.length & 0xff);
  return toHex(
    createHash('sha1')
      .update(concatBytes([prefix, publicBody]))
      .digest(),
  );
}

export class UnsupportedKeyError extends MalformedPacketError {
  constructor(readonly what: string) {
    super(`${what}: ai-attest signs with OpenPGP v4 Ed25519 (EdDSA) keys only`);
  }
}

export function algorithmName(id: number): string {
  const names: Record<number, string> = {
    1: 'RSA',
    2: 'RSA (encrypt-only)',
    3: 'RSA (sign-only)',
    16: 'ElGamal',
    17: 'DSA',
    18: 'ECDH',
    19: 'ECDSA',
    22: 'EdDSA (legacy)',
    25: 'X25519',
    26: 'X448',
    27: 'Ed25519 (v6)',
    28: 'Ed448',
  };
  return names[id] ?? `algorithm ${id}`;
}

/** "an RSA key", "a DSA key": error messages read as sentences. */
export function withArticle(name: string): string {
  return `${/^[AEIORX]/.test(name) ? 'an' : 'a'} ${name}`;
}
