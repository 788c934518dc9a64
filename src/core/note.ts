import { DSSE_PAYLOAD_TYPE, type DsseEnvelope } from './model.js';

export type NoteLine =
  | { kind: 'envelope'; envelope: DsseEnvelope; line: string }
  | { kind: 'invalid'; line: string; reason: string };

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
      env && typeof env === 'object' && env.payloadType === DSSE_PAYLOAD_TYPE && typeof env.payload === 'string' &&
      Array.isArray(env.signatures) && env.signatures.every((s) => s && typeof s.keyid === 'string' && typeof s.sig === 'string')
    ) {
      out.push({ kind: 'envelope', envelope: env as DsseEnvelope, line });
    } else {
      out.push({ kind: 'invalid', line, reason: 'not a DSSE envelope of an in-toto statement' });
    }
  }
  return out;
}
