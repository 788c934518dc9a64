import { join } from 'node:path';
import { removeCaches } from './caches.js';
import { HOOK_NAMES, type HookName } from './hooks.js';
import { removeHuskyLine } from './husky.js';
import { resolveLayout, type HookManager } from './layout.js';
import { lefthookConfigured } from './lefthook.js';
import { removeFromLefthookConfig } from './lefthook-config.js';
import { undoNotesConfig, type ConfigChange } from './notes-config.js';
import { readState, removeState, type InstallState } from './state.js';
import { removeDirIfEmpty, removeStub, type RemoveAction } from './stubs.js';

export interface UninstallOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface HookUninstallResult {
  hook: HookName;
  path: string;
  action: RemoveAction;
  line?: { file: string; action: 'removed' | 'deleted' | 'not-installed' };
}

export interface UninstallReport {
  mode: HookManager;
  hooks: HookUninstallResult[];
  config: ConfigChange[];
  /** lefthook: the config file that still calls our (now removed) stubs. */
  lefthookConfig?: string;
  /** Whether an install record was found; without it, config changes cannot be undone. */
  recorded: boolean;
  /** The read commands' caches removed (caches.ts), by file name. */
  caches: string[];
}

/**
 * Removes our hooks and lines and restores what was there. Hooks are recognised by their marker,
 * so this also cleans up after an install whose record was lost.
 */
export async function uninstallHooks(options: UninstallOptions): Promise<UninstallReport> {
  const env = options.env ?? process.env;
  const layout = await resolveLayout({ cwd: options.cwd, env });
  const state = await readState(layout.statePath);
  const mode = state?.mode ?? layout.manager;

  const hooks = state ? await removeRecordedHooks(state) : [];
  // Also wherever this layout would put stubs: cleans up after a lost or outdated record.
  const sweep = new Set([layout.stubsDir, layout.hooksDir, join(layout.commonDir, 'hooks')]);
  if (state) sweep.delete(state.stubsDir);
  for (const dir of sweep) {
    for (const hook of HOOK_NAMES) mergeResult(hooks, { hook, ...(await removeStub(dir, hook)) });
  }
  if (!state && layout.huskyDir) {
    for (const hook of HOOK_NAMES) {
      const file = join(layout.huskyDir, hook);
      const action = await removeHuskyLine(file, undefined);
      if (action !== 'not-installed') mergeResult(hooks, { hook, path: file, action: 'removed', line: { file, action } });
    }
  }
  await removeDirIfEmpty(layout.stubsDir);

  if (state?.lefthook) await removeFromLefthookConfig(state.lefthook);
  const config = state ? await undoNotesConfig(layout.config, state.config, { cwd: options.cwd, env }) : [];
  await removeState(layout.statePath);
  const caches = await removeCaches(layout.commonDir);

  const report: UninstallReport = { mode, hooks: order(hooks), config, recorded: state !== null, caches };
  if (layout.lefthookConfig && (await lefthookConfigured(layout.lefthookConfig)).size > 0) {
    report.lefthookConfig = layout.lefthookConfig;
  }
  return report;
}

/** Undoes the hook part of a recorded install: stubs, chained hooks, lines in husky scripts. */
export async function removeRecordedHooks(state: InstallState): Promise<HookUninstallResult[]> {
  const results: HookUninstallResult[] = [];
  for (const hook of HOOK_NAMES) {
    const record = state.hooks[hook];
    const removed = await removeStub(state.stubsDir, hook);
    const result: HookUninstallResult = { hook, ...removed };
    if (record?.line) {
      result.line = { file: record.line.file, action: await removeHuskyLine(record.line.file, record.line) };
    }
    results.push(result);
  }
  // git's own hooks directory stays, even when it is empty now.
  if (state.mode === 'husky' || state.mode === 'lefthook') await removeDirIfEmpty(state.stubsDir);
  return results;
}

/** Keeps one result per hook, preferring one that did something. */
function mergeResult(results: HookUninstallResult[], next: HookUninstallResult): void {
  const i = results.findIndex((r) => r.hook === next.hook);
  const current = results[i];
  if (!current) results.push(next);
  else if (current.action === 'not-installed' && !current.line && next.action !== 'not-installed') results[i] = next;
}

function order(results: HookUninstallResult[]): HookUninstallResult[] {
  return [...results].sort((a, b) => HOOK_NAMES.indexOf(a.hook) - HOOK_NAMES.indexOf(b.hook));
}
