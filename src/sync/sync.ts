import { setTimeout as sleep } from 'node:timers/promises';
import { NOTES_REF } from '../core/model.js';
import { AttestError } from '../errors.js';
import { withNotesLock } from '../git/notes.js';
import { repoPaths } from '../git/repo.js';
import { updateRef } from '../git/refs.js';
import type { GitOptions } from '../git/run.js';
import { syncSideRefs, type SideRefSync } from '../detail/sync.js';
import { envWithCommitter } from '../rewrite/identity.js';
import { mergeFetchedNotes } from './merge.js';
import { replayNotes } from './replay.js';
import { publishableNotes, recordPublished } from './publish.js';
import type { NotesRemote } from './remote.js';
import { updateRemoteState, type SyncFailure } from './state.js';
import { fetchNotes, pushNotes, refOid } from './transport.js';

export interface SyncOptions extends GitOptions {
  remote: NotesRemote;
  /** Push before fetching (pre-push: usually nothing new on the remote, so one round trip). */
  pushFirst?: boolean;
  /** Rounds of fetch, merge and push when another clone pushes notes in between. */
  attempts?: number;
  /** Commits a push is publishing (pre-push): their notes may go too. */
  pushing?: readonly string[];
}

export interface SyncResult {
  remote: string;
  ok: boolean;
  /** The remote had notes, and they were merged into ours. */
  fetched: boolean;
  /** The remote took our notes (false when they were already there). */
  pushed: boolean;
  /** Local notes commit, and the remote's after the sync. */
  local: string | null;
  /** Rounds needed (more than 1: another push came in between). */
  rounds: number;
  /** Commits whose note stayed local: the remote does not have the commit (src/sync/publish.ts). */
  withheld: string[];
  failure: SyncFailure | null;
  /** The detail tier's refs (detail records, access records), synced after the notes. */
  side?: SideRefSync[];
}

/**
 * fetch into refs/notes/remotes/<remote>/ai-attest, merge with cat_sort_uniq under the notes lock,
 * push without force; a rejection because someone pushed meanwhile starts another round, up to
 * `attempts`. Never a forced push, never a refspec in the config. Network and remote failures are
 * not thrown: they are returned and recorded in sync-state.json, and the next sync retries.
 */
export async function syncNotes(options: SyncOptions): Promise<SyncResult> {
  const opts = { cwd: options.cwd, env: await envWithCommitter(options), git: options.git };
  const { gitDir, commonDir } = await repoPaths(opts);
  // What a crash or a busy lock left unfiled is filed first, so this push publishes it.
  await replayNotes({ ...opts, gitDir, commonDir });
  const { remote } = options;
  const attempts = options.attempts ?? 5;
  let fetched = false;
  let failure: Omit<SyncFailure, 'time' | 'attempts'> | null = null;
  let rounds = 0;
  let pushed = false;
  let done = false;
  let withheld: string[] = [];

  for (let round = 0; round < attempts && !done; round++) {
    rounds++;
    if (round > 0) await sleep(50 * round + Math.random() * 100 * round);
    if (!(options.pushFirst && round === 0)) {
      const fetch = await fetchNotes(remote, opts);
      if (!fetch.ok) {
        failure = { stage: 'fetch', message: fetch.message };
        // Another sync of this clone holds the tracking ref's lock: a race, like a rejected push.
        if (fetch.race) continue;
        break;
      }
      if (fetch.found) {
        fetched = true;
        try {
          await withNotesLock(commonDir, () => mergeFetchedNotes(remote.trackingRef, opts));
        } catch (error) {
          if (!(error instanceof AttestError)) throw error;
          failure = { stage: 'merge', message: error.message };
          break;
        }
      }
    }
    if (!(await refOid(NOTES_REF, opts))) {
      done = true;
      break;
    }
    const publish = await publishableNotes(
      { remoteName: remote.name, remoteNotes: await refOid(remote.trackingRef, opts), pushing: options.pushing ?? [], commonDir },
      opts,
    );
    withheld = publish.withheld;
    if (!publish.commit) {
      done = true;
      failure = null;
      break;
    }
    const push = await pushNotes(remote, opts, NOTES_REF, publish.commit);
    if (push.ok) {
      pushed = !push.upToDate;
      done = true;
      failure = null;
      // What the remote now has, so status can tell what is not pushed without asking the network.
      await updateRef(remote.trackingRef, publish.commit, opts);
      await withNotesLock(commonDir, () => recordPublished(publish.commit!, opts));
    } else if (push.race) {
      failure = {
        stage: 'push',
        message: `${push.message}: other clones kept pushing notes; ${attempts} rounds of fetch, merge and push did not get in`,
      };
    } else {
      failure = { stage: 'push', message: push.message };
      break;
    }
  }

  // Reported only when something happened to them: a pushed record, or a failure.
  const side = (
    done ? await syncSideRefs(remote, { ...opts, commonDir, pushFirst: options.pushFirst ?? false, pushing: options.pushing ?? [] }) : []
  ).filter((s) => s.pushed || !s.ok);
  const local = await refOid(NOTES_REF, opts);
  return {
    remote: remote.name,
    ok: done,
    fetched,
    pushed,
    local,
    rounds,
    withheld,
    failure: await recordSyncOutcome(commonDir, remote.name, done, failure, local),
    ...(side.length ? { side } : {}),
  };
}

/** What a sync with `remote` did, into sync-state.json (status and doctor read it); returns the failure recorded. */
export async function recordSyncOutcome(
  commonDir: string,
  remote: string,
  done: boolean,
  failure: Omit<SyncFailure, 'time' | 'attempts'> | null,
  local: string | null,
): Promise<SyncFailure | null> {
  const now = new Date().toISOString();
  const state = await withNotesLock(commonDir, () =>
    updateRemoteState(commonDir, remote, (previous) => ({
      lastAttempt: now,
      lastSuccess: done ? now : (previous?.lastSuccess ?? null),
      remoteOid: done ? local : (previous?.remoteOid ?? null),
      failure: done || !failure ? null : { ...failure, time: now, attempts: (previous?.failure?.attempts ?? 0) + 1 },
    })),
  );
  return state.failure;
}
