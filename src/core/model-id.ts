import { FLOATING_ALIASES, type FloatingAlias } from './model-aliases.js';

/**
 * An attestation names the exact model version: `claude-sonnet-4-5-20250929`, not `claude`;
 * `gpt-4.1-2025-04-14`, not `gpt-4`. The rule, in order:
 *   1. an id the team's registry lists for the tool is accepted as it is (the registry knows
 *      ids newer than this build, and overrides the alias list below);
 *   2. a known floating alias (FLOATING_ALIASES) is refused, naming the pinned id to use;
 *   3. a bare family name (`claude`, `gpt`) is refused;
 *   4. any other id is accepted when it names a version or a date.
 */
const BARE_FAMILIES = new Set([
  'claude',
  'claude-code',
  'sonnet',
  'opus',
  'haiku',
  'claude-sonnet',
  'claude-opus',
  'claude-haiku',
  'gpt',
  'gpt-3',
  'gpt-3.5',
  'gpt4',
  'chatgpt',
  'openai',
  'o4',
  'gemini',
  'gemini-pro',
  'gemini-flash',
  'bard',
  'llama',
  'mistral',
  'codex',
  'copilot',
  'cursor',
  'deepseek',
  'qwen',
  'grok',
  'ai',
  'llm',
  'model',
  'unknown',
  'default',
  'auto',
  'latest',
]);

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{1,127}$/;
/** A date stamp (20250929, 2025-04-14, 0613, 2024-04), a snapshot number (-001, @001, -v1:0) or a version (4-5, 4.1, 2.5). */
const DATED = /(\d{8}|\d{4}-\d{2}(-\d{2})?|[-@]\d{3,4}\b|v\d+(:\d+)?\b)/;
const VERSIONED = /\d+[.-]\d+/;

const ALIASES = new Map<string, FloatingAlias>(FLOATING_ALIASES.map((a) => [a.alias, a]));

export type ModelIdCheck = { ok: true } | { ok: false; reason: string };

export interface ModelIdContext {
  /** The exact ids the team's registry lists for this tool. */
  registry?: readonly string[];
}

export function checkModelId(raw: string, context: ModelIdContext = {}): ModelIdCheck {
  const id = raw.trim();
  if (!id) return { ok: false, reason: 'the model id is empty: give the exact model version, e.g. claude-sonnet-4-5-20250929' };
  if (!MODEL_ID.test(id)) {
    return { ok: false, reason: `"${id}" is not a model id (letters, digits and . _ : / @ + - only, up to 128 characters)` };
  }
  if (context.registry?.includes(id)) return { ok: true };
  const lower = id.toLowerCase();
  const alias = ALIASES.get(lower.replace(/^[a-z]+\//, ''));
  if (alias) {
    return {
      ok: false,
      reason: alias.pinned
        ? `"${id}" is a floating ${alias.provider} alias that moves to new snapshots: give the pinned id, e.g. ${alias.pinned}`
        : `"${id}" is a floating ${alias.provider} alias with no pinned snapshot: give the dated model id your tool reports`,
    };
  }
  if (BARE_FAMILIES.has(lower) || lower.endsWith('-latest')) {
    return {
      ok: false,
      reason:
        `"${id}" names a model family or a moving alias, not a version: give the exact model id, ` +
        `e.g. claude-sonnet-4-5-20250929 or gpt-4.1-2025-04-14 (your tool shows it in its settings, ` +
        `/model or logs)`,
    };
  }
  if (!DATED.test(id) && !VERSIONED.test(id)) {
    return {
      ok: false,
      reason: `"${id}" names no version or date: give the exact model id, e.g. claude-sonnet-4-5-20250929 or gpt-4.1-2025-04-14`,
    };
  }
  return { ok: true };
}
