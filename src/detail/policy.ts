import type { DetailPolicy } from '../config/types.js';
import type { Answers } from '../core/model.js';

/** Signed into `extensions["ai-attest.detail"]` when policy requires a record and none exists. */
export const DETAIL_EXTENSION = 'ai-attest.detail';
export const NOT_INSTRUMENTED = 'tool not instrumented';
/** Files of the recipients folder read as keys. */
export const RECIPIENT_KEY_FILE = /\.(asc|gpg|pgp|pub|key)$/i;

export interface DetailUnavailable {
  required: true;
  available: false;
  reason: string;
  /** What made the record required: `always`, `sensitive-path`, `ai-lines`. */
  because: string[];
}

/**
 * Why the policy requires a detail record for these answers, or an empty list. Human-only and
 * undeclared commits need none: there is no AI contribution to detail. `aiLines`: the
 * AI-attributed lines of the commit (src/detail/ai-lines.ts).
 */
export function requiredBecause(policy: DetailPolicy, answers: Answers, aiLines: number): string[] {
  if (answers.ai !== 'used' || policy.when === 'never') return [];
  if (policy.when === 'always') return ['always'];
  const because: string[] = [];
  if (policy.sensitivePaths && answers.sensitive.some((s) => s.ai.length > 0)) because.push('sensitive-path');
  if (policy.aiLinesOver !== null && aiLines > policy.aiLinesOver) because.push('ai-lines');
  return because;
}

/** The extension value of a statement that says "detail: required, unavailable", if it does. */
export function unavailableDetail(extensions: Record<string, unknown> | undefined): DetailUnavailable | null {
  const value = extensions?.[DETAIL_EXTENSION] as Partial<DetailUnavailable> | undefined;
  if (!value || typeof value !== 'object' || value.required !== true || value.available !== false) return null;
  return {
    required: true,
    available: false,
    reason: typeof value.reason === 'string' ? value.reason : NOT_INSTRUMENTED,
    because: Array.isArray(value.because) ? value.because.filter((b): b is string => typeof b === 'string') : [],
  };
}

/** verify's `trust-changed` line for a range's change to the detail recipients folder. */
export function recipientChangeLine(path: string, status: string): string {
  const what = status === 'A' ? 'adds' : status === 'D' ? 'removes' : 'changes';
  return `${what} detail recipient ${path}: not applied (records stay sealed to the trust revision's recipients)`;
}
