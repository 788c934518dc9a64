import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { AttestError, GitError } from '../errors.js';
import { repoPaths } from '../git/repo.js';
import { lastEntry, readInstallConfig, type ConfigEntry } from './git-config.js';
import { HOOK_NAMES } from './hooks.js';

/**
 * Who owns the hooks directory git uses:
 * - none: git's own `hooks/` (no core.hooksPath): our stubs go there, foreign hooks are chained;
 * - husky: core.hooksPath is husky's; we add one guarded line to each `.husky/<hook>` script;
 * - lefthook: it rewrites `.git/hooks` on its own, so we only print a config snippet;
 * - other: core.hooksPath points somewhere we do not know (refused unless --hooks-path-ok).
 */
export type HookManager = 'none' | 'husky' | 'lefthook' | 'other';

export interface Layout {
  top: string;
  gitDir: string;
  commonDir: string;
  /** Where git looks for hooks. */
  hooksDir: string;
  /** core.hooksPath as git reads it (last persistent entry), or null. */
  hooksPath: ConfigEntry | null;
  manager: HookManager;
  /** `.husky` (the user scripts) when husky owns the hooks. */
  huskyDir: string | null;
  /** husky v9 dispatches through `.husky/_`; v8 and older run `.husky/<hook>` as the hook itself. */
  huskyDispatch: boolean;
  /** The lefthook config file found at the top, if any. */
  lefthookConfig: string | null;
  /** Hook stubs called by hook managers: inside the git dir, shared by worktrees, never versioned. */
  stubsDir: string;
  statePath: string;
  config: ConfigEntry[];
}

const LEFTHOOK_CONFIGS = ['lefthook', '.lefthook', '.config/lefthook'].flatMap((name) =>
  ['.yml', '.yaml', '.toml', '.json', '.jsonc'].map((ext) => name + ext),
);
/** lefthook's own marker in the hooks it writes (it checks `$LEFTHOOK`). */
const LEFTHOOK_FINGERPRINT = 'LEFTHOOK';
const HUSKY_PATH = /(^|[\\/])\.husky([\\/]_)?[\\/]*$/;

/** Everything install, uninstall and status need, from two git calls run side by side. */
export async function resolveLayout(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Layout> {
  const [paths, config] = await Promise.all([repoPaths(options).catch(explainBare), readInstallConfig(options)]);
  if (!paths.top) throw bareRepository();
  const top = paths.top;
  const commonDir = paths.commonDir;
  const gitHooks = join(commonDir, 'hooks');
  const setting = lastEntry(config, 'core.hooksPath');
  const hooksPath = setting && setting.value !== '' ? setting : null;
  const hooksDir = hooksPath ? resolveHooksPath(hooksPath.value, top, options.env) : gitHooks;

  let manager: HookManager = 'none';
  let huskyDir: string | null = null;
  let huskyDispatch = false;
  let lefthookConfig: string | null = null;
  if (hooksPath && resolve(hooksDir) !== resolve(gitHooks)) {
    if (HUSKY_PATH.test(hooksPath.value)) {
      manager = 'husky';
      huskyDispatch = /[\\/]_[\\/]*$/.test(hooksPath.value);
      huskyDir = huskyDispatch ? resolve(hooksDir, '..') : hooksDir;
    } else {
      manager = 'other';
    }
  } else {
    lefthookConfig = LEFTHOOK_CONFIGS.map((name) => join(top, name)).find((path) => existsSync(path)) ?? null;
    if (lefthookConfig || (await hasLefthookHooks(hooksDir))) manager = 'lefthook';
  }

  return {
    top,
    gitDir: paths.gitDir,
    commonDir,
    hooksDir,
    hooksPath,
    manager,
    huskyDir,
    huskyDispatch,
    lefthookConfig,
    stubsDir: join(commonDir, 'ai-attest', 'hooks'),
    statePath: join(commonDir, 'ai-attest', 'install.json'),
    config,
  };
}

function bareRepository(): AttestError {
  return new AttestError(
    'this is a bare repository: commits are made in a work tree, so run `ai-attest install` in a clone or a worktree of it.',
  );
}

function explainBare(error: unknown): never {
  if (error instanceof GitError && /must be run in a work tree/.test(error.stderr)) throw bareRepository();
  throw error;
}

/** As git resolves it for running hooks: `~/` from HOME, relative to the top of the work tree. */
export function resolveHooksPath(value: string, top: string, env: NodeJS.ProcessEnv): string {
  if (value === '~' || value.startsWith('~/')) return join(env.HOME ?? homedir(), value.slice(1));
  return isAbsolute(value) ? value : resolve(top, value);
}

async function hasLefthookHooks(dir: string): Promise<boolean> {
  for (const hook of HOOK_NAMES) {
    const text = await readFile(join(dir, hook), 'utf8').catch(() => '');
    if (text.includes(LEFTHOOK_FINGERPRINT)) return true;
  }
  return false;
}
