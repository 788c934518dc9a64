import { NOTES_REF } from '../core/model.js';
import { listPendingNotes, listUnfiledNotes } from '../git/notes.js';
import { PENDING_GRACE_MS } from '../sync/replay.js';
import { notesChangedBetween, notesTree } from '../git/notes-read.js';
import type { GitOptions } from '../git/run.js';
import { configuredRemotes, trackingRefFor } from '../sync/remote.js';
import { readSyncState, type SyncFailure } from '../sync/state.js';
import { refOid } from '../sync/transport.js';

export interface RemoteNotesStatus {
  remote: string;
  /** Our copy of the remote's notes as of the last sync (null: never synced). */
  trackingOid: string | null;
  /** Commits whose note has lines the remote did not have at the last sync (all notes when never synced). */
  notPushed: number;
  lastSuccess: string | null;
  failure: SyncFailure | null;
}

export interface NotesStatus {
  local: string | null;
  /** Commits with a note. */
  notes: number;
  /** Notes post-commit left aside (`ai-attest notes flush`). */
  unfiled: string[];
  /**
   * Trees of notes commit-msg prepared that no post-commit filed (killed, crashed, or the commit
   * was aborted), older than a minute: `ai-attest notes flush`, sync or the next push files them.
   */
  leftPending: string[];
  remotes: RemoteNotesStatus[];
}

/** Local only (no network): what the last sync with each remote left, compared with the notes now. */
export async function notesStatus(options: GitOptions & { gitDir: string; commonDir: string }): Promise<NotesStatus> {
  const [local, remotes, state, unfiled, pending] = await Promise.all([
    refOid(NOTES_REF, options),
    configuredRemotes(options),
    readSyncState(options.commonDir),
    listUnfiledNotes(options.gitDir),
    listPendingNotes(options.gitDir),
  ]);
  const leftPending = pending.filter((p) => p.ageMs >= PENDING_GRACE_MS).map((p) => p.tree);
  const notes = local ? (await notesTree(local, options)).size : 0;
  const out: RemoteNotesStatus[] = [];
  for (const name of new Set([...remotes.keys(), ...Object.keys(state.remotes)])) {
    const trackingOid = await refOid(trackingRefFor(name), options);
    let notPushed = 0;
    if (local && !trackingOid) notPushed = notes;
    else if (local && trackingOid && local !== trackingOid) {
      notPushed = (await notesChangedBetween(trackingOid, local, options)).size;
    }
    const s = state.remotes[name];
    out.push({ remote: name, trackingOid, notPushed, lastSuccess: s?.lastSuccess ?? null, failure: s?.failure ?? null });
  }
  return { local, notes, unfiled, leftPending, remotes: out };
}
