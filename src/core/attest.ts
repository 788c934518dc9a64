import { encodeTrailers, type TrailerLine } from './attestation-trailers.js';
import { encodeTrailersV2 } from './attestation-trailers-v2.js';
import { canonicalJson } from './canonical-json.js';
import { notePartDigest, notePartOf, signedStatementV2 } from './message-statement.js';
import { BINDING_NOTATION, encodeBindingNotation, notation } from './signature-facts.js';
import { PREDICATE_VERSION, type Answers, type Binding, type DsseEnvelope, type Predicate, type Statement } from './model.js';
import { buildStatement, envelopeFor, noteLine, signedBytes } from './statement.js';

/** What core needs of a key: crypto/ provides it (fast native path or openpgp.js). */
export interface Signer {
  fingerprint: string;
  /** OpenPGP user id, "Name <email>". */
  userId: string;
  sign(data: Uint8Array, created?: Date, notations?: readonly Uint8Array[]): Uint8Array;
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
  if (predicate.version >= 2) return signPredicateV2(predicate, signer);
  const statement = buildStatement(predicate);
  const signature = signer.sign(signedBytes(statement), new Date(Date.parse(predicate.time)));
  const envelope = envelopeFor(statement, signer.fingerprint, signature);
  return { predicate, statement, signature, envelope, trailers: encodeTrailers(predicate, signature), noteLine: noteLine(envelope) };
}

/**
 * Format v2: one signature over the signed statement, whose binding and note-part digest also
 * ride in the signature packet (a notation) so that the trailers need not spell them out. The
 * note line is the envelope plus the note part (`note`), bound by that digest.
 */
function signPredicateV2(predicate: Predicate, signer: Signer): SignedAttestation {
  const part = notePartOf(predicate);
  const digest = part ? notePartDigest(part) : null;
  const statement = signedStatementV2(predicate, digest);
  const { tree, parents, patchId } = predicate.binding;
  const signature = signer.sign(signedBytes(statement), new Date(Date.parse(predicate.time)), [
    notation(BINDING_NOTATION, encodeBindingNotation({ tree, parents, patchId }, digest)),
  ]);
  const envelope = envelopeFor(statement, signer.fingerprint, signature);
  const line = part ? canonicalJson({ ...envelope, note: part }) : noteLine(envelope);
  return { predicate, statement, signature, envelope, trailers: encodeTrailersV2(predicate, signature), noteLine: line };
}
