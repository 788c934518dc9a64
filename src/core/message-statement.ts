import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { PREDICATE_TYPE, STATEMENT_TYPE, type Predicate, type Statement } from './model.js';
import { subjectsFor } from './statement.js';
import { isShare } from './answer-values.js';
import { isObjectId } from './object-id.js';

/**
 * Format v2 splits a statement in two parts under one signature (docs/decisions.md, "Quiet
 * trailers"):
 * - the signed statement: what the commit message shows (answers, tools, AI-touched sensitive
 *   files, source) plus what can be derived (binding, time, key: they ride in the signature
 *   packet), and the sha256 of the note part;
 * - the note part: everything else (human-only sensitive files, extensions such as captured
 *   provenance and request ids, the detail digest, carriedFrom, and any field added later),
 *   stored beside the envelope in the note and bound by that digest.
 * A commit whose note was lost still proves the signed statement; the note part is then unknown.
 */
export const MESSAGE_KEYS = new Set(['version', 'ai', 'tools', 'share', 'sensitive', 'attester', 'binding', 'time', 'source']);
/** Keys that would reach an object's prototype once copied into a plain object. */
export const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type NotePart = Record<string, unknown>;

/** The signed predicate of a v2 statement. */
export interface SignedPredicateV2 {
  version: number;
  ai: Predicate['ai'];
  tools: Predicate['tools'];
  share: number;
  sensitive: Predicate['sensitive'];
  attester: { key: string };
  binding: Predicate['binding'];
  time: string;
  source: Predicate['source'];
  note?: { sha256: string };
}

/** The part of a predicate that lives only in the note; null when there is none. */
export function notePartOf(p: Predicate): NotePart | null {
  const part: NotePart = Object.create(null) as NotePart;
  for (const [key, value] of Object.entries(p)) {
    if (MESSAGE_KEYS.has(key) || value === undefined) continue;
    if (key === 'extensions' && Object.keys(value as object).length === 0) continue;
    part[key] = value;
  }
  const humanOnly = p.sensitive.filter((s) => s.ai.length === 0);
  if (humanOnly.length) part.sensitive = humanOnly;
  return Object.keys(part).length ? part : null;
}

export function notePartDigest(part: NotePart): string {
  return createHash('sha256').update(canonicalJson(part), 'utf8').digest('hex');
}

export function signedPredicateV2(p: Predicate, noteDigest: string | null): SignedPredicateV2 {
  return {
    version: p.version,
    ai: p.ai,
    tools: p.ai === 'used' ? p.tools.map(({ tool, model, via }) => ({ tool, model, via })) : [],
    share: p.ai === 'used' ? p.share : 0,
    sensitive: p.sensitive.filter((s) => s.ai.length > 0).map(({ path, category, ai }) => ({ path, category, ai: [...ai] })),
    attester: { key: p.attester.key },
    binding: {
      tree: p.binding.tree,
      parents: [...p.binding.parents],
      patchId: p.binding.patchId,
      ...(p.binding.commit ? { commit: p.binding.commit } : {}),
    },
    time: p.time,
    source: p.source,
    ...(noteDigest ? { note: { sha256: noteDigest } } : {}),
  };
}

/** The statement a v2 signature covers. */
export function signedStatementV2(p: Predicate, noteDigest: string | null): Statement {
  return {
    _type: STATEMENT_TYPE,
    subject: subjectsFor(p),
    predicateType: PREDICATE_TYPE,
    predicate: signedPredicateV2(p, noteDigest) as unknown as Predicate,
  };
}

/**
 * The predicate readers use: the signed part and, when the note supplied it, the note part.
 * The attester's name and email are not signed in v2: they come from the verified key.
 */
export function mergePredicate(signed: SignedPredicateV2, note: NotePart | null): Predicate {
  const extensions = Object.create(null) as Record<string, unknown>;
  const predicate: Predicate = {
    version: signed.version,
    ai: signed.ai,
    tools: signed.tools,
    share: signed.share,
    sensitive: signed.sensitive,
    attester: { name: '', email: '', key: signed.attester.key },
    binding: signed.binding,
    time: signed.time,
    source: signed.source,
    extensions,
  };
  if (!note) return predicate;
  for (const [key, value] of Object.entries(note)) {
    if (key === 'sensitive') {
      predicate.sensitive = [...signed.sensitive, ...(value as Predicate['sensitive'])].sort((a, b) =>
        a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
      );
    } else if (key === 'extensions') {
      Object.assign(extensions, value);
    } else {
      (predicate as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return predicate;
}

/** A problem with a note part read from a repository, or null. Key names only: values are the readers' concern. */
export function notePartProblem(part: unknown): string | null {
  if (!part || typeof part !== 'object' || Array.isArray(part)) return 'the note part is not an object';
  const unsafe = unsafeKey(part);
  if (unsafe) return `the note part holds the key "${unsafe}", which no ai-attest field has`;
  const p = part as Record<string, unknown>;
  for (const key of Object.keys(p))
    if (MESSAGE_KEYS.has(key) && key !== 'sensitive') return `the note part repeats "${key}", which only the signed statement may hold`;
  if (p.sensitive !== undefined) {
    const list = p.sensitive;
    if (!Array.isArray(list) || !list.every((s) => isSensitive(s) && (s as { ai: unknown[] }).ai.length === 0)) {
      return "the note part's sensitive files must be {path, category, ai: []} entries";
    }
  }
  if (p.extensions !== undefined && (!p.extensions || typeof p.extensions !== 'object' || Array.isArray(p.extensions)))
    return "the note part's extensions are not an object";
  if (
    p.carriedFrom !== undefined &&
    !(Array.isArray(p.carriedFrom) && p.carriedFrom.every((c) => typeof c === 'string' && isObjectId(c)))
  ) {
    return "the note part's carriedFrom is not a list of commit ids";
  }
  if (p.detail !== undefined) {
    const d = p.detail as { sha256?: unknown } | null;
    if (!d || typeof d !== 'object' || Object.keys(d).length !== 1 || typeof d.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(d.sha256))
      return "the note part's detail is not {sha256}";
  }
  return null;
}

function isSensitive(s: unknown): boolean {
  const f = s as { path?: unknown; category?: unknown; ai?: unknown } | null;
  return (
    !!f &&
    typeof f === 'object' &&
    Object.keys(f).length === 3 &&
    typeof f.path === 'string' &&
    typeof f.category === 'string' &&
    Array.isArray(f.ai) &&
    f.ai.every((a) => typeof a === 'string')
  );
}

/** The first key, at any depth, that would reach a prototype once copied into a plain object. */
export function unsafeKey(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    if (UNSAFE_KEYS.has(key)) return key;
    const inner = unsafeKey((value as Record<string, unknown>)[key]);
    if (inner) return inner;
  }
  return null;
}

const INVOLVEMENT = ['used', 'none', 'undeclared'];
const SOURCES = ['prompt', 'env', 'events', 'amend', 'attest', 'carry', 'policy'];
const VIAS = ['ide-plugin', 'cli-agent', 'web-chat', 'ci-generator', 'api', 'other'];

/**
 * A v2 signed predicate read from a note, or why it is not one. The value must be exactly what
 * signedPredicateV2 writes: checked field by field, then by writing it again.
 */
export function parseSignedPredicateV2(value: unknown): SignedPredicateV2 | string {
  const p = value as Record<string, unknown> | null;
  if (!p || typeof p !== 'object' || Array.isArray(p)) return 'the predicate is not an object';
  const unsafe = unsafeKey(p);
  if (unsafe) return `the predicate holds the key "${unsafe}"`;
  const str = (v: unknown): v is string => typeof v === 'string';
  if (!INVOLVEMENT.includes(p.ai as string)) return 'ai is not used, none or undeclared';
  if (!SOURCES.includes(p.source as string)) return 'source is not a known answer source';
  if (!isShare(p.share)) return 'share is not an integer from 0 to 100';
  if (!Array.isArray(p.tools) || !p.tools.every((t) => t && str(t.tool) && t.tool && str(t.model) && t.model && VIAS.includes(t.via)))
    return 'tools are not {tool, model, via} entries';
  if (!Array.isArray(p.sensitive) || !p.sensitive.every((s) => isSensitive(s) && (s as { ai: unknown[] }).ai.length > 0))
    return 'signed sensitive files must name the AI tools that touched them';
  const a = p.attester as Record<string, unknown> | null;
  if (!a || typeof a !== 'object' || !str(a.key) || !/^[0-9A-F]{40}$/.test(a.key)) return 'attester is not {key: FINGERPRINT}';
  const b = p.binding as Record<string, unknown> | null;
  if (
    !b ||
    typeof b !== 'object' ||
    !str(b.tree) ||
    !isObjectId(b.tree) ||
    !Array.isArray(b.parents) ||
    !b.parents.every((x) => str(x) && isObjectId(x)) ||
    !str(b.patchId) ||
    !(b.patchId === '' || isObjectId(b.patchId)) ||
    (b.commit !== undefined && !(str(b.commit) && isObjectId(b.commit)))
  ) {
    return 'binding is not {tree, parents, patchId[, commit]} object ids';
  }
  if (!str(p.time) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(p.time)) return 'time is not a UTC time like 2026-01-31T12:00:00Z';
  const note = p.note as Record<string, unknown> | undefined;
  if (note !== undefined && !(note && typeof note === 'object' && str(note.sha256) && /^[0-9a-f]{64}$/.test(note.sha256)))
    return 'note is not {sha256}';
  const signed = p as unknown as SignedPredicateV2;
  const again = signedPredicateV2(mergePredicate(signed, null), note ? (note.sha256 as string) : null);
  if (canonicalJson(again) !== canonicalJson(p)) return 'the predicate holds fields or values format v2 does not have';
  return signed;
}

/**
 * The predicate of a v2 statement read from a note line (its signed predicate, and the note part
 * beside the envelope), or why it is not one. The subject is the statement's own business.
 */
export function readPredicateV2(predicate: unknown, part: unknown): { predicate: Predicate } | { problem: string } {
  let signed: SignedPredicateV2 | string;
  try {
    signed = parseSignedPredicateV2(predicate);
  } catch (error) {
    signed = (error as Error).message;
  }
  if (typeof signed === 'string') return { problem: `the predicate does not fit schema v2: ${signed}` };
  const digest = signed.note?.sha256 ?? null;
  if (part === undefined && digest !== null)
    return { problem: `the note line lacks the note part its statement names (sha256 ${digest.slice(0, 12)}): it was cut` };
  if (part !== undefined) {
    const problem = notePartProblem(part);
    if (problem) return { problem };
    if (digest === null || notePartDigest(part as NotePart) !== digest)
      return { problem: 'the note part is not the one the statement signs (its sha256 differs): it was edited' };
  }
  return { predicate: mergePredicate(signed, (part as NotePart | undefined) ?? null) };
}
