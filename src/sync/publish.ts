import { join } from 'node:path';
import { NOTES_REF } from '../core/model.js';
import { notesTree, type NoteEntry } from '../git/notes-read.js';
import { commitTree, objectTypes, treeFromEntries, treeOf } from '../git/objects.js';
import { commitsNotReachedFrom } from '../git/ranges.js';
import { remoteTrackingTips, updateRef } from '../git/refs.js';
import { resolveCommit } from '../git/repo.js';
import type { GitOptions } from '../git/run.js';

/**
 * What may be published of the local notes: only the notes of commits the remote has (its
 * tracking branches) or is being given (the tips a push sends). The note of a commit that exists
 * only on an unpushed private branch (an embargoed security fix) names its paths and tools: it
 * stays local until its commit is published.
 *
 * The local notes ref is never pushed as it is, since its history may hold such notes. A push
 * gets one new notes commit instead: the remote's notes tree with the local notes of public
 * commits laid over it (after a sync's merge the local note of a commit holds every line the
 * remote's has), whose only parent is the remote's notes commit. So the remote's history grows by
 * that commit alone, and `git notes merge` of it into the local notes on the next fetch keeps
 * every line (cat_sort_uniq).
 */
export interface PublishableNotes {
  /** The notes commit to push, or null when the remote already has all there is to publish. */
  commit: string | null;
  /** Commits whose note stays local because the remote does not have the commit. */
  withheld: string[];
}

/**
 * `ref`: the local notes ref to publish (the attestation notes; the detail tier's refs go by the
 * same rule, src/detail/sync.ts).
 */
export async function publishableNotes(
  input: { remoteName: string; remoteNotes: string | null; pushing: readonly string[]; commonDir: string; ref?: string },
  options: GitOptions,
): Promise<PublishableNotes> {
  const [local, remote] = await Promise.all([
    notesTree(input.ref ?? NOTES_REF, options),
    input.remoteNotes ? notesTree(input.remoteNotes, options) : new Map<string, NoteEntry>(),
  ]);
  const changed = [...local.keys()].filter((commit) => remote.get(commit)?.oid !== local.get(commit)!.oid);
  if (changed.length === 0) return { commit: null, withheld: [] };
  const privateCommits = await commitsNotPublic(changed, await remoteTrackingTips(input.remoteName, options), input.pushing, options);
  const published = new Map(remote);
  for (const commit of changed) if (!privateCommits.has(commit)) published.set(commit, local.get(commit)!);
  const withheld = changed.filter((c) => privateCommits.has(c));
  if (withheld.length === changed.length) return { commit: null, withheld };
  // A throw-away index: notes trees fan out into folders, which update-index makes as needed.
  const index = join(input.commonDir, 'ai-attest', `publish-index.${process.pid}`);
  const tree = await treeFromEntries([...published.values()], index, options);
  const parents = input.remoteNotes ? [input.remoteNotes] : [];
  const commit = await commitTree(tree, parents, PUBLISHED_MESSAGE, options);
  return { commit, withheld };
}

export const PUBLISHED_MESSAGE = 'Notes published by ai-attest (notes of commits the remote has)';
export const MERGED_MESSAGE = 'Notes merged by ai-attest (the published notes commit)';

/**
 * Of these annotated commits, those not reachable from the remote's tracking branches
 * (`remoteTips`) or the tips being pushed, and those this clone does not have at all (nothing
 * says they are public). Two git calls whatever the number: one batch check, one rev-list that
 * walks only the private part.
 */
export async function commitsNotPublic(
  commits: readonly string[],
  remoteTips: readonly string[],
  pushing: readonly string[],
  options: GitOptions,
): Promise<Set<string>> {
  const present = new Set((await objectTypes(commits, options)).filter((o) => o.type === 'commit').map((o) => o.oid));
  const out = new Set(commits.filter((c) => !present.has(c)));
  const publicTips = [...remoteTips, ...pushing];
  for (const commit of await commitsNotReachedFrom([...present], publicTips, options)) out.add(commit);
  return out;
}

/**
 * After the remote took a published notes commit: record it as merged into the local notes (a
 * merge commit with the local tree, whose notes already hold every published line), so the local
 * notes contain the remote's and the next fetch has nothing to merge. Compare-and-swap on the
 * ref; the caller holds the notes lock.
 */
export async function recordPublished(published: string, options: GitOptions, ref = NOTES_REF): Promise<void> {
  const head = await resolveCommit(ref, options);
  if (!head) return;
  const tree = await treeOf(head, options);
  const merged = await commitTree(tree, [head, published], MERGED_MESSAGE, options);
  await updateRef(ref, merged, options, head);
}
