import { NOTES_REF } from '../core/model.js';
import { isAncestor, resolveCommit } from '../git/repo.js';
import type { GitOptions } from '../git/run.js';
import { fetchRefInto, pushRef, type FetchResult, type PushResult } from '../git/transport.js';
import type { NotesRemote } from './remote.js';

export type { FetchResult, PushResult } from '../git/transport.js';

/** The remote's notes into our tracking ref only, never into the local notes (see fetchRefInto). */
export async function fetchNotes(
  remote: NotesRemote,
  options: GitOptions,
  ref = NOTES_REF,
  trackingRef = remote.trackingRef,
): Promise<FetchResult> {
  return fetchRefInto(remote.target, ref, trackingRef, options);
}

/**
 * Pushes a notes commit without force: the remote takes it only if it contains the remote's own.
 * `source` is what is pushed to `ref`: the notes commit src/sync/publish.ts builds for the
 * attestation notes, or the local ref itself (the detail tier's refs).
 */
export async function pushNotes(remote: NotesRemote, options: GitOptions, ref = NOTES_REF, source = ref): Promise<PushResult> {
  return pushRef(remote.target, source, ref, options);
}

export async function refOid(ref: string, options: GitOptions): Promise<string | null> {
  return resolveCommit(ref, options);
}

/** `ancestor` is contained in `descendant` (equal counts). */
export async function contains(descendant: string, ancestor: string, options: GitOptions): Promise<boolean> {
  return isAncestor(ancestor, descendant, options);
}
