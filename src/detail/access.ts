import { canonicalJson } from '../core/canonical-json.js';
import { DSSE_PAYLOAD_TYPE, STATEMENT_TYPE, type DsseEnvelope } from '../core/model.js';
import { parseNote } from '../core/note.js';
import { preAuthEncoding } from '../core/statement.js';
import { parseUserId } from '../core/attest.js';
import type { Keyring } from '../crypto/keyring.js';

/**
 * Access records: who read which detail record, with which key, when and why. Each is an in-toto
 * statement in a DSSE envelope signed by the reader's key, one JSON line in the note of the
 * commit whose record was read, under refs/notes/ai-attest-access.
 */
export const ACCESS_PREDICATE_TYPE = 'https://ai-attest.dev/detail-access/v1';

export interface AccessPredicate {
  version: 1;
  reader: { name: string; email: string; key: string };
  /** Fingerprint of the key that decrypted (the reader's encryption key or its primary). */
  decryptionKey: string;
  time: string;
  record: { commit: string; sha256: string; parts: string[] };
  reason: string;
  /** The command that read it: `show`, `trace`. */
  via: string;
}

export interface AccessStatement {
  _type: typeof STATEMENT_TYPE;
  subject: Array<{ name: string; digest: Record<string, string> }>;
  predicateType: typeof ACCESS_PREDICATE_TYPE;
  predicate: AccessPredicate;
}

export interface AccessSigner {
  fingerprint: string;
  userId: string;
  sign(data: Uint8Array, created?: Date): Uint8Array;
}

export function accessStatement(input: Omit<AccessPredicate, 'version' | 'reader'>, signer: AccessSigner): AccessStatement {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: 'commit', digest: { gitCommit: input.record.commit } }],
    predicateType: ACCESS_PREDICATE_TYPE,
    predicate: { version: 1, reader: { ...parseUserId(signer.userId), key: signer.fingerprint }, ...input },
  };
}

export function signAccess(statement: AccessStatement, signer: AccessSigner): string {
  const payload = Buffer.from(canonicalJson(statement), 'utf8');
  const sig = signer.sign(preAuthEncoding(DSSE_PAYLOAD_TYPE, payload), new Date(Date.parse(statement.predicate.time)));
  const envelope: DsseEnvelope = {
    payloadType: DSSE_PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: signer.fingerprint, sig: Buffer.from(sig).toString('base64') }],
  };
  return canonicalJson(envelope);
}

export type AccessVerification = 'verified' | 'bad-signature' | 'unknown-key' | 'malformed' | 'wrong-commit';

export interface AccessEntry {
  commit: string;
  verification: AccessVerification;
  message: string;
  access: AccessPredicate | null;
}

/** Reads and checks every access record in the notes of these commits against the keyring. */
export function verifyAccessNotes(notes: ReadonlyMap<string, string>, keyring: Keyring): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const [commit, text] of notes) {
    for (const line of parseNote(text)) {
      if (line.kind === 'invalid') {
        out.push({ commit, verification: 'malformed', message: line.reason, access: null });
        continue;
      }
      out.push(verifyOne(commit, line.envelope, keyring));
    }
  }
  out.sort((a, b) => (a.access?.time ?? '').localeCompare(b.access?.time ?? '') || a.commit.localeCompare(b.commit));
  return out;
}

function verifyOne(commit: string, envelope: DsseEnvelope, keyring: Keyring): AccessEntry {
  let statement: AccessStatement;
  try {
    statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as AccessStatement;
  } catch {
    return { commit, verification: 'malformed', message: 'the payload is not JSON', access: null };
  }
  const p = statement?.predicate;
  if (
    statement?.predicateType !== ACCESS_PREDICATE_TYPE ||
    !p ||
    typeof p.reason !== 'string' ||
    typeof p.time !== 'string' ||
    !p.record ||
    !p.reader
  ) {
    return { commit, verification: 'malformed', message: 'not an ai-attest access record', access: null };
  }
  if (p.record.commit !== commit || statement.subject?.[0]?.digest?.gitCommit !== commit) {
    return {
      commit,
      verification: 'wrong-commit',
      message: `the record is about commit ${String(p.record.commit).slice(0, 12)}, filed on another`,
      access: p,
    };
  }
  const pae = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
  const results = envelope.signatures.map((s) => keyring.verify(pae, Buffer.from(s.sig, 'base64')));
  const good = results.find((r) => r.ok);
  if (good && good.ok) {
    if (good.fingerprint !== p.reader.key)
      return {
        commit,
        verification: 'bad-signature',
        message: `signed by ${good.fingerprint}, not by the reader's key ${p.reader.key}`,
        access: p,
      };
    return { commit, verification: 'verified', message: `signed by ${good.userIds[0] ?? good.fingerprint}`, access: p };
  }
  const first = results[0];
  const failure = first && !first.ok ? first : null;
  const verification: AccessVerification =
    failure?.reason === 'unknown-key' ? 'unknown-key' : failure?.reason === 'malformed' ? 'malformed' : 'bad-signature';
  return { commit, verification, message: failure?.detail ?? 'no signature', access: p };
}
