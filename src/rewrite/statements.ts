import { noteLine, preAuthEncoding } from '../core/statement.js';
import { decodeTrailers } from '../core/attestation-trailers.js';
import { readPredicateV2 } from '../core/message-statement.js';
import { DSSE_PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE, type Predicate } from '../core/model.js';
import { parseNote } from '../core/note.js';
import { parseTrailers } from '../core/trailers.js';
import type { Keyring } from '../crypto/keyring.js';
import type { CommitRecord } from '../git/log.js';

/** One signed statement found on a commit, in its trailers or its note. */
export interface Candidate {
  predicate: Predicate;
  /** The bytes the signature covers. */
  signed: Uint8Array;
  signatures: Uint8Array[];
  origin: 'trailers' | 'note';
  /** The statement as a note line: what a rewritten commit keeps as evidence. */
  noteLine: string;
}

/** Every statement a commit carries; unreadable note lines are returned to be kept as they are. */
export function candidatesOf(record: Pick<CommitRecord, 'message' | 'note'>): { candidates: Candidate[]; otherLines: string[] } {
  const candidates: Candidate[] = [];
  const otherLines: string[] = [];
  const trailers = decodeTrailers(parseTrailers(record.message));
  if (trailers.kind === 'ok') {
    // v2: the note line that repeats the trailers' envelope is the better evidence (it keeps the
    // note part); this one is what the trailers alone prove.
    const sig = Buffer.from(trailers.signature).toString('base64');
    candidates.push({
      predicate: trailers.predicate,
      signed: preAuthEncoding(DSSE_PAYLOAD_TYPE, trailers.payload),
      signatures: [trailers.signature],
      origin: 'trailers',
      noteLine: noteLine({
        payloadType: DSSE_PAYLOAD_TYPE,
        payload: Buffer.from(trailers.payload).toString('base64'),
        signatures: [{ keyid: trailers.predicate.attester.key, sig }],
      }),
    });
  }
  for (const line of parseNote(record.note)) {
    if (line.kind !== 'envelope') {
      otherLines.push(line.line);
      continue;
    }
    const payload = Buffer.from(line.envelope.payload, 'base64');
    const predicate = predicateOf(payload, (line.envelope as { note?: unknown }).note);
    if (!predicate) {
      otherLines.push(line.line);
      continue;
    }
    candidates.push({
      predicate,
      signed: preAuthEncoding(line.envelope.payloadType, payload),
      signatures: line.envelope.signatures.map((s) => Buffer.from(s.sig, 'base64')),
      origin: 'note',
      noteLine: line.line,
    });
  }
  return { candidates, otherLines };
}

function predicateOf(payload: Uint8Array, part: unknown): Predicate | null {
  let statement: { _type?: unknown; predicateType?: unknown; predicate?: Partial<Predicate> };
  try {
    statement = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return null;
  }
  const p = statement?.predicate;
  if (statement?._type !== STATEMENT_TYPE || statement.predicateType !== PREDICATE_TYPE || !p || typeof p !== 'object') return null;
  if (p.version === 2) {
    const read = readPredicateV2(p, part);
    return 'predicate' in read ? read.predicate : null;
  }
  const b = p.binding;
  if (!b || typeof b.tree !== 'string' || !Array.isArray(b.parents) || typeof b.patchId !== 'string') return null;
  if (!['used', 'none', 'undeclared'].includes(p.ai as string) || !Array.isArray(p.tools) || !Array.isArray(p.sensitive)) return null;
  if (typeof p.share !== 'number' || typeof p.time !== 'string' || !p.attester) return null;
  return { extensions: {}, ...p } as Predicate;
}

/**
 * exact: signed for this very commit (its id, or its tree and parents at commit time);
 * patch-id: signed for another commit that makes the same change (a rebase, a cherry-pick).
 */
export type BindingMatch = 'exact' | 'patch-id' | 'none';

export interface CommitIdentity {
  commit: string;
  tree: string;
  parents: readonly string[];
  /** null when not computed: only an exact binding can match then. */
  patchId: string | null;
}

export function bindingMatch(predicate: Predicate, target: CommitIdentity): BindingMatch {
  const b = predicate.binding;
  if (b.commit === target.commit) return 'exact';
  if (
    !b.commit &&
    b.tree === target.tree &&
    b.parents.length === target.parents.length &&
    b.parents.every((p, i) => p === target.parents[i])
  ) {
    return 'exact';
  }
  return target.patchId !== null && b.patchId === target.patchId ? 'patch-id' : 'none';
}

export interface Chosen {
  candidate: Candidate;
  match: Exclude<BindingMatch, 'none'>;
}

/**
 * The statement that speaks for a commit: signed by a trusted key, bound to the commit, the
 * exact binding before a patch-id one, then the latest. A statement whose signature does not
 * verify is never chosen: carrying it would re-sign a forgery with the rewriter's key.
 */
export function chooseStatement(
  candidates: readonly Candidate[],
  target: CommitIdentity,
  keyring: Keyring,
): { chosen: Chosen | null; problems: string[] } {
  const usable: Chosen[] = [];
  const problems: string[] = [];
  for (const candidate of candidates) {
    const match = bindingMatch(candidate.predicate, target);
    if (match === 'none') continue;
    const results = candidate.signatures.map((sig) => keyring.verify(candidate.signed, sig));
    const ok = results.find((r) => r.ok);
    if (!ok) {
      const failed = results.find((r) => !r.ok);
      problems.push(`${candidate.origin} statement not trusted: ${failed && !failed.ok ? failed.detail : 'no signature'}`);
      continue;
    }
    usable.push({ candidate, match });
  }
  usable.sort(
    (a, b) =>
      rank(b) - rank(a) ||
      (a.candidate.predicate.time < b.candidate.predicate.time ? 1 : a.candidate.predicate.time > b.candidate.predicate.time ? -1 : 0),
  );
  return { chosen: usable[0] ?? null, problems };
}

function rank(c: Chosen): number {
  return c.match === 'exact' ? 1 : 0;
}
