import type { Key, PublicKey } from 'openpgp';
import { KeyError } from '../errors.js';
import { withArticle } from './key-packet.js';
import type { KeyInfo, Revocation } from './types.js';

export type OpenPgp = typeof import('openpgp');

let loaded: Promise<OpenPgp> | undefined;

/** openpgp.js costs ~70 ms to import: only key management pays for it, never signing or verifying. */
export function openpgp(): Promise<OpenPgp> {
  loaded ??= import('openpgp');
  return loaded;
}

/** openpgp.js skips its date checks for a null date; its typings only admit a Date. */
const ANY_TIME = null as unknown as Date;
const KEY_FLAG_SIGN = 0x02;
const SOFT_REVOCATIONS = new Set([1, 3]);

export interface InspectedKey {
  info: KeyInfo;
  point: Uint8Array;
  revocations: Revocation[];
}

/**
 * Checks that a key is one ai-attest can sign and verify with, and reads what the fast path
 * needs to judge validity without openpgp.js: creation, expiry, every valid revocation.
 */
export async function inspectKey(key: Key | PublicKey, pgp: OpenPgp): Promise<InspectedKey> {
  const fingerprint = key.getFingerprint().toUpperCase();
  const packet = key.keyPacket;
  const algo = key.getAlgorithmInfo();
  if (packet.version !== 4 || algo.algorithm !== 'eddsaLegacy' || algo.curve !== 'ed25519Legacy') {
    throw new KeyError(unsupportedMessage(fingerprint, describe(packet.version, algo.algorithm, algo.curve, algo.bits)));
  }
  let primary;
  try {
    primary = await key.getPrimaryUser(ANY_TIME);
  } catch (error) {
    throw new KeyError(
      `Key ${fingerprint} has no valid self-signed user id (${(error as Error).message}): export ` +
        `it again with its user id and self-signatures.`,
    );
  }
  const flags = primary.selfCertification.keyFlags?.[0];
  if (flags !== undefined && (flags & KEY_FLAG_SIGN) === 0) {
    throw new KeyError(
      `Key ${fingerprint} is not allowed to sign (its primary key only certifies; signing subkeys ` +
        `are not supported): create a signing key with \`ai-attest keys generate\` or \`gpg ` +
        `--quick-gen-key 'Name <email>' ed25519 sign\`.`,
    );
  }
  const expiry = await key.getExpirationTime();
  const revocations = await validRevocations(key, pgp);
  const revokedAt = revocations.length ? new Date(Math.min(...revocations.map((r) => r.created.getTime()))) : null;
  const primaryId = primary.user.userID?.userID;
  const userIds = await certifiedUserIds(key);
  const ordered = primaryId && userIds.includes(primaryId) ? [primaryId, ...userIds.filter((u) => u !== primaryId)] : userIds;
  const q = (packet as unknown as { publicParams: { Q: Uint8Array } }).publicParams.Q;
  return {
    info: {
      fingerprint,
      keyId: fingerprint.slice(-16),
      userIds: ordered,
      created: packet.created,
      expires: expiry instanceof Date ? expiry : null,
      revoked: revokedAt !== null,
      revokedAt,
      algorithm: 'EdDSA Ed25519',
    },
    point: q.subarray(q.length - 32),
    revocations,
  };
}

/**
 * Only user ids the key certifies itself, unrevoked and unexpired, name its holder: anyone can
 * append a user id packet (or keep a revoked one) to a public key file.
 */
async function certifiedUserIds(key: Key | PublicKey): Promise<string[]> {
  const ids: string[] = [];
  for (const user of key.users) {
    const id = user.userID?.userID;
    if (!id) continue;
    try {
      await user.verify(new Date());
      ids.push(id);
    } catch {
      // no valid self-certification: not the key holder's claim
    }
  }
  return ids;
}

async function validRevocations(key: Key | PublicKey, pgp: OpenPgp): Promise<Revocation[]> {
  const found: Revocation[] = [];
  for (const sig of key.revocationSignatures) {
    try {
      await sig.verify(key.keyPacket, pgp.enums.signature.keyRevocation, { key: key.keyPacket }, sig.created ?? undefined);
    } catch {
      continue; // a revocation that does not verify is someone else's noise
    }
    const reason = sig.reasonForRevocationFlag ?? 0;
    found.push({
      created: sig.created ?? key.keyPacket.created,
      reason,
      hard: !SOFT_REVOCATIONS.has(reason),
      text: sig.reasonForRevocationString ?? '',
    });
  }
  return found.sort((a, b) => a.created.getTime() - b.created.getTime());
}

const ALGORITHM_NAMES: Record<string, string> = {
  rsaEncryptSign: 'RSA',
  rsaEncrypt: 'RSA',
  rsaSign: 'RSA',
  dsa: 'DSA',
  elgamal: 'ElGamal',
  ecdsa: 'ECDSA',
  ecdh: 'ECDH',
  eddsaLegacy: 'EdDSA',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
};

function describe(version: number, algorithm: string, curve?: string, bits?: number): string {
  if (version !== 4) return `an OpenPGP v${version} key`;
  const name = ALGORITHM_NAMES[algorithm] ?? algorithm;
  const detail = name === 'RSA' && bits ? ` ${bits}-bit` : curve ? ` (${curve})` : '';
  return `${withArticle(name)}${detail} key`;
}

export function unsupportedMessage(fingerprint: string, what: string): string {
  return (
    `Key ${fingerprint} is ${what}; ai-attest signs and verifies with OpenPGP v4 Ed25519 keys only. ` +
    "Create one with `ai-attest keys generate`, or in GnuPG with `gpg --quick-gen-key 'Name <email>' ed25519 sign` and import that."
  );
}
