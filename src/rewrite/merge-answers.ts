import type { AiInvolvement, Answers, SensitiveFile, ToolUse } from '../core/model.js';

/** One statement's answers and the size of the change it covered. */
export interface AnswerPart {
  answers: Pick<Answers, 'ai' | 'tools' | 'share' | 'sensitive'> & { extensions?: Record<string, unknown> };
  /** Lines added plus lines deleted by the commit the answers were given for. */
  lines: number;
}

/**
 * The answers of several commits folded into one (squash, fixup, `merge --squash`, a server-side
 * squash merge): tools and models are the union, the share is weighted by each commit's changed
 * lines, sensitive paths are the union (a path keeps every tool that touched it in any part).
 * Nothing an auditor could ask about is dropped, so the merge over-states rather than hides AI.
 * Callers decide what an undeclared part means; here it only keeps `ai` from being `none`.
 */
export function mergeAnswers(parts: readonly AnswerPart[]): Pick<Answers, 'ai' | 'tools' | 'share' | 'sensitive' | 'extensions'> {
  return {
    ai: mergeInvolvement(parts.map((p) => p.answers.ai)),
    tools: unionTools(parts),
    share: weightedShare(parts),
    sensitive: unionSensitive(parts),
    extensions: mergeExtensions(parts),
  };
}

function mergeInvolvement(values: readonly AiInvolvement[]): AiInvolvement {
  if (values.includes('used')) return 'used';
  if (values.includes('undeclared') || values.length === 0) return 'undeclared';
  return 'none';
}

function unionTools(parts: readonly AnswerPart[]): ToolUse[] {
  const seen = new Map<string, ToolUse>();
  for (const part of parts) {
    if (part.answers.ai !== 'used') continue;
    for (const use of part.answers.tools) {
      const key = `${use.tool}\0${use.model}\0${use.via}`;
      if (!seen.has(key)) seen.set(key, { ...use });
    }
  }
  return [...seen.values()];
}

/**
 * sum(share_i x lines_i) / sum(lines_i), rounded to a whole percent (the trailer holds an
 * integer). Parts without AI count with share 0. When no part changed a counted line (empty or
 * binary-only commits) every part weighs the same.
 */
export function weightedShare(parts: readonly AnswerPart[]): number {
  if (parts.length === 0) return 0;
  const share = (p: AnswerPart) => (p.answers.ai === 'used' ? p.answers.share : 0);
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.lines), 0);
  const value =
    total > 0
      ? parts.reduce((sum, p) => sum + share(p) * Math.max(0, p.lines), 0) / total
      : parts.reduce((sum, p) => sum + share(p), 0) / parts.length;
  const rounded = Math.round(value);
  // A squash that contains AI work never rounds down to "0 % AI".
  return rounded === 0 && value > 0 ? 1 : Math.min(100, rounded);
}

function unionSensitive(parts: readonly AnswerPart[]): SensitiveFile[] {
  const byKey = new Map<string, SensitiveFile>();
  for (const part of parts) {
    for (const file of part.answers.sensitive) {
      const key = `${file.path}\0${file.category}`;
      const known = byKey.get(key);
      const ai = part.answers.ai === 'used' ? file.ai : [];
      if (known) known.ai = [...new Set([...known.ai, ...ai])];
      else byKey.set(key, { path: file.path, category: file.category, ai: [...new Set(ai)] });
    }
  }
  return [...byKey.values()];
}

/** The first part's value wins for a key several parts set: the extensions are open data, kept not judged. */
function mergeExtensions(parts: readonly AnswerPart[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part.answers.extensions ?? {})) {
      if (!(key in out)) out[key] = value;
    }
  }
  return out;
}
