import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * `$GIT_COMMON_DIR/ai-attest/sync-state.json`: what the last notes sync with each remote did.
 * A failed push is recorded here (never only printed), so `status`, `doctor` and the next push
 * report it until a push succeeds.
 */
export interface RemoteSyncState {
  lastAttempt: string;
  lastSuccess: string | null;
  /** The local notes commit the remote had after the last successful push or fetch. */
  remoteOid: string | null;
  failure: SyncFailure | null;
}

export interface SyncFailure {
  time: string;
  stage: 'fetch' | 'merge' | 'push';
  message: string;
  /** Failed attempts in a row. */
  attempts: number;
}

export interface SyncState {
  version: 1;
  remotes: Record<string, RemoteSyncState>;
}

export function syncStatePath(commonDir: string): string {
  return join(commonDir, 'ai-attest', 'sync-state.json');
}

export async function readSyncState(commonDir: string): Promise<SyncState> {
  try {
    const state = JSON.parse(await readFile(syncStatePath(commonDir), 'utf8')) as SyncState;
    if (state.version === 1 && state.remotes && typeof state.remotes === 'object') return state;
  } catch {
    // Missing or unreadable: start afresh; the next sync writes a good one.
  }
  return { version: 1, remotes: {} };
}

/** Read-modify-write; callers hold the notes lock, so two syncs never interleave here. */
export async function updateRemoteState(
  commonDir: string,
  remote: string,
  update: (previous: RemoteSyncState | undefined) => RemoteSyncState,
): Promise<RemoteSyncState> {
  const state = await readSyncState(commonDir);
  const next = update(state.remotes[remote]);
  state.remotes[remote] = next;
  const path = syncStatePath(commonDir);
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`, { mkdir: true });
  return next;
}
