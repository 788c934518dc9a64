import { canonicalJson } from './canonical-json.js';
import {
  DSSE_PAYLOAD_TYPE,
  PREDICATE_TYPE,
  STATEMENT_TYPE,
  type DsseEnvelope,
  type Predicate,
  type Statement,
  type Subject,
} from './model.js';

/**
 * At commit time the commit id does not exist yet (it depends on the message, which carries
 * the signature), so the subject is the tree; statements signed after the fact also name the
 * commit. The binding in the predicate carries the parents and patch-id either way.
 */
export function subjectsFor(predicate: Predicate): Subject[] {
  const subjects: Subject[] = [{ name: 'tree', digest: { gitTree: predicate.binding.tree } }];
  if (predicate.binding.commit) subjects.push({ name: 'commit', digest: { gitCommit: predicate.binding.commit } });
  return subjects;
}

export function buildStatement(predicate: Predicate): Statement {
  return { _type: STATEMENT_TYPE, subject: subjectsFor(predicate), predicateType: PREDICATE_TYPE, predicate };
}

export function statementBytes(statement: Statement): Uint8Array {
  return Buffer.from(canonicalJson(statement), 'utf8');
}

/** DSSE pre-authentication encoding: the bytes a DSSE signature actually covers. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = Buffer.from(payloadType, 'utf8');
  const header = Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, 'utf8');
  return Buffer.concat([header, payload]);
}

/** The exact bytes an ai-attest signature covers for a statement. */
export function signedBytes(statement: Statement): Uint8Array {
  return preAuthEncoding(DSSE_PAYLOAD_TYPE, statementBytes(statement));
}

export function envelopeFor(statement: Statement, keyid: string, signature: Uint8Array): DsseEnvelope {
  return {
    payloadType: DSSE_PAYLOAD_TYPE,
    payload: Buffer.from(statementBytes(statement)).toString('base64'),
    signatures: [{ keyid, sig: Buffer.from(signature).toString('base64') }],
  };
}

/** One note line: the envelope as compact JSON (notes are JSON lines, merged with cat_sort_uniq). */
export function noteLine(envelope: DsseEnvelope): string {
  return canonicalJson(envelope);
}

export function decodeEnvelopePayload(envelope: DsseEnvelope): unknown {
  return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
}
