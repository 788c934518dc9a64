import type { Binding } from './model.js';

/**
 * What a v2 trailer block leaves to the OpenPGP signature packet: when it was made, by which key,
 * and (in a notation, RFC 9580 5.2.3.24, in the hashed area so it is signed) the binding and the
 * digest of the note's part of the statement. Read here without any cryptography: the signature
 * check that follows decides whether any of it is true.
 */
export const BINDING_NOTATION = 'binding@ai-attest.dev';

/** OpenPGP signature subpacket types (RFC 9580 5.2.3.7), shared with src/crypto. */
export const SUBPACKET = {
  creationTime: 2,
  expirationTime: 3,
  exportable: 4,
  issuerKeyId: 16,
  notation: 20,
  signersUserId: 28,
  issuerFingerprint: 33,
} as const;

export interface Subpacket {
  type: number;
  critical: boolean;
  content: Uint8Array;
}

/** The subpackets of one area in order; null when a length runs past the area. */
export function readSubpacketArea(area: Uint8Array): Subpacket[] | null {
  const out: Subpacket[] = [];
  const read = eachSubpacket(area, 0, area.length, (type, critical, start, size) => {
    out.push({ type, critical, content: area.subarray(start, start + size) });
    return true;
  });
  return read ? out : null;
}

/**
 * Hands each subpacket of bytes[from, to) to `visit` (its type, criticality, and where its
 * content starts and how long it is), in order, without an object per subpacket. false when a
 * length runs past the area, or when `visit` returns false.
 */
function eachSubpacket(
  bytes: Uint8Array,
  from: number,
  to: number,
  visit: (type: number, critical: boolean, start: number, size: number) => boolean,
): boolean {
  for (let pos = from; pos < to; ) {
    const o1 = bytes[pos]!;
    let length: number;
    if (o1 < 192) {
      length = o1;
      pos += 1;
    } else if (o1 < 255) {
      if (pos + 1 >= to) return false;
      length = ((o1 - 192) << 8) + bytes[pos + 1]! + 192;
      pos += 2;
    } else {
      if (pos + 5 > to) return false;
      length = ((bytes[pos + 1]! << 24) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 8) | bytes[pos + 4]!) >>> 0;
      pos += 5;
    }
    if (length < 1 || pos + length > to) return false;
    if (!visit(bytes[pos]! & 0x7f, (bytes[pos]! & 0x80) !== 0, pos + 1, length - 1)) return false;
    pos += length;
  }
  return true;
}

const FORMAT = 1;
const HAS_PATCH_ID = 1;
const HAS_NOTE_DIGEST = 2;

export interface SignatureFacts {
  created: Date;
  /** Upper-case hex v4 fingerprint from the hashed issuer-fingerprint subpacket. */
  issuer: string;
  /** Binary notation values by name (the first of each name). */
  notations: Map<string, Uint8Array>;
}

export interface BindingFacts {
  binding: Omit<Binding, 'commit'>;
  /** sha256 (hex) of the note part of the statement, when the statement has one. */
  noteDigest: string | null;
}

export function notation(name: string, value: Uint8Array): Uint8Array {
  const n = Buffer.from(name, 'utf8');
  const out = Buffer.alloc(8 + n.length + value.length);
  out.writeUInt16BE(n.length, 4);
  out.writeUInt16BE(value.length, 6);
  n.copy(out, 8);
  out.set(value, 8 + n.length);
  return out;
}

/** The binding notation's value: format, id length, parent count, flags, then the ids. */
export function encodeBindingNotation(binding: Omit<Binding, 'commit'>, noteDigest: string | null): Uint8Array {
  const tree = Buffer.from(binding.tree, 'hex');
  const flags = (binding.patchId ? HAS_PATCH_ID : 0) | (noteDigest ? HAS_NOTE_DIGEST : 0);
  return Buffer.concat([
    Uint8Array.of(FORMAT, tree.length, binding.parents.length, flags),
    tree,
    binding.patchId ? Buffer.from(binding.patchId, 'hex') : Buffer.alloc(0),
    ...binding.parents.map((p) => Buffer.from(p, 'hex')),
    noteDigest ? Buffer.from(noteDigest, 'hex') : Buffer.alloc(0),
  ]);
}

export function decodeBindingNotation(value: Uint8Array): BindingFacts | null {
  if (value.length < 4 || value[0] !== FORMAT) return null;
  const size = value[1]!;
  const count = value[2]!;
  const flags = value[3]!;
  if ((size !== 20 && size !== 32) || flags & ~(HAS_PATCH_ID | HAS_NOTE_DIGEST)) return null;
  const ids = 1 + (flags & HAS_PATCH_ID ? 1 : 0) + count;
  if (value.length !== 4 + ids * size + (flags & HAS_NOTE_DIGEST ? 32 : 0)) return null;
  // Plain loops: decoded for every commit of a range, with V8's optimising compiler off (src/read/compiler.ts).
  const bytes = view(value);
  let pos = 4;
  const tree = bytes.toString('hex', pos, (pos += size));
  const patchId = flags & HAS_PATCH_ID ? bytes.toString('hex', pos, (pos += size)) : '';
  const parents = new Array<string>(count);
  for (let i = 0; i < count; i++) parents[i] = bytes.toString('hex', pos, (pos += size));
  const noteDigest = flags & HAS_NOTE_DIGEST ? bytes.toString('hex', pos, (pos += 32)) : null;
  return { binding: { tree, parents, patchId }, noteDigest };
}

/** Creation time, issuer and notations of one binary v4 signature packet; null when it is not one. */
export function signatureFacts(packet: Uint8Array): SignatureFacts | null {
  try {
    const body = packetBody(packet);
    if (!body || body[0] !== 4) return null;
    const hashedLength = (body[4]! << 8) | body[5]!;
    if (6 + hashedLength > body.length) return null;
    // The hashed area read in place: this runs for every commit of a verified range.
    const bytes = view(body);
    let created: Date | null = null;
    let issuer: string | null = null;
    const notations = new Map<string, Uint8Array>();
    const read = eachSubpacket(bytes, 6, 6 + hashedLength, (type, _critical, start, size) => {
      if (type === SUBPACKET.creationTime && size === 4 && !created) {
        created = new Date(bytes.readUInt32BE(start) * 1000);
      } else if (type === SUBPACKET.issuerFingerprint && size === 21 && bytes[start] === 4 && !issuer) {
        issuer = bytes.toString('hex', start + 1, start + 21).toUpperCase();
      } else if (type === SUBPACKET.notation && size >= 8) {
        const nameLength = (bytes[start + 4]! << 8) | bytes[start + 5]!;
        const valueLength = (bytes[start + 6]! << 8) | bytes[start + 7]!;
        if (size !== 8 + nameLength + valueLength) return false;
        const name = bytes.toString('utf8', start + 8, start + 8 + nameLength);
        if (!notations.has(name)) notations.set(name, bytes.subarray(start + 8 + nameLength, start + size));
      }
      return true;
    });
    if (!read) return null;
    return created && issuer ? { created, issuer, notations } : null;
  } catch {
    return null;
  }
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function packetBody(bytes: Uint8Array): Uint8Array | null {
  const first = bytes[0];
  if (first === undefined || (first & 0x80) === 0) return null;
  let tag: number;
  let pos: number;
  let length: number;
  if (first & 0x40) {
    tag = first & 0x3f;
    const o1 = bytes[1]!;
    if (o1 < 192) [length, pos] = [o1, 2];
    else if (o1 < 224) [length, pos] = [((o1 - 192) << 8) + bytes[2]! + 192, 3];
    else if (o1 === 255) [length, pos] = [Buffer.from(bytes.subarray(2, 6)).readUInt32BE(0), 6];
    else return null;
  } else {
    tag = (first >> 2) & 0x0f;
    const size = [1, 2, 4][first & 0x03];
    if (!size) return null;
    const lb = Buffer.from(bytes.subarray(1, 1 + size));
    length = size === 1 ? lb[0]! : size === 2 ? lb.readUInt16BE(0) : lb.readUInt32BE(0);
    pos = 1 + size;
  }
  if (tag !== 2 || pos + length !== bytes.length) return null;
  return bytes.subarray(pos, pos + length);
}
