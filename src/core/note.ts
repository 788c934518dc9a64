import { readPredicateV2 } from './message-statement.js';
import { DSSE_PAYLOAD_TYPE, type DsseEnvelope, type Predicate } from './model.js';

export type NoteLine = { kind: 'envelope'; envelope: DsseEnvelope; line: string } | { kind: 'invalid'; line: string; reason: string };

/**
 * A note holds one JSON line per statement (merged with cat_sort_uniq, so order is not
 * meaningful). Lines that are not our envelopes are reported, never dropped silently.
 */
export function parseNote(text: string): NoteLine[] {
  const out: NoteLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      out.push({ kind: 'invalid', line, reason: 'not JSON' });
      continue;
    }
    const env = value as Partial<DsseEnvelope>;
    if (
      env &&
      typeof env === 'object' &&
      env.payloadType === DSSE_PAYLOAD_TYPE &&
      typeof env.payload === 'string' &&
      Array.isArray(env.signatures) &&
      env.signatures.every((s) => s && typeof s.keyid === 'string' && typeof s.sig === 'string')
    ) {
      out.push({ kind: 'envelope', envelope: env as DsseEnvelope, line });
    } else {
      out.push({ kind: 'invalid', line, reason: 'not a DSSE envelope of an in-toto statement' });
    }
  }
  return out;
}

/**
 * The predicate of a note line's statement as readers see it (a v2 statement completed by the
 * note part beside its envelope), without checking its signature; null when it has none.
 */
export function notePredicate(envelope: DsseEnvelope): Predicate | null {
  try {
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { predicate?: { version?: unknown } };
    const p = statement?.predicate;
    if (!p || typeof p !== 'object') return null;
    if (p.version !== 2) return p as unknown as Predicate;
    const read = readPredicateV2(p, (envelope as { note?: unknown }).note);
    return 'predicate' in read ? read.predicate : null;
  } catch {
    return null;
  }
}
