import { decodeTrailers, encodeTrailers, KEY, type TrailerLine } from '../../core/attestation-trailers.js';
import { parseUserId } from '../../core/attest.js';
import { canonicalJson } from '../../core/canonical-json.js';
import {
  mergePredicate,
  notePartDigest,
  notePartProblem,
  readPredicateV2,
  signedStatementV2,
  type NotePart,
  type SignedPredicateV2,
} from '../../core/message-statement.js';
import { DSSE_PAYLOAD_TYPE, PREDICATE_TYPE, PREDICATE_VERSION, STATEMENT_TYPE, type Predicate } from '../../core/model.js';
import { parseNote } from '../../core/note.js';
import { buildStatement, preAuthEncoding, statementBytes, subjectsFor } from '../../core/statement.js';
import { parseTrailers } from '../../core/trailers.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { VerifyResult } from '../../crypto/types.js';
import type { SignatureJob } from './signatures.js';
import type { FailureResult, StatementOrigin } from './types.js';

/** One statement found on a commit (the trailers, or one note line), checked as far as it can be alone. */
export interface Candidate {
  origin: StatementOrigin;
  predicate: Predicate | null;
  /** A problem found before or instead of the signature check. */
  problem: { result: FailureResult; message: string } | null;
  /** Signatures to check (set by completeCandidates from the jobs' results). */
  jobs: SignatureJob[];
  verify: VerifyResult | null;
  sameAsTrailers: boolean;
  /** Own trailers the codec does not know: unsigned text that readers may take for facts. */
  unknownKeys: string[];
  /** Lines of the attestation block the statement does not sign (v1 `Assisted-by:`). */
  unsignedLines?: string[];
  /** The trailers only: the message's trailer lines as parsed, for the rules that read them too. */
  trailerLines?: readonly TrailerLine[];
  /** Format 2 trailers only: sha256 of the note part the signed statement names (null: none). */
  noteDigest?: string | null;
  /** Format 2 trailers whose statement names a note part no note line supplied (the note was lost). */
  notePartMissing?: boolean;
}

/** A candidate that is signed by a trusted, valid key and shaped as its version says. */
export function isValid(c: Candidate): c is Candidate & { predicate: Predicate; verify: { ok: true } } {
  return c.problem === null && c.predicate !== null && c.verify?.ok === true;
}

/**
 * Statements of a commit, decoded: its trailers (when it has ours) and each line of its note.
 * Signatures are left as jobs, so that a whole batch can be checked at once, off this thread.
 */
export function readCandidates(message: string, note: string): Candidate[] {
  const out: Candidate[] = [];
  const read = /ai-attest/i.test(message) ? trailerCandidate(message) : null;
  const trailers = read?.candidate ?? null;
  if (trailers) out.push(trailers);
  if (!note) return out;
  // The commit-time note line is the trailers' statement, written as canonical JSON: recognised
  // by its text, it is neither parsed nor checked a second time.
  const signed =
    read?.payload && read.signature && trailers?.predicate
      ? { payload: read.payload, signature: read.signature, key: trailers.predicate.attester.key }
      : null;
  let n = 0;
  for (let start = 0; start <= note.length; ) {
    let end = note.indexOf('\n', start);
    if (end < 0) end = note.length;
    const text = note.slice(start, end).trim();
    start = end + 1;
    if (!text) continue;
    const origin = `note:${++n}` as const;
    if (signed && isNoteLineOf(text, signed.payload, signed.key, signed.signature)) {
      out.push(
        trailers!.noteDigest
          ? blank(origin, {
              result: 'malformed',
              message: `note line ${n} lacks the note part its statement names (sha256 ${trailers!.noteDigest.slice(0, 12)}): it was cut`,
            })
          : { ...trailers!, origin, jobs: [], sameAsTrailers: true, unknownKeys: [] },
      );
      continue;
    }
    const [line] = parseNote(text);
    if (!line || line.kind === 'invalid') {
      out.push(blank(origin, { result: 'malformed', message: `note line ${n} is ${line?.reason ?? 'empty'}` }));
      continue;
    }
    const sigs = line.envelope.signatures.map((s) => s.sig);
    const part = (line.envelope as { note?: unknown }).note;
    if (trailers && signed && sigs.includes(signed.signature) && signed.payload === line.envelope.payload) {
      const problem = notePartMismatch(part, trailers.noteDigest ?? null, n);
      if (problem) out.push(blank(origin, problem));
      else {
        // The note part completes the trailers' statement: both copies then read the same.
        if (part) {
          trailers.predicate = mergePredicate(trailers.predicate as unknown as SignedPredicateV2, part as NotePart);
          trailers.notePartMissing = false;
        }
        out.push({ ...trailers, origin, jobs: [], sameAsTrailers: true, unknownKeys: [] });
      }
      continue;
    }
    out.push(noteCandidate(origin, line.envelope.payloadType, line.envelope.payload, sigs, part));
  }
  return out;
}

/**
 * The predicate readCandidates gives the trailers' candidate (null where it gives none, or one
 * without a predicate), without what only a signature check needs: for a verdict remembered from
 * an earlier run, whose checks passed. A note line completes the trailers' statement only when it
 * carries the note part their signature names, with their signature and payload: only then are
 * the signed bytes made, and the note is read at all only when the statement names a note part
 * (test/restore-statement.test.ts compares the two on generated and hostile notes).
 */
export function trailersPredicate(message: string, note: string): Predicate | null {
  if (!/ai-attest/i.test(message)) return null;
  const decoded = decodeTrailers(parseTrailers(message));
  if (decoded.kind !== 'ok') return null;
  let predicate = decoded.predicate;
  const digest = decoded.format >= 2 ? decoded.noteDigest : null;
  // readCandidates merges a note part only where it matches a digest the statement signs.
  if (digest === null || !note) return predicate;
  const signature = Buffer.from(decoded.signature).toString('base64');
  let payload: string | undefined;
  let n = 0;
  for (const raw of note.split('\n')) {
    const text = raw.trim();
    if (!text) continue;
    n++;
    const [line] = parseNote(text);
    if (!line || line.kind === 'invalid') continue;
    const part = (line.envelope as { note?: unknown }).note;
    // As readCandidates: a line without a part, or another signature, never completes the statement.
    if (!part || !line.envelope.signatures.some((s) => s.sig === signature)) continue;
    payload ??= Buffer.from(decoded.payload).toString('base64');
    if (line.envelope.payload !== payload || notePartMismatch(part, digest, n)) continue;
    predicate = mergePredicate(predicate as unknown as SignedPredicateV2, part as NotePart);
  }
  return predicate;
}

/**
 * Takes the signature results in: the first signature that verifies wins, else the first failure
 * explains. A v2 statement does not sign its attester's name and email: they come from the key
 * that verified it (the user id with the author's email, else the primary one).
 */
export function completeCandidates(candidates: Candidate[], keyring: Keyring, now: Date, authorEmail = ''): void {
  let trailers: Candidate | undefined;
  for (let i = 0; i < candidates.length && !trailers; i++) if (candidates[i]!.origin === 'trailers') trailers = candidates[i];
  // Indexed loops: once per commit of every range, in baseline code (src/read/compiler.ts).
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.sameAsTrailers && trailers) {
      c.verify = trailers.verify;
      c.problem = trailers.problem;
      c.predicate = trailers.predicate;
      continue;
    }
    if (c.problem || c.jobs.length === 0) continue;
    let decided = c.jobs[0]!;
    for (let k = 0; k < c.jobs.length; k++) {
      if (c.jobs[k]!.result?.ok) {
        decided = c.jobs[k]!;
        break;
      }
    }
    c.verify = decided.result ?? null;
    if (c.origin === 'trailers' && c.verify && !c.verify.ok && c.verify.reason === 'bad-signature') {
      c.problem = versionTampering(c.predicate!, decided.signature, keyring, now, c.noteDigest);
    }
    if (!c.problem && c.predicate && c.predicate.version < 1) {
      c.problem = { result: 'malformed', message: `declares schema v${c.predicate.version}, which does not exist (versions start at v1)` };
    }
    if (c.predicate && c.predicate.version >= 2 && c.verify?.ok) {
      const holder = attesterOf(c.verify.userIds, authorEmail);
      if (holder) c.predicate = { ...c.predicate, attester: { ...holder, key: c.predicate.attester.key } };
    }
  }
}

/** The user id a v2 attester is shown by: the one with the commit author's email, else the primary one. */
export function attesterOf(userIds: readonly string[], authorEmail: string): { name: string; email: string } | undefined {
  if (userIds.length === 0) return undefined;
  const author = authorEmail.toLowerCase();
  if (authorEmail !== '') {
    for (let i = 0; i < userIds.length; i++) {
      const id = userIdOf(userIds[i]!);
      if (id.email.toLowerCase() === author) return { ...id };
    }
  }
  return { ...userIdOf(userIds[0]!) };
}

/** Every commit of a range is signed by one of a few keys: each user id parsed once (attesterOf copies what it gives out). */
const parsedUserIds = new Map<string, { name: string; email: string }>();

function userIdOf(userId: string): { name: string; email: string } {
  let parsed = parsedUserIds.get(userId);
  if (!parsed) {
    parsed = parseUserId(userId);
    if (parsedUserIds.size < 1_000) parsedUserIds.set(userId, parsed);
  }
  return parsed;
}

/** A note line that repeats the trailers' envelope must carry exactly the note part its statement names. */
function notePartMismatch(part: unknown, digest: string | null, n: number): Candidate['problem'] {
  if (part === undefined && digest === null) return null;
  if (part === undefined)
    return {
      result: 'malformed',
      message: `note line ${n} lacks the note part its statement names (sha256 ${digest!.slice(0, 12)}): it was cut`,
    };
  const problem = notePartProblem(part);
  if (problem) return { result: 'malformed', message: `note line ${n}: ${problem}` };
  if (digest === null || notePartDigest(part as NotePart) !== digest) {
    return {
      result: 'malformed',
      message: `the note part of line ${n} is not the one the statement signs (its sha256 differs): it was edited`,
    };
  }
  return null;
}

/**
 * `noteLine(envelope)` of a one-signature envelope: canonical JSON, keys in order, spelled out
 * for speed. Base64 and hex need no JSON escaping, which is all these values hold.
 */
export function noteLineOf(payload: string, keyid: string, sig: string): string {
  return `${LINE_HEAD}${payload}${LINE_TYPE}${keyid}${LINE_SIG}${sig}${LINE_END}`;
}

const LINE_HEAD = '{"payload":"';
const LINE_TYPE = `","payloadType":"${DSSE_PAYLOAD_TYPE}","signatures":[{"keyid":"`;
const LINE_SIG = '","sig":"';
const LINE_END = '"}]}';

/** `text === noteLineOf(payload, keyid, sig)`, compared in place: the line is never built. */
export function isNoteLineOf(text: string, payload: string, keyid: string, sig: string): boolean {
  const type = LINE_HEAD.length + payload.length;
  const key = type + LINE_TYPE.length;
  const sigAt = key + keyid.length + LINE_SIG.length;
  return (
    text.length === sigAt + sig.length + LINE_END.length &&
    text.startsWith(LINE_HEAD) &&
    text.startsWith(payload, LINE_HEAD.length) &&
    text.startsWith(LINE_TYPE, type) &&
    text.startsWith(keyid, key) &&
    text.startsWith(LINE_SIG, key + keyid.length) &&
    text.startsWith(sig, sigAt) &&
    text.endsWith(LINE_END)
  );
}

function blank(origin: StatementOrigin, problem: Candidate['problem']): Candidate {
  return {
    origin,
    predicate: null,
    problem,
    jobs: [],
    verify: null,
    sameAsTrailers: false,
    unknownKeys: [],
  };
}

/** The trailers' statement, with the base64 of what it signs and of its signature when it decodes. */
interface TrailerStatement {
  candidate: Candidate;
  payload?: string;
  signature?: string;
}

function trailerCandidate(message: string): TrailerStatement | null {
  const lines = parseTrailers(message);
  const decoded = decodeTrailers(lines);
  if (decoded.kind === 'none') return null;
  if (decoded.kind === 'unsupported-version') {
    return {
      candidate: blank('trailers', {
        result: 'unsupported-version',
        message: `declares attestation schema ${decoded.version}; this ai-attest reads up to v${PREDICATE_VERSION}`,
      }),
    };
  }
  if (decoded.kind === 'malformed') {
    const signed = lines.some((t) => t.key.toLowerCase() === KEY.signature.toLowerCase());
    return {
      candidate: blank(
        'trailers',
        signed
          ? { result: 'malformed', message: `the trailers do not decode: ${decoded.reason}` }
          : { result: 'unsigned', message: `the ${KEY.signature} trailer is missing: nothing signs these trailers` },
      ),
    };
  }
  const { predicate, signature, unknownKeys, payload, unsignedLines, noteDigest } = decoded;
  const candidate: Candidate = {
    origin: 'trailers',
    predicate,
    problem: null,
    jobs: [{ payloadType: DSSE_PAYLOAD_TYPE, payload, signature }],
    verify: null,
    sameAsTrailers: false,
    unknownKeys,
    unsignedLines,
    trailerLines: lines,
    ...(decoded.format >= 2 ? { noteDigest, notePartMissing: noteDigest !== null } : {}),
  };
  return { candidate, payload: base64(payload), signature: base64(signature) };
}

/** Base64 of bytes, without copying them first as Buffer.from(a typed array) does. */
function base64(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('base64');
}

/**
 * A signature that fails over the declared version but holds over another one means the
 * version trailer was edited: an attempt to have the statement read under other rules.
 */
function versionTampering(
  predicate: Predicate,
  signature: Uint8Array,
  keyring: Keyring,
  now: Date,
  noteDigest: string | null | undefined,
): Candidate['problem'] {
  // A v1 block differs from another version by its version alone; a v2 block has its own shape.
  const shapes = noteDigest === undefined ? [1] : [2];
  for (const version of shapes) {
    if (version === predicate.version) continue;
    const changed = { ...predicate, version };
    const bytes = version >= 2 ? statementBytes(signedStatementV2(changed, noteDigest ?? null)) : statementBytes(buildStatement(changed));
    if (!keyring.verify(preAuthEncoding(DSSE_PAYLOAD_TYPE, bytes), signature, now).ok) continue;
    return {
      result: predicate.version < version ? 'version-downgraded' : 'version-changed',
      message:
        `the trailers declare schema v${predicate.version}, but the statement was signed as v` +
        `${version}: the version was edited after signing`,
    };
  }
  return null;
}

function noteCandidate(origin: StatementOrigin, payloadType: string, payloadBase64: string, sigs: string[], part?: unknown): Candidate {
  const line = origin.slice('note:'.length);
  const payload = Buffer.from(payloadBase64, 'base64');
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    return blank(origin, { result: 'malformed', message: `the payload of note line ${line} is not JSON` });
  }
  const checked = checkStatement(statement, part, Number(line));
  if ('problem' in checked) return blank(origin, checked.problem);
  if (sigs.length === 0) return blank(origin, { result: 'unsigned', message: `note line ${line} carries no signature` });
  return {
    origin,
    predicate: checked.predicate,
    problem: null,
    jobs: sigs.map((sig) => ({ payloadType, payload, signature: Buffer.from(sig, 'base64') })),
    verify: null,
    sameAsTrailers: false,
    unknownKeys: [],
  };
}

/**
 * A note statement is schema-valid when its predicate survives the trailer codec (the strict
 * reader of v1) unchanged and its subject is the one the predicate implies.
 */
function checkStatement(
  value: unknown,
  part: unknown,
  line: number,
): { predicate: Predicate } | { problem: NonNullable<Candidate['problem']> } {
  const fail = (message: string) => ({ problem: { result: 'malformed' as const, message } });
  const s = value as { _type?: unknown; predicateType?: unknown; subject?: unknown; predicate?: Record<string, unknown> } | null;
  if (!s || typeof s !== 'object' || s._type !== STATEMENT_TYPE) return fail('not an in-toto v1 statement');
  if (s.predicateType !== PREDICATE_TYPE) return fail(`predicate type ${String(s.predicateType)} is not ${PREDICATE_TYPE}`);
  const p = s.predicate;
  if (!p || typeof p !== 'object') return fail('the statement has no predicate');
  if (typeof p.version === 'number' && p.version > PREDICATE_VERSION) {
    return {
      problem: {
        result: 'unsupported-version',
        message: `declares attestation schema v${p.version}; this ai-attest reads up to v${PREDICATE_VERSION}`,
      },
    };
  }
  if (p.version === 2) return checkStatementV2(s.subject, p, part, line);
  if (part !== undefined) return fail('a v1 statement with a note part');
  let roundTrip;
  try {
    roundTrip = decodeTrailers(encodeTrailers(p as unknown as Predicate, new Uint8Array(64)));
  } catch (error) {
    return fail(`the predicate does not fit schema v${String(p.version)}: ${(error as Error).message}`);
  }
  if (roundTrip.kind !== 'ok')
    return fail(`the predicate does not fit schema v${String(p.version)}${roundTrip.kind === 'malformed' ? `: ${roundTrip.reason}` : ''}`);
  if (canonicalJson(roundTrip.predicate) !== canonicalJson(p))
    return fail(`the predicate holds fields or values schema v${String(p.version)} does not have`);
  if (canonicalJson(subjectsFor(roundTrip.predicate)) !== canonicalJson(s.subject))
    return fail('the subject does not name the tree and commit of the binding');
  return { predicate: roundTrip.predicate };
}

function checkStatementV2(
  subject: unknown,
  p: unknown,
  part: unknown,
  line: number,
): { predicate: Predicate } | { problem: NonNullable<Candidate['problem']> } {
  const read = readPredicateV2(p, part);
  if ('problem' in read) return { problem: { result: 'malformed', message: `note line ${line}: ${read.problem}` } };
  if (canonicalJson(subjectsFor(read.predicate)) !== canonicalJson(subject))
    return { problem: { result: 'malformed', message: 'the subject does not name the tree and commit of the binding' } };
  return read;
}
