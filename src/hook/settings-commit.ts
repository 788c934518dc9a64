import type { Answers } from '../core/model.js';
import type { Config } from '../config/types.js';
import type { SensitiveMatch } from '../config/sensitive.js';
import { stagedLineChanges } from '../git/staged-diff.js';
import { LINE_MARKER } from '../install/hooks.js';

/** Marks a statement the policy answered because the change holds only ai-attest's own settings. */
export const SETTINGS_ONLY_EXTENSION = 'ai-attest.settings-only';

const HOOK_SCRIPT = /^\.husky\/(prepare-commit-msg|commit-msg|post-commit|post-rewrite|pre-push)$/;
const LEFTHOOK_CONFIG = /^\.?(config\/)?lefthook\.ya?ml$/;
/** The lines `ai-attest install` adds to a lefthook YAML config, and nothing else. */
const LEFTHOOK_LINE = new RegExp(
  '^\\s*(-\\s*)?((prepare-commit-msg|commit-msg|post-commit|post-rewrite|pre-push|commands|jobs|ai-attest):|' +
    'name: ai-attest|interactive: true|use_stdin: true|run: .*ai-attest/hooks/.*)\\s*$',
);

/**
 * A commit that only adds or changes ai-attest's own files (the config and trusted public keys
 * `ai-attest init` writes, and the lines install adds to husky scripts or lefthook.yml) carries
 * no code an AI could have written: with no other answer it is attested human-only by policy, so
 * the documented onboarding commit (`git commit -m "Add ai-attest"`, often run without a
 * terminal) passes the gate. Hook manager files are read (one git diff) only when nothing else is
 * staged, and only lines ai-attest writes may be added there.
 */
export async function settingsOnlyAnswers(
  files: readonly string[],
  sensitive: readonly SensitiveMatch[],
  config: Config,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Answers | null> {
  if (files.length === 0) return null;
  const folders = ['.ai-attest/', `${config.keyring.replace(/^\.\//, '').replace(/\/*$/, '')}/`];
  const own = (file: string) => folders.some((folder) => file.startsWith(folder));
  const managers = files.filter((file) => !own(file));
  if (!managers.every((file) => HOOK_SCRIPT.test(file) || LEFTHOOK_CONFIG.test(file))) return null;
  if (managers.length > 0) {
    const { added, removed } = await stagedLineChanges(managers, options);
    const ours = (line: string) =>
      line.includes(LINE_MARKER) || line === '#!/usr/bin/env sh' || LEFTHOOK_LINE.test(line) || line.trim() === '';
    // A removed line is either ours being updated (it comes back added) or someone else's.
    if (!added.every(ours) || !removed.every((line) => line.includes(LINE_MARKER) || line.trim() === '')) return null;
  }
  return {
    ai: 'none',
    tools: [],
    share: 0,
    sensitive: sensitive.map((s) => ({ ...s, ai: [] })),
    source: 'policy',
    extensions: { [SETTINGS_ONLY_EXTENSION]: true },
  };
}
