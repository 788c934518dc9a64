import type { AiInvolvement, Predicate } from '../core/model.js';
import { readCandidates } from '../read/evaluate/candidates.js';

/** What a commit's attestation claims, as detect compares it with the signals. */
export interface Claim {
  /** `absent`: no statement at all; `undeclared`: committed without answers (or a re-attestation marker). */
  ai: AiInvolvement | 'absent';
  tools: Array<{ tool: string; model: string }>;
  /** Where the claim was read: `trailers` or `note:N`. */
  origin?: string;
  /** What capture recorded for the commit (`ai-attest.capture`), tool and exact model per entry. */
  captured?: Array<{ tool: string; model?: string }>;
}

const CAPTURE_EXTENSION = 'ai-attest.capture';

function capturedOf(predicate: Predicate): Claim['captured'] {
  const value = predicate.extensions[CAPTURE_EXTENSION];
  if (!value) return undefined;
  const out: NonNullable<Claim['captured']> = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (!item || typeof item !== 'object') continue;
    const { tool, model, modelUnresolved } = item as Record<string, unknown>;
    if (typeof tool !== 'string' || !tool) continue;
    const settled = typeof model === 'string' && model && model !== 'pending' && model !== 'unknown' && modelUnresolved !== true;
    out.push({ tool, ...(settled ? { model } : {}) });
  }
  return out.length ? out : undefined;
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
  const captured = capturedOf(best.predicate);
  return { ai: best.predicate.ai, tools: best.predicate.tools.map((t) => ({ tool: t.tool, model: t.model })), origin: best.origin, ...(captured ? { captured } : {}) };
}
