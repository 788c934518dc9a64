import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';
import type { DetailRecord, SealedPart } from './types.js';

/**
 * The record's format and digest. No dependencies: the commit hook builds and hashes records
 * with it, verify checks them.
 */

export const DETAIL_RECORD_TYPE = 'ai-attest-detail';

export function buildRecord(parts: readonly SealedPart[]): DetailRecord {
  const sorted = [...parts].map(({ id, data, keys, recipients }) => ({
    id,
    data,
    keys: [...keys].sort(),
    recipients: [...recipients].sort(),
  }));
  sorted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { type: DETAIL_RECORD_TYPE, version: 1, parts: sorted };
}

/**
 * The digest the signed statement binds: every part's id and encrypted data, not the session
 * key packets, so that re-encrypting to new recipients (which only replaces those) keeps it.
 * A swapped, truncated or edited record changes it.
 */
export function recordDigest(record: DetailRecord): string {
  const bound = { type: record.type, version: record.version, parts: record.parts.map((p) => ({ id: p.id, data: p.data })) };
  return createHash('sha256').update(canonicalJson(bound)).digest('hex');
}

export function recordNote(record: DetailRecord): string {
  return `${canonicalJson(record)}\n`;
}

export class DetailRecordFormatError extends Error {}

/**
 * A detail note holds one record per line: normally one, two after a rotation on one clone met
 * the old copy from another in a notes merge (both bind the same digest). Lines that are not
 * records come back as errors, never dropped silently.
 */
export function parseRecordNote(text: string): Array<DetailRecord | DetailRecordFormatError> {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      try {
        return parseRecord(line);
      } catch (error) {
        if (error instanceof DetailRecordFormatError) return error;
        throw error;
      }
    });
}

/** Parses one line as a record; anything else (edited by hand, another tool's) is an error. */
export function parseRecord(text: string): DetailRecord {
  let value: unknown;
  try {
    value = JSON.parse(text.trim());
  } catch {
    throw new DetailRecordFormatError('the detail note is not JSON');
  }
  const r = value as Partial<DetailRecord> | null;
  if (!r || typeof r !== 'object' || r.type !== DETAIL_RECORD_TYPE || r.version !== 1 || !Array.isArray(r.parts)) {
    throw new DetailRecordFormatError('the detail note is not an ai-attest detail record (version 1)');
  }
  for (const p of r.parts as unknown[]) {
    const part = p as Partial<SealedPart> | null;
    const ok =
      part &&
      typeof part.id === 'string' &&
      /^[0-9a-f]{32}$/.test(part.id) &&
      typeof part.data === 'string' &&
      Array.isArray(part.keys) &&
      part.keys.every((k) => typeof k === 'string') &&
      Array.isArray(part.recipients) &&
      part.recipients.every((k) => typeof k === 'string');
    if (!ok) throw new DetailRecordFormatError('the detail record has a malformed part');
  }
  return r as DetailRecord;
}
