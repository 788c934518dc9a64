import { MalformedPacketError } from './packets.js';

/** ASCII armor (RFC 9580 section 6) decoding, without openpgp.js. */

export function isArmored(input: Uint8Array | string): boolean {
  // A binary packet (every signature verify checks) starts with neither white space nor '-'.
  if (typeof input !== 'string' && input.length > 0 && input[0] !== 0x2d && !LEADING_SPACE.has(input[0]!)) return false;
  const head = typeof input === 'string' ? input.slice(0, 64) : Buffer.from(input.subarray(0, 64)).toString('latin1');
  return head.trimStart().startsWith('-----BEGIN PGP ');
}

/** The octets trimStart() removes from a Latin-1 head: tab, line feed, vertical tab, form feed, carriage return, space, no-break space. */
const LEADING_SPACE: ReadonlySet<number> = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);

export interface Dearmored {
  /** What follows `BEGIN PGP `, e.g. `PRIVATE KEY BLOCK`. */
  type: string;
  data: Uint8Array;
}

export function dearmor(text: string): Dearmored {
  const lines = text.split(/\r?\n/);
  const begin = lines.findIndex((l) => /^-----BEGIN PGP [A-Z ,/0-9]+-----\s*$/.test(l));
  if (begin < 0) throw new MalformedPacketError('no "-----BEGIN PGP" armor header');
  const type = /^-----BEGIN PGP ([A-Z ,/0-9]+)-----/.exec(lines[begin]!)![1]!;
  let i = begin + 1;
  // Armor headers ("Version: ...", "Comment: ...") end at the first blank line.
  while (i < lines.length && lines[i]!.trim() !== '' && /^[^\s:]+: /.test(lines[i]!)) i++;
  if (i < lines.length && lines[i]!.trim() === '') i++;
  let body = '';
  let checksum: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('-----END PGP ')) {
      const data = new Uint8Array(Buffer.from(body, 'base64'));
      if (checksum !== undefined && checksum !== crc24Base64(data)) {
        throw new MalformedPacketError('armor checksum mismatch: the file is damaged');
      }
      return { type, data };
    }
    if (line.startsWith('=') && line.length === 5) checksum = line.slice(1);
    else body += line;
  }
  throw new MalformedPacketError('no "-----END PGP" armor footer');
}

function crc24Base64(data: Uint8Array): string {
  let crc = 0xb704ce;
  for (const byte of data) {
    crc ^= byte << 16;
    for (let j = 0; j < 8; j++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  crc &= 0xffffff;
  return Buffer.from([(crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
}
