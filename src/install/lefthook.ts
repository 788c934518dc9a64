import { readOrNull } from './fs-util.js';
import { HOOK_NAMES, STDIN_HOOKS, type HookName } from './hooks.js';

/**
 * lefthook owns `.git/hooks`: it renames a hook it did not write to `<hook>.old` and never runs
 * it, and it rewrites its hooks whenever its config changes. So ai-attest writes nothing there
 * and does not edit the user's YAML (comments and layout would not survive a rewrite); it puts
 * its stubs in the git dir and prints this snippet for lefthook.yml. The command is a no-op in a
 * clone without ai-attest, so the snippet can be committed.
 */
export function lefthookSnippet(): string {
  const blocks = HOOK_NAMES.map((hook) => {
    const run = `ai_attest_stub="$(git rev-parse --git-common-dir)/ai-attest/hooks/${hook}"; if [ -x "$ai_attest_stub" ]; then "$ai_attest_stub" {0}; fi`;
    // pre-push and post-rewrite get their data on stdin, which lefthook passes only on request.
    const stdin = STDIN_HOOKS.has(hook) ? '      use_stdin: true\n' : '';
    return `${hook}:\n  commands:\n    ai-attest:\n${stdin}      run: '${run}'\n`;
  });
  return `# ai-attest (runs the hooks installed by \`ai-attest install\`; a no-op where it is not installed)\n${blocks.join('')}`;
}

/** The hooks whose stub the lefthook config already calls. */
export async function lefthookConfigured(configFile: string | null): Promise<Set<HookName>> {
  const text = configFile ? ((await readOrNull(configFile)) ?? '') : '';
  return new Set(HOOK_NAMES.filter((hook) => text.includes(`ai-attest/hooks/${hook}"`)));
}
