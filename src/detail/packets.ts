import { DetailError } from './errors.js';

/**
 * Splits an encrypted OpenPGP message into its session key packets (one per recipient) and the
 * encrypted data that follows them, so that recipients can be changed without touching (or
 * re-hashing) the data. Handles every header form, partial body lengths included, since
 * encrypted data packets may be written in chunks.
 */
const PKESK = 1;

interface Span {
  tag: number;
  start: number;
  end: number;
}

function spans(bytes: Uint8Array): Span[] {
  const out: Span[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const first = at(bytes, pos++);
    if ((first & 0x80) === 0) throw new DetailError('the encrypted detail data is not OpenPGP (bad packet header)');
    if (first & 0x40) {
      const tag = first & 0x3f;
      for (;;) {
        const o1 = at(bytes, pos);
        if (o1 < 192) {
          pos += 1 + o1;
          break;
        }
        if (o1 < 224) {
          pos += 2 + ((o1 - 192) << 8) + at(bytes, pos + 1) + 192;
          break;
        }
        if (o1 === 255) {
          pos += 5 + ((at(bytes, pos + 1) << 24) >>> 0) + (at(bytes, pos + 2) << 16) + (at(bytes, pos + 3) << 8) + at(bytes, pos + 4);
          break;
        }
        pos += 1 + (1 << (o1 & 0x1f)); // a partial body chunk; the packet continues
      }
      out.push({ tag, start, end: pos });
    } else {
      const tag = (first >> 2) & 0x0f;
      const type = first & 3;
      if (type === 3) throw new DetailError('indeterminate-length OpenPGP packets are not supported in detail records');
      const size = [1, 2, 4][type]!;
      let length = 0;
      for (let i = 0; i < size; i++) length = length * 256 + at(bytes, pos + i);
      pos += size + length;
      out.push({ tag, start, end: pos });
    }
    if (pos > bytes.length) throw new DetailError('the encrypted detail data is truncated');
  }
  return out;
}

function at(bytes: Uint8Array, i: number): number {
  const v = bytes[i];
  if (v === undefined) throw new DetailError('the encrypted detail data is truncated');
  return v;
}

export function splitMessage(bytes: Uint8Array): { keys: Uint8Array[]; data: Uint8Array } {
  const all = spans(bytes);
  const keys = all.filter((s) => s.tag === PKESK).map((s) => bytes.slice(s.start, s.end));
  const firstData = all.find((s) => s.tag !== PKESK);
  if (!firstData || all.slice(all.indexOf(firstData)).some((s) => s.tag === PKESK)) {
    throw new DetailError('the encrypted detail data is not session keys followed by encrypted data');
  }
  return { keys, data: bytes.slice(firstData.start) };
}

export function joinMessage(keys: readonly Uint8Array[], data: Uint8Array): Uint8Array {
  return Buffer.concat([...keys, data]);
}
