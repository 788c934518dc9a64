/** The git hooks ai-attest manages, in the order git runs them during a commit and a push. */
export const HOOK_NAMES = ['prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** Line 2 of every hook we write; uninstall removes only files that carry it. */
export const HOOK_MARKER = '# ai-attest managed hook v1';
/** Any version of our marker: a hook written by an older or newer ai-attest is still ours. */
export const HOOK_MARKER_PREFIX = '# ai-attest managed hook v';

/** Ends the one line we add to a hook manager's script (husky); uninstall removes lines carrying it. */
export const LINE_MARKER = '# ai-attest managed line v1';

/** Suffix of a hook that was there before us: moved aside, run first, restored by uninstall. */
export const CHAINED_SUFFIX = '.pre-ai-attest';

/** Hooks that get data on stdin, which a chained hook and ours must both see. */
export const STDIN_HOOKS: ReadonlySet<HookName> = new Set(['pre-push', 'post-rewrite']);
