import type { AiInvolvement, Predicate } from '../core/model.js';
import { decodeTrailers } from '../core/attestation-trailers.js';
import { parseTrailers } from '../core/trailers.js';
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

/**
 * The extension's name as it can appear inside a base64 note payload (format 1) (one spelling per byte
 * alignment, the partial characters at both ends dropped): a note that has none of them holds
 * no capture record, and is not decoded for one.
 */
const CAPTURE_IN_BASE64 = [0, 1, 2].map((shift) => {
  const b64 = Buffer.from(`${'x'.repeat(shift)}"${CAPTURE_EXTENSION}"`).toString('base64');
  const skip = shift === 0 ? 0 : shift + 1;
  return b64.slice(skip, b64.length - 4);
});

/**
 * The strings a note holding what capture recorded must contain (one of them): a note with none
 * holds no capture record. Fixed strings without a line break, so `git grep -F` finds exactly the
 * notes mayHoldCapture says yes to, without Node reading them.
 */
export const CAPTURE_NEEDLES: readonly string[] = [CAPTURE_EXTENSION, ...CAPTURE_IN_BASE64];

/** Whether a commit's trailers or note may hold what capture recorded (false: certainly not). */
export function mayHoldCapture(message: string, note: string): boolean {
  // Format 1 carries it in the trailers and the signed payload; format 2 in the note part, in clear.
  return message.includes(CAPTURE_EXTENSION) || (note !== '' && CAPTURE_NEEDLES.some((s) => note.includes(s)));
}

function capturedOf(predicate: Pick<Predicate, 'extensions'>): Claim['captured'] {
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
  // The common case, cheaply: a signed trailer block and at most the commit-time note line (the
  // same statement). A later statement (attest, carry) adds a note line: then every one is read.
  if (note.trim().indexOf('\n') === -1 && /^Ai-Attest-Sig:/im.test(message) && !mayHoldCapture('', note)) {
    const decoded = decodeTrailers(parseTrailers(message));
    // The commit-time note line carries the trailers' own signature; any other line is another statement.
    if (decoded.kind === 'ok' && (!note.trim() || note.includes(Buffer.from(decoded.signature).toString('base64'))))
      return claimFrom(decoded.predicate, 'trailers');
  }
  let best: { predicate: Predicate; origin: string } | null = null;
  for (const c of readCandidates(message, note)) {
    if (!c.predicate || c.problem) continue;
    if (!best || c.predicate.time > best.predicate.time) best = { predicate: c.predicate, origin: c.origin };
  }
  if (!best) return ABSENT;
  return claimFrom(best.predicate, best.origin);
}

/** The claim of a statement already decoded (and, in a report, verified). */
export function claimFrom(predicate: Pick<Predicate, 'ai' | 'tools' | 'extensions'>, origin?: string): Claim {
  const captured = capturedOf(predicate);
  return {
    ai: predicate.ai,
    tools: predicate.tools.map((t) => ({ tool: t.tool, model: t.model })),
    ...(origin ? { origin } : {}),
    ...(captured ? { captured } : {}),
  };
}
