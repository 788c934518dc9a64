import { dearmor, isArmored } from './armor.js';
import { readUint32 } from './bytes.js';
import { fingerprintV4 } from './key-packet.js';
import { MalformedPacketError, readPackets, Tag } from './packets.js';
import { readSubpackets } from './signature-packet.js';

const SIG_KEY_REVOCATION = 0x20;
const SIG_CERTIFICATIONS = new Set([0x10, 0x11, 0x12, 0x13]);
const SUB_CREATION_TIME = 2;
const SUB_KEY_EXPIRATION = 9;

export interface KeyValidity {
  fingerprint: string;
  /** When the key expires by its latest self-certification; null: never. */
  expires: Date | null;
  /** A key revocation signature is attached. */
  revoked: boolean;
}

/**
 * Expiry and revocation of a public key read from its packets, without openpgp.js: cheap enough
 * for every commit. It reads what the key says about itself and does not check the signatures:
 * it only decides whether to warn the key's own owner; verify judges keys properly.
 */
export function keyValidity(armoredOrBinary: string | Uint8Array): KeyValidity {
  const bytes =
    typeof armoredOrBinary === 'string' || isArmored(armoredOrBinary)
      ? dearmor(typeof armoredOrBinary === 'string' ? armoredOrBinary : Buffer.from(armoredOrBinary).toString('utf8')).data
      : armoredOrBinary;
  const packets = readPackets(bytes);
  const key = packets[0];
  if (!key || (key.tag !== Tag.PublicKey && key.tag !== Tag.SecretKey) || key.body[0] !== 4) throw new MalformedPacketError('not a v4 key');
  const created = readUint32(key.body, 1);
  let revoked = false;
  let latest = -1;
  let expiresAfter = 0;
  for (const packet of packets.slice(1)) {
    // Only the primary key's own signatures, before the first subkey.
    if (packet.tag === Tag.PublicSubkey || packet.tag === Tag.SecretSubkey) break;
    if (packet.tag !== Tag.Signature || packet.body[0] !== 4) continue;
    const type = packet.body[1]!;
    if (type === SIG_KEY_REVOCATION) revoked = true;
    if (!SIG_CERTIFICATIONS.has(type)) continue;
    const hashed = readSubpackets(packet.body.subarray(6, 6 + ((packet.body[4]! << 8) | packet.body[5]!)), false);
    const time = hashed.get(SUB_CREATION_TIME);
    const at = time && time.length === 4 ? readUint32(time, 0) : 0;
    if (at < latest) continue;
    latest = at;
    const expiry = hashed.get(SUB_KEY_EXPIRATION);
    expiresAfter = expiry && expiry.length === 4 ? readUint32(expiry, 0) : 0;
  }
  const publicBody = key.tag === Tag.PublicKey ? key.body : null;
  return {
    fingerprint: publicBody ? fingerprintV4(publicBody) : '',
    expires: expiresAfter > 0 ? new Date((created + expiresAfter) * 1000) : null,
    revoked,
  };
}
