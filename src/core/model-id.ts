/**
 * An attestation names the exact model version: `claude-sonnet-4-5-20250929`, not `claude`;
 * `gpt-4.1-2025-04-14`, not `gpt-4`. Bare family names are refused with a hint, because a
 * family name cannot answer "which model wrote this" a year later.
 */
const BARE_FAMILIES = new Set([
  'claude', 'claude-code', 'sonnet', 'opus', 'haiku', 'claude-sonnet', 'claude-opus', 'claude-haiku',
  'gpt', 'gpt-3', 'gpt-3.5', 'gpt-4', 'gpt-4o', 'gpt-4.1', 'gpt-5', 'gpt4', 'chatgpt', 'openai', 'o1', 'o3', 'o4',
  'gemini', 'gemini-pro', 'gemini-flash', 'bard', 'llama', 'mistral', 'codex', 'copilot', 'cursor', 'deepseek', 'qwen',
  'grok', 'ai', 'llm', 'model', 'unknown', 'default', 'auto', 'latest',
]);

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{1,127}$/;
/** A date stamp (20250929, 2025-04-14) or an explicit version (-v1:0, @001, -002, 3.5, 4.1 with suffix). */
const VERSIONED = /(\d{8}|\d{4}-\d{2}-\d{2}|[-@:v]\d{3}|v\d+(:\d+)?$|\d+(\.\d+)+-[A-Za-z]|-\d+(\.\d+)*-[A-Za-z0-9]|\d-[a-z]+-\d)/;

export type ModelIdCheck = { ok: true } | { ok: false; reason: string };

export function checkModelId(raw: string): ModelIdCheck {
  const id = raw.trim();
  if (!id) return { ok: false, reason: 'the model id is empty: give the exact model version, e.g. claude-sonnet-4-5-20250929' };
  if (!MODEL_ID.test(id)) {
    return { ok: false, reason: `"${id}" is not a model id (letters, digits and . _ : / @ + - only, up to 128 characters)` };
  }
  const lower = id.toLowerCase();
  if (BARE_FAMILIES.has(lower) || lower.endsWith('-latest') || lower === 'latest') {
    return {
      ok: false,
      reason: `"${id}" names a model family or a moving alias, not a version: give the exact model id, e.g. claude-sonnet-4-5-20250929 or gpt-4.1-2025-04-14 (your tool shows it in its settings, /model or logs)`,
    };
  }
  if (!/\d/.test(id) || !(VERSIONED.test(id) || /\d+[.-]\d+/.test(id))) {
    return {
      ok: false,
      reason: `"${id}" has no version: give the exact model id with its version or date, e.g. claude-sonnet-4-5-20250929 or gpt-4.1-2025-04-14`,
    };
  }
  return { ok: true };
}
