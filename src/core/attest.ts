import { encodeTrailers, type TrailerLine } from './attestation-trailers.js';
import { PREDICATE_VERSION, type Answers, type Binding, type DsseEnvelope, type Predicate, type Statement } from './model.js';
import { buildStatement, envelopeFor, noteLine, signedBytes } from './statement.js';

/** What core needs of a key: crypto/ provides it (fast native path or openpgp.js). */
export interface Signer {
  fingerprint: string;
  /** OpenPGP user id, "Name <email>". */
  userId: string;
  sign(data: Uint8Array, created?: Date): Uint8Array;
}

export interface SignedAttestation {
  predicate: Predicate;
  statement: Statement;
  signature: Uint8Array;
  envelope: DsseEnvelope;
  trailers: TrailerLine[];
  noteLine: string;
}

export function parseUserId(userId: string): { name: string; email: string } {
  const match = /^(.*?)\s*<([^>]*)>\s*$/.exec(userId);
  if (match) return { name: match[1]!.trim(), email: match[2]!.trim() };
  return userId.includes('@') ? { name: '', email: userId.trim() } : { name: userId.trim(), email: '' };
}

/** Second precision: the time goes into a trailer and must round-trip exactly. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function buildPredicate(answers: Answers, binding: Binding, signer: Signer, time: Date, carriedFrom?: string[]): Predicate {
  const predicate: Predicate = {
    version: PREDICATE_VERSION,
    ai: answers.ai,
    tools: answers.ai === 'used' ? answers.tools : [],
    share: answers.ai === 'used' ? answers.share : 0,
    sensitive: answers.sensitive,
    attester: { ...parseUserId(signer.userId), key: signer.fingerprint },
    binding,
    time: isoSeconds(time),
    source: answers.source,
    extensions: answers.extensions ?? {},
  };
  if (carriedFrom?.length) predicate.carriedFrom = carriedFrom;
  return predicate;
}

export function signPredicate(predicate: Predicate, signer: Signer): SignedAttestation {
  const statement = buildStatement(predicate);
  const signature = signer.sign(signedBytes(statement), new Date(Date.parse(predicate.time)));
  const envelope = envelopeFor(statement, signer.fingerprint, signature);
  return { predicate, statement, signature, envelope, trailers: encodeTrailers(predicate, signature), noteLine: noteLine(envelope) };
}
