/** What the key commands and the keyring report about an OpenPGP key. */
export interface KeyInfo {
  /** Upper-case hex v4 fingerprint. */
  fingerprint: string;
  /** Upper-case hex, the fingerprint's last 16 digits. */
  keyId: string;
  /** Primary user id first. */
  userIds: string[];
  created: Date;
  expires: Date | null;
  revoked: boolean;
  /** Earliest valid revocation; for a superseded/retired key, signatures before it stay valid. */
  revokedAt: Date | null;
  /** e.g. `EdDSA Ed25519`. */
  algorithm: string;
}

export interface Revocation {
  created: Date;
  /** RFC 9580 5.2.3.31 reason code: 0 none, 1 superseded, 2 compromised, 3 retired. */
  reason: number;
  /** Hard revocations (every reason but superseded/retired) invalidate every signature ever made. */
  hard: boolean;
  text: string;
}

export interface PublicKeyEntry extends KeyInfo {
  /** The raw 32-octet Ed25519 public key. */
  point: Uint8Array;
  revocations: Revocation[];
  /** The file the key came from. */
  source: string;
}

export interface RejectedKey {
  source: string;
  fingerprint?: string;
  reason: string;
}

export type VerifyFailure = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'revoked' | 'not-yet-valid';

export type VerifyResult =
  | { ok: true; fingerprint: string; created: Date; userIds: string[] }
  | { ok: false; reason: VerifyFailure; fingerprint?: string; detail: string };
