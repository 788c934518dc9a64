import type { AiInvolvement, Predicate } from '../core/model.js';
import { readCandidates } from '../read/evaluate/candidates.js';

/** What a commit's attestation claims, as detect compares it with the signals. */
export interface Claim {
  /** `absent`: no statement at all; `undeclared`: committed without answers (or a re-attestation marker). */
  ai: AiInvolvement | 'absent';
  tools: Array<{ tool: string; model: string }>;
  /** Where the claim was read: `trailers` or `note:N`. */
  origin?: string;
}

export const ABSENT: Claim = { ai: 'absent', tools: [] };

/**
 * The claim of a commit's newest statement (trailers or note lines, by statement time), decoded
 * but not verified: detect flags AI work nobody declared, and `verify` is the gate that judges
 * whether a declaration is genuine. A statement that does not decode counts as absent.
 */
export function claimOf(message: string, note: string): Claim {
  if (!note && !/ai-attest/i.test(message)) return ABSENT;
  let best: { predicate: Predicate; origin: string } | null = null;
  for (const c of readCandidates(message, note)) {
    if (!c.predicate || c.problem) continue;
    if (!best || c.predicate.time > best.predicate.time) best = { predicate: c.predicate, origin: c.origin };
  }
  if (!best) return ABSENT;
  return { ai: best.predicate.ai, tools: best.predicate.tools.map((t) => ({ tool: t.tool, model: t.model })), origin: best.origin };
}
