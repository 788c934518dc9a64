import { setTimeout as sleep } from 'node:timers/promises';
import { AttestError } from '../errors.js';
import { withNotesLock } from '../git/notes.js';
import type { GitOptions } from '../git/run.js';
import { updateRef } from '../git/refs.js';
import { mergeFetchedNotes } from '../sync/merge.js';
import { publishableNotes, recordPublished } from '../sync/publish.js';
import type { NotesRemote } from '../sync/remote.js';
import { fetchNotes, pushNotes, refOid } from '../sync/transport.js';

/** The detail tier's refs, synced and published with the attestation notes, by the same rules. */
export const DETAIL_REF = 'refs/notes/ai-attest-detail';
export const ACCESS_REF = 'refs/notes/ai-attest-access';
export const SIDE_REFS = [DETAIL_REF, ACCESS_REF] as const;

export interface SideRefSync {
  ref: string;
  ok: boolean;
  pushed: boolean;
  message?: string;
  /** Commits whose record stays local: the remote does not have the commit (src/sync/publish.ts). */
  withheld?: string[];
}

/** `refs/notes/remotes/<remote>/ai-attest-detail` beside the attestation notes' tracking ref. */
export function sideTrackingRef(remote: NotesRemote, ref: string): string {
  return remote.trackingRef.replace(/[^/]+$/, ref.slice('refs/notes/'.length));
}

/**
 * fetch into the tracking ref, merge with cat_sort_uniq under the notes lock, push without
 * force, another round when someone pushed meanwhile. `pushFirst` (pre-push): push at once and
 * fetch only if the remote refuses, and skip a ref that does not exist here, so a push pays no
 * round trip for refs it has nothing to publish in.
 *
 * Published by the attestation notes' rule (src/sync/publish.ts): only the records of commits the
 * remote has or is being given (`pushing`), as one new notes commit on the remote's. A private
 * branch's prompts and raw output (encrypted, but naming its commits, and an access record's
 * reason) stay local until its commits are published.
 */
export async function syncSideRef(
  remote: NotesRemote,
  ref: string,
  options: GitOptions & { commonDir: string; pushFirst?: boolean; attempts?: number; pushing?: readonly string[] },
): Promise<SideRefSync> {
  const tracking = sideTrackingRef(remote, ref);
  const attempts = options.attempts ?? 5;
  if (options.pushFirst && !(await refOid(ref, options))) return { ref, ok: true, pushed: false };
  let message: string | undefined;
  for (let round = 0; round < attempts; round++) {
    if (round > 0) await sleep(50 * round + Math.random() * 100 * round);
    if (!(options.pushFirst && round === 0)) {
      const fetched = await fetchNotes(remote, options, ref, tracking);
      if (!fetched.ok) return { ref, ok: false, pushed: false, message: fetched.message };
      if (fetched.found) {
        try {
          await withNotesLock(options.commonDir, () => mergeFetchedNotes(tracking, options, ref));
        } catch (error) {
          if (error instanceof AttestError) return { ref, ok: false, pushed: false, message: error.message };
          throw error;
        }
      }
    }
    if (!(await refOid(ref, options))) return { ref, ok: true, pushed: false };
    const publish = await publishableNotes(
      {
        remoteName: remote.name,
        remoteNotes: await refOid(tracking, options),
        pushing: options.pushing ?? [],
        commonDir: options.commonDir,
        ref,
      },
      options,
    );
    const withheld = publish.withheld.length ? { withheld: publish.withheld } : {};
    if (!publish.commit) return { ref, ok: true, pushed: false, ...withheld };
    const push = await pushNotes(remote, options, ref, publish.commit);
    if (push.ok) {
      // What the remote now has; and the local ref contains it, so the next fetch merges nothing.
      await updateRef(tracking, publish.commit, options);
      await withNotesLock(options.commonDir, () => recordPublished(publish.commit!, options, ref));
      return { ref, ok: true, pushed: !push.upToDate, ...withheld };
    }
    message = push.message;
    if (!push.race) return { ref, ok: false, pushed: false, message };
  }
  return {
    ref,
    ok: false,
    pushed: false,
    message: `${message ?? 'rejected'}: other clones kept pushing; ${attempts} rounds did not get in`,
  };
}

export async function syncSideRefs(
  remote: NotesRemote,
  options: GitOptions & { commonDir: string; pushFirst?: boolean; pushing?: readonly string[] },
): Promise<SideRefSync[]> {
  const out: SideRefSync[] = [];
  for (const ref of SIDE_REFS) out.push(await syncSideRef(remote, ref, options));
  return out;
}
