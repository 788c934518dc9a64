import { stat } from 'node:fs/promises';
import { AttestError } from '../errors.js';
import { HOOK_NAMES, type HookName } from './hooks.js';
import { addHuskyLine, type LineAction } from './husky.js';
import { resolveLayout, type HookManager } from './layout.js';
import { lefthookConfigured, lefthookSnippet } from './lefthook.js';
import { addToLefthookConfig, isYamlConfig, type LefthookEdit } from './lefthook-config.js';
import { runLefthookInstall } from './lefthook-run.js';
import { applyNotesConfig, type ConfigChange } from './notes-config.js';
import { renderHook } from './render.js';
import { readState, writeState, type HookRecord, type InstallState } from './state.js';
import { assertCanChain, placeStub, type PlaceAction } from './stubs.js';
import { HooksPathError } from './errors.js';
import { hooksFolderInWorkTree } from './tracked-hooks.js';
import { removeRecordedHooks } from './uninstall.js';

export interface InstallOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The ai-attest package root: hooks/ templates come from there, and stubs record it. */
  packageDir: string;
  /** Install into a core.hooksPath directory that no known hook manager owns. */
  hooksPathOk?: boolean;
}

export interface HookInstallResult {
  hook: HookName;
  /** Our stub. */
  path: string;
  action: PlaceAction;
  /** The foreign hook our stub runs first, if any. */
  chained: string | null;
  /** The hook manager script that calls our stub (husky). */
  line?: { file: string; action: LineAction };
  /** lefthook: whether its config already calls our stub. */
  configured?: boolean;
}

export interface InstallReport {
  mode: HookManager;
  /** Where git looks for hooks. */
  hooksDir: string;
  hooks: HookInstallResult[];
  config: ConfigChange[];
  /** lefthook mode: what to add to lefthook.yml. */
  lefthookSnippet?: string;
  lefthookConfig?: string | null;
  /** lefthook mode: our commands were added to its YAML config. */
  lefthookEdited?: boolean;
  warnings: string[];
  statePath: string;
}

export async function installHooks(options: InstallOptions): Promise<InstallReport> {
  const env = options.env ?? process.env;
  const layout = await resolveLayout({ cwd: options.cwd, env });
  const earlier = await readState(layout.statePath);
  if (layout.manager === 'other' && layout.hooksPath) {
    // Accepted once (--hooks-path-ok), the folder stays accepted for init and later installs.
    if (!options.hooksPathOk && earlier?.mode !== 'other') throw new HooksPathError(layout.hooksPath, layout.hooksDir);
    await assertDirectory(layout.hooksDir);
  }
  const mode: HookManager = layout.manager;
  const scripts = mode === 'husky' ? layout.huskyDir : hooksFolderInWorkTree(layout) ? layout.hooksDir : null;
  const stubsDir = (mode === 'none' || mode === 'other') && !scripts ? layout.hooksDir : layout.stubsDir;
  for (const hook of HOOK_NAMES) await assertCanChain(stubsDir, hook);
  const warnings: string[] = [];

  // Moving to another layout (say husky arrived since): undo the old one first, so no stub is
  // left behind where git no longer looks and every chained hook goes back where it was.
  if (earlier && (earlier.mode !== mode || earlier.stubsDir !== stubsDir)) {
    await removeRecordedHooks(earlier);
  }
  const keptHooks = earlier && earlier.mode === mode && earlier.stubsDir === stubsDir ? earlier.hooks : {};

  const hooks: HookInstallResult[] = [];
  const records: Partial<Record<HookName, HookRecord>> = {};
  // lefthook runs only what its config lists: a YAML config gets our commands, then lefthook
  // writes the git hooks; any other format gets the snippet to paste.
  let lefthookEdit: LefthookEdit | undefined;
  if (mode === 'lefthook' && layout.lefthookConfig && isYamlConfig(layout.lefthookConfig)) {
    const added = await addToLefthookConfig(layout.lefthookConfig);
    lefthookEdit = earlier?.lefthook ?? added.edit;
    const failed = runLefthookInstall(layout.top, env);
    if (failed) warnings.push(failed);
  }
  const configured = mode === 'lefthook' ? await lefthookConfigured(layout.lefthookConfig) : new Set<HookName>();
  for (const hook of HOOK_NAMES) {
    const content = await renderHook(hook, options.packageDir);
    const placed = await placeStub(stubsDir, hook, content);
    const result: HookInstallResult = { hook, path: placed.path, action: placed.action, chained: placed.chained };
    const record: HookRecord = { stub: placed.path, chained: placed.chained };
    if (scripts) {
      const added = await addHuskyLine(scripts, hook, mode === 'husky' && layout.huskyDispatch);
      result.line = { file: added.record.file, action: added.action };
      // An unchanged line keeps what the first install learnt about the file.
      record.line = added.action === 'added' ? added.record : (keptHooks[hook]?.line ?? added.record);
      if (added.warning) warnings.push(added.warning);
    }
    if (mode === 'lefthook') result.configured = configured.has(hook);
    hooks.push(result);
    records[hook] = record;
  }

  const { changes, records: configRecords } = await applyNotesConfig(layout.config, earlier?.config ?? [], {
    cwd: options.cwd,
    env,
  });

  const state: InstallState = {
    version: 1,
    mode,
    stubsDir,
    packageDir: options.packageDir,
    hooks: records,
    config: configRecords,
    ...(lefthookEdit ? { lefthook: lefthookEdit } : {}),
  };
  await writeState(layout.statePath, state);

  const report: InstallReport = {
    mode,
    hooksDir: layout.hooksDir,
    hooks,
    config: changes,
    warnings,
    statePath: layout.statePath,
  };
  if (mode === 'lefthook') {
    report.lefthookSnippet = lefthookSnippet();
    report.lefthookConfig = layout.lefthookConfig;
    if (lefthookEdit) report.lefthookEdited = true;
  }
  return report;
}

async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) {
    throw new AttestError(
      `core.hooksPath points at ${dir}, which is not a directory, so no hook can be installed there. ` +
        `Run \`git config --unset core.hooksPath\`, then \`ai-attest install\`.`,
    );
  }
}
