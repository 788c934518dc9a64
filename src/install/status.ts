import { join, resolve } from 'node:path';
import { lstatOrNull } from './fs-util.js';
import { envHooksPath } from './git-config.js';
import { CHAINED_SUFFIX, HOOK_NAMES, type HookName } from './hooks.js';
import { hasHuskyLine } from './husky.js';
import { resolveHooksPath, resolveLayout, type HookManager, type Layout } from './layout.js';
import { lefthookConfigured } from './lefthook.js';
import { isOurHook } from './stubs.js';
import { hooksFolderInWorkTree } from './tracked-hooks.js';

/**
 * - installed: git runs ai-attest for this hook;
 * - missing: nothing of ours where git looks (run `ai-attest install`);
 * - foreign-not-chained: git runs another hook there that does not call ours;
 * - bypassed: ours is installed, but core.hooksPath (config or environment) sends git elsewhere.
 */
export type HookState = 'installed' | 'missing' | 'foreign-not-chained' | 'bypassed';

export interface HookStatus {
  hook: HookName;
  state: HookState;
  mode: HookManager;
  /** The file git runs for this hook. */
  path: string;
  /** The foreign hook our stub runs first, if any. */
  chained: string | null;
  /** One sentence for `status` and `doctor`, with the next step when something is wrong. */
  detail: string;
}

export async function hookStatus(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<HookStatus[]> {
  const env = options.env ?? process.env;
  const layout = await resolveLayout({ cwd: options.cwd, env });
  const fromEnv = envHooksPath(env);
  const envDir = fromEnv ? resolveHooksPath(fromEnv, layout.top, env) : null;
  const configured = layout.manager === 'lefthook' ? await lefthookConfigured(layout.lefthookConfig) : new Set<HookName>();
  const results: HookStatus[] = [];
  for (const hook of HOOK_NAMES) {
    const status = await oneHook(layout, hook, configured);
    if (envDir !== null && resolve(envDir) !== resolve(layout.hooksDir)) {
      status.state = 'bypassed';
      status.path = join(envDir, hook);
      status.detail =
        `core.hooksPath=${fromEnv} is set in this environment (git -c or GIT_CONFIG_*), so git runs ` +
        `hooks from ${envDir}; unset it (agents do this) to run ai-attest.`;
    }
    results.push(status);
  }
  return results;
}

async function oneHook(layout: Layout, hook: HookName, configured: Set<HookName>): Promise<HookStatus> {
  const path = join(layout.hooksDir, hook);
  const base = { hook, mode: layout.manager, path, chained: null };
  const inGitHooks = join(layout.commonDir, 'hooks', hook);
  const stub = join(layout.stubsDir, hook);

  const scriptsDir = layout.manager === 'husky' ? layout.huskyDir : hooksFolderInWorkTree(layout) ? layout.hooksDir : null;
  // A folder of the team's own scripts without our line is judged as any other folder below.
  if (scriptsDir && (layout.manager === 'husky' || (await hasHuskyLine(join(scriptsDir, hook))))) {
    const script = join(scriptsDir, hook);
    if (!(await hasHuskyLine(script))) {
      return { ...base, state: 'missing', detail: `${script} does not call ai-attest: run \`ai-attest install\`.` };
    }
    if (!(await isOurHook(stub))) {
      return {
        ...base,
        state: 'missing',
        detail: `${script} calls ai-attest, but ai-attest is not set up in this clone (no ${stub}): run \`npx ai-attest init\`.`,
      };
    }
    if (layout.huskyDispatch && !(await lstatOrNull(path))) {
      return { ...base, state: 'missing', detail: `husky has no ${path}, so git runs nothing: run \`npx husky\`.` };
    }
    return { ...base, state: 'installed', detail: `called from ${script}` };
  }

  if (layout.manager === 'lefthook') {
    if (!(await isOurHook(stub))) return { ...base, state: 'missing', detail: 'run `ai-attest install`.' };
    if (!configured.has(hook)) {
      return {
        ...base,
        state: 'foreign-not-chained',
        detail:
          `lefthook runs ${hook} and its config does not call ai-attest: add the snippet \`ai-attest ` +
          `install\` prints to ${layout.lefthookConfig ?? 'lefthook.yml'}.`,
      };
    }
    return { ...base, state: 'installed', detail: `called from ${layout.lefthookConfig ?? 'the lefthook config'}` };
  }

  if (await isOurHook(path)) {
    const aside = path + CHAINED_SUFFIX;
    const chained = (await lstatOrNull(aside)) ? aside : null;
    return { ...base, chained, state: 'installed', detail: chained ? `runs ${aside} first` : 'installed' };
  }
  if (await lstatOrNull(path)) {
    return { ...base, state: 'foreign-not-chained', detail: `${path} is not ai-attest's: run \`ai-attest install\` to chain it.` };
  }
  if (layout.hooksPath && resolve(inGitHooks) !== resolve(path) && (await isOurHook(inGitHooks))) {
    const { value, scope } = layout.hooksPath;
    return {
      ...base,
      state: 'bypassed',
      detail:
        `ai-attest's hook is in ${inGitHooks}, but core.hooksPath=${value} (${scope} config) makes ` +
        `git run hooks from ${layout.hooksDir}: run \`ai-attest install\` for what to do.`,
    };
  }
  return { ...base, state: 'missing', detail: 'run `ai-attest install`.' };
}
