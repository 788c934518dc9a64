import { canonicalJson } from './canonical-json.js';

/**
 * A key approval: a teammate whose key is trusted vouches for a new key, so that the new key is
 * trusted in the same pull request that adds it. Stored as `.ai-attest/approvals/<FPR>.json`:
 * the approval's fields plus `signature`, an OpenPGP v4 signature (base64) by `approver` over the
 * canonical JSON of the other fields. Pure: building and reading the object, no keys or files.
 */
export const KEY_APPROVAL_TYPE = 'ai-attest/key-approval@1';

export interface KeyApproval {
  type: typeof KEY_APPROVAL_TYPE;
  /** The approved key (upper-case hex v4 fingerprint). */
  fingerprint: string;
  /** The user ids the approver saw on that key. */
  userIds: string[];
  /** The approving key's fingerprint: it must be trusted where the approval is judged. */
  approver: string;
  /** ISO 8601, seconds. */
  time: string;
}

export interface SignedKeyApproval extends KeyApproval {
  signature: string;
}

const FPR = /^[0-9A-F]{40}$/;

/** The bytes an approval's signature covers. */
export function approvalBytes(a: KeyApproval): Uint8Array {
  const { type, fingerprint, userIds, approver, time } = a;
  return new TextEncoder().encode(canonicalJson({ type, fingerprint, userIds, approver, time }));
}

export function approvalPath(fingerprint: string): string {
  return `.ai-attest/approvals/${fingerprint}.json`;
}

/** Reads an approval file; a string saying what is wrong with it otherwise. */
export function parseApproval(text: string): SignedKeyApproval | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const a = raw as Partial<SignedKeyApproval> | null;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return 'not a JSON object';
  if (a.type !== KEY_APPROVAL_TYPE) return `type is not ${KEY_APPROVAL_TYPE}`;
  if (typeof a.fingerprint !== 'string' || !FPR.test(a.fingerprint)) return 'fingerprint is not a v4 fingerprint';
  if (typeof a.approver !== 'string' || !FPR.test(a.approver)) return 'approver is not a v4 fingerprint';
  if (!Array.isArray(a.userIds) || !a.userIds.every((u) => typeof u === 'string')) return 'userIds is not a list of strings';
  if (typeof a.time !== 'string' || !Number.isFinite(Date.parse(a.time))) return 'time is not a date';
  if (typeof a.signature !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(a.signature)) return 'signature is not base64';
  return { type: a.type, fingerprint: a.fingerprint, userIds: a.userIds, approver: a.approver, time: a.time, signature: a.signature };
}
