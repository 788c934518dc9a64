import { createHash } from 'node:crypto';
import { isArmored, dearmor } from './armor.js';
import { concatBytes, fromHex, readUint32, toHex, uint32 } from './bytes.js';
import { EDDSA_LEGACY, algorithmName, withArticle } from './key-packet.js';
import { readSubpacketArea, SUBPACKET } from '../core/signature-facts.js';
import { MalformedPacketError, Tag, need, readMpi, readPacket, writeMpi, writePacket } from './packets.js';

/**
 * OpenPGP v4 signature packets (RFC 9580 5.2.3) over binary documents, the shape GnuPG 2.2 and
 * openpgp.js produce and check for an Ed25519 (legacy EdDSA) key.
 */

export const SIG_BINARY_DOCUMENT = 0x00;
export const HASH_SHA256 = 8;

const {
  creationTime: SUB_CREATION_TIME,
  expirationTime: SUB_EXPIRATION_TIME,
  exportable: SUB_EXPORTABLE,
  issuerKeyId: SUB_ISSUER_KEY_ID,
  notation: SUB_NOTATION,
  signersUserId: SUB_SIGNERS_USER_ID,
  issuerFingerprint: SUB_ISSUER_FINGERPRINT,
} = SUBPACKET;
const CRITICAL = 0x80;

/** Only digests of at least 256 bits: RFC 9580 5.2.3.3 forbids weaker ones for EdDSA. */
const HASHES: Record<number, string> = { 8: 'sha256', 9: 'sha384', 10: 'sha512', 12: 'sha3-256', 14: 'sha3-512' };

export interface ParsedSignature {
  type: number;
  publicKeyAlgorithm: number;
  hashAlgorithm: number;
  /** From the version octet to the end of the hashed subpackets: what the hash covers. */
  hashedPart: Uint8Array;
  created: Date;
  /** Seconds after `created` when the signature stops being valid; null: never. */
  expiresAfter: number | null;
  issuerFingerprint: string | null;
  issuerKeyId: string | null;
  left16: Uint8Array;
  /** Ed25519 R and S, each left-padded to 32 octets. */
  r: Uint8Array;
  s: Uint8Array;
}

/** Parses one binary (or armored) v4 EdDSA signature packet; throws MalformedPacketError. */
export function parseSignature(input: Uint8Array): ParsedSignature {
  const bytes = isArmored(input) ? dearmor(Buffer.from(input).toString('utf8')).data : input;
  if (bytes.length === 0) throw new MalformedPacketError('empty signature');
  const { packet, next } = readPacket(bytes, 0);
  if (packet.tag !== Tag.Signature) throw new MalformedPacketError(`expected a signature packet, found packet type ${packet.tag}`);
  if (next !== bytes.length) throw new MalformedPacketError('expected exactly one signature packet');
  const body = packet.body;
  const version = need(body, 0, 1)[0]!;
  if (version !== 4) throw new MalformedPacketError(`signature version ${version} (only v4 signatures are supported)`);
  const [type, publicKeyAlgorithm, hashAlgorithm] = need(body, 1, 3);
  if (type !== SIG_BINARY_DOCUMENT)
    throw new MalformedPacketError(`signature type 0x${type!.toString(16)} (expected a binary-document signature)`);
  if (!HASHES[hashAlgorithm!]) throw new MalformedPacketError(`hash algorithm ${hashAlgorithm} is not accepted (SHA-256 or stronger)`);
  const hashedLength = (need(body, 4, 2)[0]! << 8) | body[5]!;
  const hashedEnd = 6 + hashedLength;
  const hashed = readSubpackets(need(body, 6, hashedLength), true);
  const unhashedLength = (need(body, hashedEnd, 2)[0]! << 8) | body[hashedEnd + 1]!;
  const unhashedStart = hashedEnd + 2;
  const unhashed = readSubpackets(need(body, unhashedStart, unhashedLength), false);
  // The issuer may sit in either area: it only selects the key, the signature check does the rest.
  const fpr = hashed.get(SUB_ISSUER_FINGERPRINT) ?? unhashed.get(SUB_ISSUER_FINGERPRINT);
  const keyId = hashed.get(SUB_ISSUER_KEY_ID) ?? unhashed.get(SUB_ISSUER_KEY_ID);
  const issuerFingerprint = fpr && fpr.length === 21 && fpr[0] === 4 ? toHex(fpr.subarray(1)) : null;
  const issuerKeyId = keyId && keyId.length === 8 ? toHex(keyId) : (issuerFingerprint?.slice(-16) ?? null);
  if (publicKeyAlgorithm !== EDDSA_LEGACY) {
    throw new UnsupportedSignatureError(algorithmName(publicKeyAlgorithm!), issuerFingerprint, issuerKeyId);
  }
  const pos = unhashedStart + unhashedLength;
  const left16 = need(body, pos, 2);
  const r = readMpi(body, pos + 2);
  const s = readMpi(body, r.next);
  if (s.next !== body.length) throw new MalformedPacketError('trailing octets after the signature values');
  if (r.value.length > 32 || s.value.length > 32) throw new MalformedPacketError('EdDSA signature values longer than 32 octets');
  const creation = hashed.get(SUB_CREATION_TIME);
  if (!creation || creation.length !== 4) throw new MalformedPacketError('no signature creation time in the hashed area');
  const expiration = hashed.get(SUB_EXPIRATION_TIME);
  const expiresAfter = expiration && expiration.length === 4 ? readUint32(expiration, 0) || null : null;
  return {
    type: type!,
    publicKeyAlgorithm: publicKeyAlgorithm!,
    hashAlgorithm: hashAlgorithm!,
    hashedPart: body.subarray(0, hashedEnd),
    created: new Date(readUint32(creation, 0) * 1000),
    expiresAfter,
    issuerFingerprint,
    issuerKeyId,
    left16,
    r: pad32(r.value),
    s: pad32(s.value),
  };
}

/** A well-formed signature by a kind of key ai-attest does not verify (RSA, DSA, ECDSA...). */
export class UnsupportedSignatureError extends MalformedPacketError {
  constructor(
    readonly algorithm: string,
    readonly issuerFingerprint: string | null,
    readonly issuerKeyId: string | null,
  ) {
    super(`${withArticle(algorithm)} signature (ai-attest verifies Ed25519 signatures only)`);
  }
}

function pad32(value: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(value, 32 - value.length);
  return out;
}

/** Subpackets by type; in a hashed area of a document signature, an unknown critical one is an error. */
export function readSubpackets(area: Uint8Array, hashedArea: boolean): Map<number, Uint8Array> {
  const subpackets = readSubpacketArea(area);
  if (!subpackets) throw new MalformedPacketError('truncated or empty signature subpacket');
  const found = new Map<number, Uint8Array>();
  for (const { type, critical, content } of subpackets) {
    // RFC 9580 5.2.3.7: a critical subpacket we do not understand makes the signature invalid.
    if (critical && hashedArea && !understood(type, content)) {
      throw new MalformedPacketError(`critical signature subpacket ${type} is not understood`);
    }
    if (!found.has(type)) found.set(type, content);
  }
  return found;
}

function understood(type: number, content: Uint8Array): boolean {
  if (type === SUB_EXPORTABLE) return content[0] === 1;
  // Critical notations (20) included: we know none, so they fall through to false.
  return ([SUB_CREATION_TIME, SUB_EXPIRATION_TIME, SUB_ISSUER_KEY_ID, SUB_SIGNERS_USER_ID, SUB_ISSUER_FINGERPRINT] as number[]).includes(
    type,
  );
}

function subpacket(type: number, content: Uint8Array): Uint8Array {
  const length = content.length + 1;
  // A binding notation of a many-parent merge outgrows the one-octet length (RFC 9580 5.2.3.1).
  const header = length < 192 ? Uint8Array.of(length) : Uint8Array.of(((length - 192) >> 8) + 192, (length - 192) & 0xff);
  return concatBytes([header, Uint8Array.of(type), content]);
}

/**
 * The hashed part of the signatures we write: creation time, v4 issuer fingerprint, and any
 * notations (non-critical, already encoded: src/core/signature-facts.ts), so they are signed.
 */
export function hashedPartFor(fingerprint: string, created: Date, notations: readonly Uint8Array[] = []): Uint8Array {
  const subpackets = concatBytes([
    subpacket(SUB_CREATION_TIME | CRITICAL, uint32(Math.floor(created.getTime() / 1000))),
    subpacket(SUB_ISSUER_FINGERPRINT, concatBytes([Uint8Array.of(4), fromHex(fingerprint)])),
    ...notations.map((n) => subpacket(SUB_NOTATION, n)),
  ]);
  return concatBytes([
    Uint8Array.of(4, SIG_BINARY_DOCUMENT, EDDSA_LEGACY, HASH_SHA256, subpackets.length >> 8, subpackets.length & 0xff),
    subpackets,
  ]);
}

/** RFC 9580 5.2.4: hash(data || hashed part || 0x04 0xFF || length of the hashed part). */
export function signatureDigest(hashAlgorithm: number, data: Uint8Array, hashedPart: Uint8Array): Uint8Array {
  const name = HASHES[hashAlgorithm];
  if (!name) throw new MalformedPacketError(`hash algorithm ${hashAlgorithm} is not accepted`);
  const trailer = concatBytes([Uint8Array.of(0x04, 0xff), uint32(hashedPart.length)]);
  return createHash(name).update(data).update(hashedPart).update(trailer).digest();
}

export function assembleSignature(hashedPart: Uint8Array, issuerKeyId: string, digest: Uint8Array, rs: Uint8Array): Uint8Array {
  const unhashed = subpacket(SUB_ISSUER_KEY_ID, fromHex(issuerKeyId));
  const content = concatBytes([
    hashedPart,
    Uint8Array.of(unhashed.length >> 8, unhashed.length & 0xff),
    unhashed,
    digest.subarray(0, 2),
    writeMpi(rs.subarray(0, 32)),
    writeMpi(rs.subarray(32, 64)),
  ]);
  return writePacket(Tag.Signature, content);
}
