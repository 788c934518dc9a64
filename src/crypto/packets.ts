import { KeyError } from '../errors.js';
import { concatBytes, readUint16, readUint32 } from './bytes.js';

/**
 * Just enough of the OpenPGP packet framing (RFC 9580 section 4) to read keys and signatures
 * without openpgp.js, whose import alone costs more than a hook's whole budget.
 */

export const Tag = {
  Signature: 2,
  SecretKey: 5,
  PublicKey: 6,
  SecretSubkey: 7,
  UserId: 13,
  PublicSubkey: 14,
} as const;

export interface Packet {
  tag: number;
  body: Uint8Array;
}

/** The input is not the OpenPGP data it claims to be. */
export class MalformedPacketError extends KeyError {}

export function readPackets(bytes: Uint8Array): Packet[] {
  const packets: Packet[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const { packet, next } = readPacket(bytes, pos);
    packets.push(packet);
    pos = next;
  }
  return packets;
}

export function readPacket(bytes: Uint8Array, start: number): { packet: Packet; next: number } {
  const first = need(bytes, start, 1)[0]!;
  if ((first & 0x80) === 0) throw new MalformedPacketError('not an OpenPGP packet (bad header octet)');
  let pos = start + 1;
  if (first & 0x40) {
    const tag = first & 0x3f;
    // Partial lengths only occur in streamed data packets, never in keys or signatures.
    const o1 = need(bytes, pos, 1)[0]!;
    let length: number;
    if (o1 < 192) {
      length = o1;
      pos += 1;
    } else if (o1 < 224) {
      length = ((o1 - 192) << 8) + need(bytes, pos + 1, 1)[0]! + 192;
      pos += 2;
    } else if (o1 === 255) {
      length = readUint32(need(bytes, pos + 1, 4), 0);
      pos += 5;
    } else {
      throw new MalformedPacketError('partial-length packets are not supported here');
    }
    return body(bytes, tag, pos, length);
  }
  const tag = (first >> 2) & 0x0f;
  const lengthType = first & 0x03;
  if (lengthType === 3) throw new MalformedPacketError('indeterminate-length packets are not supported here');
  const size = [1, 2, 4][lengthType]!;
  const lb = need(bytes, pos, size);
  const length = size === 1 ? lb[0]! : size === 2 ? readUint16(lb, 0) : readUint32(lb, 0);
  return body(bytes, tag, pos + size, length);
}

function body(bytes: Uint8Array, tag: number, pos: number, length: number): { packet: Packet; next: number } {
  return { packet: { tag, body: need(bytes, pos, length) }, next: pos + length };
}

/** A bounds-checked view: truncated input is a format error, never an out-of-range read. */
export function need(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  if (offset < 0 || length < 0 || offset + length > bytes.length) {
    throw new MalformedPacketError('truncated OpenPGP data');
  }
  return bytes.subarray(offset, offset + length);
}

/** New-format header (RFC 9580 4.2.1): GnuPG 2.2 and openpgp.js both read it. */
export function writePacket(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let header: number[];
  if (n < 192) header = [0xc0 | tag, n];
  else if (n < 8384) header = [0xc0 | tag, ((n - 192) >> 8) + 192, (n - 192) & 0xff];
  else header = [0xc0 | tag, 0xff, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return concatBytes([Uint8Array.from(header), content]);
}

export function readMpi(bytes: Uint8Array, offset: number): { value: Uint8Array; next: number } {
  const bits = readUint16(need(bytes, offset, 2), 0);
  const length = (bits + 7) >> 3;
  return { value: need(bytes, offset + 2, length), next: offset + 2 + length };
}

export function writeMpi(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length && value[start] === 0) start++;
  const v = value.subarray(start);
  const bits = v.length === 0 ? 0 : (v.length - 1) * 8 + (32 - Math.clz32(v[0]!));
  return concatBytes([Uint8Array.of(bits >> 8, bits & 0xff), v]);
}
