import { readOrNull } from './fs-util.js';
import { HOOK_NAMES, STDIN_HOOKS, type HookName } from './hooks.js';

/** The name of our command in each lefthook hook. */
export const LEFTHOOK_COMMAND = 'ai-attest';

/**
 * What lefthook runs for one hook. The command is a no-op in a clone without ai-attest, so the
 * config can be committed. pre-push and post-rewrite get their data on stdin, which lefthook
 * passes only on request; prepare-commit-msg may ask questions, and lefthook's spinner would
 * hide them and swallow the keys unless the command is interactive (it then gets the terminal).
 */
export function lefthookCommand(hook: HookName): { run: string; use_stdin?: true; interactive?: true } {
  const run =
    `ai_attest_stub="$(git rev-parse --git-common-dir)/ai-attest/hooks/${hook}"; if [ -x ` +
    `"$ai_attest_stub" ]; then "$ai_attest_stub" {0}; fi`;
  if (STDIN_HOOKS.has(hook)) return { use_stdin: true, run };
  if (hook === 'prepare-commit-msg') return { interactive: true, run };
  return { run };
}

/** The same commands as YAML, for a config ai-attest does not edit (TOML, JSON). */
export function lefthookSnippet(): string {
  const blocks = HOOK_NAMES.map((hook) => {
    const { run, ...flags } = lefthookCommand(hook);
    const options = Object.keys(flags)
      .map((flag) => `      ${flag}: true\n`)
      .join('');
    return `${hook}:\n  commands:\n    ${LEFTHOOK_COMMAND}:\n${options}      run: '${run}'\n`;
  });
  return `# ai-attest (runs the hooks installed by \`ai-attest install\`; a no-op where it is not installed)\n${blocks.join('')}`;
}

/** The hooks whose stub the lefthook config already calls. */
export async function lefthookConfigured(configFile: string | null): Promise<Set<HookName>> {
  const text = configFile ? ((await readOrNull(configFile)) ?? '') : '';
  return new Set(HOOK_NAMES.filter((hook) => text.includes(`ai-attest/hooks/${hook}"`)));
}
