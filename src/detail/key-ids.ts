import { dearmor, isArmored } from '../crypto/armor.js';
import { toHex } from '../crypto/bytes.js';
import { fingerprintV4 } from '../crypto/key-packet.js';
import { readPackets, Tag } from '../crypto/packets.js';
import type { SealedPart } from './types.js';

/**
 * Who a sealed part is really encrypted to, read from its session-key packets, and whose keys
 * those are: without openpgp.js, so verify can check the recipients of every record it meets
 * at the cost of a packet walk. The `recipients` list stored beside a part is not bound by the
 * statement's digest and is only a label; the packets are what a reader needs.
 */

/** The key id (16 upper-case hex digits) of each v4 key and subkey in these files, mapped to its primary key's fingerprint. */
export function keyIdsOfFiles(files: ReadonlyArray<{ content: Uint8Array }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    let packets: ReturnType<typeof readPackets>;
    try {
      const text = Buffer.from(file.content).toString('utf8');
      packets = readPackets(isArmored(text) ? dearmor(text).data : file.content);
    } catch {
      // Not a key this reader can walk: it vouches for no packet.
      continue;
    }
    let primary: string | null = null;
    for (const p of packets) {
      if (p.tag !== Tag.PublicKey && p.tag !== Tag.PublicSubkey) continue;
      if (p.body[0] !== 4) {
        if (p.tag === Tag.PublicKey) primary = null;
        continue;
      }
      const fingerprint = fingerprintV4(p.body).toUpperCase();
      if (p.tag === Tag.PublicKey) primary = fingerprint;
      if (primary) out.set(fingerprint.slice(-16), primary);
    }
  }
  return out;
}

/**
 * The key id each session-key packet of a part is encrypted to: v3 packets name it; a wildcard
 * (anonymous recipient), a v6 packet or an unreadable one gives `unknown`.
 */
export function sessionKeyIds(part: Pick<SealedPart, 'keys'>): string[] {
  return part.keys.map((key) => {
    try {
      const [packet] = readPackets(new Uint8Array(Buffer.from(key, 'base64')));
      if (!packet || packet.tag !== 1 || packet.body[0] !== 3 || packet.body.length < 9) return 'unknown';
      const id = toHex(packet.body.subarray(1, 9)).toUpperCase();
      return /^0+$/.test(id) ? 'unknown' : id;
    } catch {
      return 'unknown';
    }
  });
}

/**
 * The session-key packets of these parts whose key is not one of the trusted keys, by key id
 * (deduplicated). Empty: every part can be opened by trusted recipients only.
 */
export function untrustedKeyIds(parts: ReadonlyArray<Pick<SealedPart, 'keys'>>, trusted: ReadonlyMap<string, string>): string[] {
  const out = new Set<string>();
  for (const part of parts) for (const id of sessionKeyIds(part)) if (!trusted.has(id)) out.add(id);
  return [...out];
}
