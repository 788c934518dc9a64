import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { AttestError } from '../errors.js';
import { repoPaths } from '../git/repo.js';
import { hookStatus, type HookStatus } from '../install/status.js';
import { keyStatus, type KeyStatus } from './key-status.js';
import { notesStatus, type NotesStatus } from './notes-status.js';
import { pendingAttestations, type Pending } from './pending.js';

export interface StatusReport {
  schema: 'ai-attest/status@1';
  hooks: HookStatus[];
  /** Every hook runs ai-attest (installed, chained where another hook was there). */
  hooksOk: boolean;
  /** The default signing key; null: none (commits cannot be signed). */
  key: KeyStatus | null;
  /** Why the config could not be read, if it could not (`ai-attest doctor` says more). */
  configError: string | null;
  notes: NotesStatus;
  /** Commits not on the remote yet that wait for `ai-attest attest`; null when the config is unreadable. */
  pending: Pending | null;
}

/** Everything `ai-attest status` shows, read locally (no network). */
export async function gatherStatus(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<StatusReport> {
  const paths = await repoPaths(options);
  let config: Config | null = null;
  let configError: string | null = null;
  try {
    config = (await loadConfig({ top: paths.top, commonDir: paths.commonDir })).config;
  } catch (error) {
    if (!(error instanceof AttestError)) throw error;
    configError = error.message;
  }
  const [hooks, key, notes, pending] = await Promise.all([
    hookStatus(options),
    keyStatus({ env: options.env, top: paths.top, commonDir: paths.commonDir, config }),
    notesStatus({ ...options, gitDir: paths.gitDir, commonDir: paths.commonDir }),
    config ? pendingAttestations({ ...options, paths }) : Promise.resolve(null),
  ]);
  return { schema: 'ai-attest/status@1', hooks, hooksOk: hooks.every((h) => h.state === 'installed'), key, configError, notes, pending };
}
