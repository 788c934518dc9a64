import type { Answers } from '../core/model.js';
import type { Config } from '../config/types.js';
import type { SensitiveMatch } from '../config/sensitive.js';

/** Marks a statement the policy answered because the change holds only ai-attest's own settings. */
export const SETTINGS_ONLY_EXTENSION = 'ai-attest.settings-only';

/**
 * A commit that only adds or changes ai-attest's own files (the config and the trusted public
 * keys, as `ai-attest init` writes them) carries no code an AI could have written: with no other
 * answer it is attested human-only by policy, so the documented onboarding commit
 * (`git commit -m "Add ai-attest"`, often run without a terminal) passes the gate.
 */
export function settingsOnlyAnswers(files: readonly string[], sensitive: readonly SensitiveMatch[], config: Config): Answers | null {
  if (files.length === 0) return null;
  const folders = new Set(['.ai-attest/', `${config.keyring.replace(/^\.\//, '').replace(/\/*$/, '')}/`]);
  const own = (file: string) => [...folders].some((folder) => file.startsWith(folder));
  if (!files.every(own)) return null;
  return { ai: 'none', tools: [], share: 0, sensitive: sensitive.map((s) => ({ ...s, ai: [] })), source: 'policy', extensions: { [SETTINGS_ONLY_EXTENSION]: true } };
}
