import { decodeTrailers, encodeTrailers, KEY } from '../../core/attestation-trailers.js';
import { canonicalJson } from '../../core/canonical-json.js';
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
  /** Base64 of the canonical statement JSON (trailers) or the envelope payload (note): what the signature covers. */
  payload: string | null;
  /** Base64 of the signature that decided `verify`. */
  signature: string | null;
  /** A problem found before or instead of the signature check. */
  problem: { result: FailureResult; message: string } | null;
  /** Signatures to check (set by completeCandidates from the jobs' results). */
  jobs: SignatureJob[];
  verify: VerifyResult | null;
  sameAsTrailers: boolean;
  /** Own trailers the codec does not know: unsigned text that readers may take for facts. */
  unknownKeys: string[];
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
  const trailers = /ai-attest/i.test(message) ? trailerCandidate(message) : null;
  if (trailers) out.push(trailers);
  if (!note) return out;
  // The commit-time note line is the trailers' statement, written as canonical JSON: recognised
  // by its text, it is neither parsed nor checked a second time.
  const same = trailers?.predicate && trailers.payload && trailers.signature ? noteLineOf(trailers.payload, trailers.predicate.attester.key, trailers.signature) : null;
  let n = 0;
  for (const raw of note.split('\n')) {
    const text = raw.trim();
    if (!text) continue;
    const origin = `note:${++n}` as const;
    if (text === same) {
      out.push({ ...trailers!, origin, jobs: [], sameAsTrailers: true, unknownKeys: [] });
      continue;
    }
    const [line] = parseNote(text);
    if (!line || line.kind === 'invalid') {
      out.push(blank(origin, { result: 'malformed', message: `note line ${n} is ${line?.reason ?? 'empty'}` }));
      continue;
    }
    const sigs = line.envelope.signatures.map((s) => s.sig);
    if (trailers?.payload && trailers.signature && sigs.includes(trailers.signature) && trailers.payload === line.envelope.payload) {
      out.push({ ...trailers, origin, jobs: [], sameAsTrailers: true, unknownKeys: [] });
      continue;
    }
    out.push(noteCandidate(origin, line.envelope.payloadType, line.envelope.payload, sigs));
  }
  return out;
}

/** Takes the signature results in: the first signature that verifies wins, else the first failure explains. */
export function completeCandidates(candidates: Candidate[], keyring: Keyring, now: Date): void {
  const trailers = candidates.find((c) => c.origin === 'trailers');
  for (const c of candidates) {
    if (c.sameAsTrailers && trailers) {
      c.verify = trailers.verify;
      c.problem = trailers.problem;
      continue;
    }
    if (c.problem || c.jobs.length === 0) continue;
    const decided = c.jobs.find((j) => j.result?.ok) ?? c.jobs[0]!;
    c.verify = decided.result ?? null;
    c.signature = Buffer.from(decided.signature).toString('base64');
    if (c.origin === 'trailers' && c.verify && !c.verify.ok && c.verify.reason === 'bad-signature') {
      c.problem = versionTampering(c.predicate!, decided.signature, keyring, now);
    }
    if (!c.problem && c.predicate && c.predicate.version < 1) {
      c.problem = { result: 'malformed', message: `declares schema v${c.predicate.version}, which does not exist (versions start at v1)` };
    }
  }
}

/**
 * `noteLine(envelope)` of a one-signature envelope: canonical JSON, keys in order, spelled out
 * for speed. Base64 and hex need no JSON escaping, which is all these values hold.
 */
export function noteLineOf(payload: string, keyid: string, sig: string): string {
  return `{"payload":"${payload}","payloadType":"${DSSE_PAYLOAD_TYPE}","signatures":[{"keyid":"${keyid}","sig":"${sig}"}]}`;
}

function blank(origin: StatementOrigin, problem: Candidate['problem']): Candidate {
  return { origin, predicate: null, payload: null, signature: null, problem, jobs: [], verify: null, sameAsTrailers: false, unknownKeys: [] };
}

function trailerCandidate(message: string): Candidate | null {
  const lines = parseTrailers(message);
  const decoded = decodeTrailers(lines);
  if (decoded.kind === 'none') return null;
  if (decoded.kind === 'unsupported-version') {
    return blank('trailers', {
      result: 'unsupported-version',
      message: `declares attestation schema ${decoded.version}; this ai-attest reads up to v${PREDICATE_VERSION}`,
    });
  }
  if (decoded.kind === 'malformed') {
    const signed = lines.some((t) => t.key.toLowerCase() === KEY.signature.toLowerCase());
    return blank('trailers', signed
      ? { result: 'malformed', message: `the trailers do not decode: ${decoded.reason}` }
      : { result: 'unsigned', message: `the ${KEY.signature} trailer is missing: nothing signs these trailers` });
  }
  const { predicate, signature, unknownKeys } = decoded;
  const payload = statementBytes(buildStatement(predicate));
  return {
    origin: 'trailers',
    predicate,
    payload: Buffer.from(payload).toString('base64'),
    signature: Buffer.from(signature).toString('base64'),
    problem: null,
    jobs: [{ payloadType: DSSE_PAYLOAD_TYPE, payload, signature }],
    verify: null,
    sameAsTrailers: false,
    unknownKeys,
  };
}

/**
 * A signature that fails over the declared version but holds over another one means the
 * version trailer was edited: an attempt to have the statement read under other rules.
 */
function versionTampering(predicate: Predicate, signature: Uint8Array, keyring: Keyring, now: Date): Candidate['problem'] {
  for (let version = 1; version <= PREDICATE_VERSION; version++) {
    if (version === predicate.version) continue;
    const bytes = statementBytes(buildStatement({ ...predicate, version }));
    if (!keyring.verify(preAuthEncoding(DSSE_PAYLOAD_TYPE, bytes), signature, now).ok) continue;
    return {
      result: predicate.version < version ? 'version-downgraded' : 'version-changed',
      message: `the trailers declare schema v${predicate.version}, but the statement was signed as v${version}: the version was edited after signing`,
    };
  }
  return null;
}

function noteCandidate(origin: StatementOrigin, payloadType: string, payloadBase64: string, sigs: string[]): Candidate {
  const line = origin.slice('note:'.length);
  const payload = Buffer.from(payloadBase64, 'base64');
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    return blank(origin, { result: 'malformed', message: `the payload of note line ${line} is not JSON` });
  }
  const checked = checkStatement(statement);
  if ('problem' in checked) return blank(origin, checked.problem);
  if (sigs.length === 0) return blank(origin, { result: 'unsigned', message: `note line ${line} carries no signature` });
  return {
    origin,
    predicate: checked.predicate,
    payload: payloadBase64,
    signature: null,
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
function checkStatement(value: unknown): { predicate: Predicate } | { problem: NonNullable<Candidate['problem']> } {
  const fail = (message: string) => ({ problem: { result: 'malformed' as const, message } });
  const s = value as { _type?: unknown; predicateType?: unknown; subject?: unknown; predicate?: Record<string, unknown> } | null;
  if (!s || typeof s !== 'object' || s._type !== STATEMENT_TYPE) return fail('not an in-toto v1 statement');
  if (s.predicateType !== PREDICATE_TYPE) return fail(`predicate type ${String(s.predicateType)} is not ${PREDICATE_TYPE}`);
  const p = s.predicate;
  if (!p || typeof p !== 'object') return fail('the statement has no predicate');
  if (typeof p.version === 'number' && p.version > PREDICATE_VERSION) {
    return { problem: { result: 'unsupported-version', message: `declares attestation schema v${p.version}; this ai-attest reads up to v${PREDICATE_VERSION}` } };
  }
  let roundTrip;
  try {
    roundTrip = decodeTrailers(encodeTrailers(p as unknown as Predicate, new Uint8Array(64)));
  } catch (error) {
    return fail(`the predicate does not fit schema v${String(p.version)}: ${(error as Error).message}`);
  }
  if (roundTrip.kind !== 'ok') return fail(`the predicate does not fit schema v${String(p.version)}${roundTrip.kind === 'malformed' ? `: ${roundTrip.reason}` : ''}`);
  if (canonicalJson(roundTrip.predicate) !== canonicalJson(p)) return fail(`the predicate holds fields or values schema v${String(p.version)} does not have`);
  if (canonicalJson(subjectsFor(roundTrip.predicate)) !== canonicalJson(s.subject)) return fail('the subject does not name the tree and commit of the binding');
  return { predicate: roundTrip.predicate };
}
