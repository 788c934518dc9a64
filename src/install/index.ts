export { installHooks, type InstallOptions, type InstallReport, type HookInstallResult } from './install.js';
export { uninstallHooks, type UninstallOptions, type UninstallReport, type HookUninstallResult } from './uninstall.js';
export { hookStatus, type HookStatus, type HookState } from './status.js';
export { HOOK_NAMES, HOOK_MARKER, type HookName } from './hooks.js';
export { HooksPathError } from './errors.js';
export { findPackageDir } from './package-dir.js';
