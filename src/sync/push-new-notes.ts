import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NOTES_REF } from '../core/model.js';
import { SIDE_REFS, syncSideRef, type SideRefSync } from '../detail/sync.js';
import { GitError } from '../errors.js';
import { withNotesLock } from '../git/notes.js';
import { commitTree, treeFromEntries } from '../git/objects.js';
import { notesTreeChanges, refTips, updateRefsTogether, type NotesTreeChange, type RefTip } from '../git/push-refs.js';
import { isAncestor } from '../git/repo.js';
import { updateRef } from '../git/refs.js';
import type { GitOptions } from '../git/run.js';
import { envWithCommitter } from '../rewrite/identity.js';
import { commitsNotPublic, MERGED_MESSAGE, PUBLISHED_MESSAGE, recordPublished } from './publish.js';
import type { NotesRemote } from './remote.js';
import { replayNotes } from './replay.js';
import { recordSyncOutcome, type SyncResult } from './sync.js';
import { pushNotes, refOid } from './transport.js';

export interface NewNotesInput extends GitOptions {
  remote: NotesRemote;
  gitDir: string;
  commonDir: string;
  /** The tips the push sends. */
  pushing: readonly string[];
  /** The commits the push gives the remote (verified just now): public by definition. */
  pushed: ReadonlySet<string>;
  /** `notesPushPlan`, when read already (beside verify). */
  plan?: Promise<NotesPushPlan>;
}

export interface NotesPushPlan {
  refs: Map<string, RefTip>;
  /** How the local notes differ from our copy of the remote's; null when either does not exist. */
  changes: NotesTreeChange[] | null;
}

/**
 * What the notes push reads before it decides anything, nothing of it depending on verify's
 * verdict: every ref in one `git for-each-ref` (the notes, the remote's copy of them, the detail
 * tier's, the remote's branches), then one `diff-tree` of the two notes trees.
 */
export async function notesPushPlan(remote: NotesRemote, options: GitOptions): Promise<NotesPushPlan> {
  const refs = await refTips([NOTES_REF, remote.trackingRef, ...SIDE_REFS], [`refs/remotes/${remote.name}/`], options);
  const local = refs.get(NOTES_REF);
  const theirs = refs.get(remote.trackingRef);
  return { refs, changes: local && theirs ? await notesTreeChanges(theirs.tree, local.tree, options) : null };
}

/**
 * The pre-push hook's notes push at the cost of what is new, not of the history: one
 * `for-each-ref` reads every ref involved, one `diff-tree` of the remote's notes tree (as last
 * seen) against the local one finds the new notes (git skips every shared sub-tree), and the
 * published notes commit is the local tree on the remote's notes commit, so no notes tree is
 * listed or rebuilt. The same commit sync's publish would make (src/sync/publish.ts), by the same
 * rules: only notes of public commits, nothing of the remote's dropped.
 *
 * Returns null where this shortcut does not apply, before writing anything: nothing was ever
 * published to this remote, or the remote's copy holds a note the local one lacks (or one the
 * local notes may not contain). 'race' when the remote moved since (someone pushed notes): sync's rounds
 * (fetch, merge, push) take over. The caller then runs syncNotes.
 */
export async function pushNewNotes(input: NewNotesInput): Promise<SyncResult | 'race' | null> {
  const { remote, commonDir } = input;
  const opts: GitOptions = { cwd: input.cwd, env: input.env ?? process.env, ...(input.git ? { git: input.git } : {}) };
  // What a crash or a busy lock left unfiled is filed first, so this push publishes it (as sync does).
  let early = input.plan;
  if (await somethingToReplay(input.gitDir)) {
    const env = await envWithCommitter(opts);
    await replayNotes({ ...opts, env, gitDir: input.gitDir, commonDir });
    early = undefined;
  }
  const { refs, changes: planned } = await (early ?? notesPushPlan(remote, opts));
  const local = refs.get(NOTES_REF);
  const theirs = refs.get(remote.trackingRef);
  let pushed = false;
  let withheld: string[] = [];
  let after = local?.oid ?? null;
  if (local && !theirs) return null;
  if (local && theirs && planned) {
    const changes = planned;
    if (changes.some((c) => (c.status !== 'A' && c.status !== 'M') || !c.commit)) return null;
    // A changed note must hold the remote's lines too: true when the local notes contain the remote's.
    if (changes.some((c) => c.status === 'M') && !(await isAncestor(theirs.oid, local.oid, opts))) return null;
    const unknown = changes.map((c) => c.commit!).filter((c) => !input.pushed.has(c));
    const tips = [...refs].filter(([ref]) => ref.startsWith(`refs/remotes/${remote.name}/`)).map(([, tip]) => tip.oid);
    const privateCommits = unknown.length ? await commitsNotPublic(unknown, tips, input.pushing, opts) : new Set<string>();
    withheld = changes.map((c) => c.commit!).filter((c) => privateCommits.has(c));
    const published = changes.filter((c) => !privateCommits.has(c.commit!));
    if (published.length > 0) {
      const outcome = await publish(input, opts, local, theirs, published, withheld.length > 0);
      if (outcome === 'race' || 'failure' in outcome) {
        if (outcome === 'race') return 'race';
        return finish(input, opts, refs, false, { pushed: false, withheld, local: after }, outcome.failure);
      }
      pushed = outcome.pushed;
      after = outcome.local;
    }
  }
  return finish(input, opts, refs, true, { pushed, withheld, local: after }, null);
}

/**
 * One notes commit on the remote's, pushed without force; once taken, the tracking ref and the
 * local notes (a merge commit recording it, so the next fetch merges nothing) move together,
 * the local notes only if no note was written meanwhile (else as sync records it).
 */
async function publish(
  input: NewNotesInput,
  opts: GitOptions,
  local: RefTip,
  theirs: RefTip,
  published: ReadonlyArray<{ mode: string; oid: string; path: string }>,
  partial: boolean,
): Promise<{ pushed: boolean; local: string | null } | { failure: string } | 'race'> {
  const { remote, commonDir } = input;
  let options = opts;
  const commit = async (tree: string, parents: string[], message: string): Promise<string> => {
    try {
      return await commitTree(tree, parents, message, options);
    } catch (error) {
      // No committer configured (a CI runner): notes commits are then made as ai-attest.
      const env = await envWithCommitter(options);
      if (!(error instanceof GitError) || env === options.env) throw error;
      options = { ...options, env };
      return commitTree(tree, parents, message, options);
    }
  };
  // Withheld notes stay out: the remote's tree with only the public ones laid over it.
  const tree = partial
    ? await treeFromEntries(published, join(commonDir, 'ai-attest', `publish-index.${process.pid}`), opts, theirs.tree)
    : local.tree;
  const notesCommit = await commit(tree, [theirs.oid], PUBLISHED_MESSAGE);
  // The push goes first: the merge commit recording it is made while the remote answers.
  const pushing = pushNotes(remote, options, NOTES_REF, notesCommit);
  const merged = commit(local.tree, [local.oid, notesCommit], MERGED_MESSAGE);
  merged.catch(() => undefined);
  const push = await pushing;
  if (!push.ok) return push.race ? 'race' : { failure: push.message };
  const mergeCommit = await merged;
  const after = await withNotesLock(commonDir, async () => {
    const both = [
      { ref: remote.trackingRef, value: notesCommit },
      { ref: NOTES_REF, value: mergeCommit, expected: local.oid },
    ];
    if (await updateRefsTogether(both, options)) return mergeCommit;
    await updateRef(remote.trackingRef, notesCommit, options);
    await recordPublished(notesCommit, options);
    return refOid(NOTES_REF, options);
  });
  return { pushed: !push.upToDate, local: after };
}

async function finish(
  input: NewNotesInput,
  opts: GitOptions,
  refs: ReadonlyMap<string, RefTip>,
  ok: boolean,
  notes: { pushed: boolean; withheld: string[]; local: string | null },
  failure: string | null,
): Promise<SyncResult> {
  const side: SideRefSync[] = [];
  if (ok) {
    // A side ref that does not exist here has nothing to publish (as sync's pushFirst skips it).
    for (const ref of SIDE_REFS.filter((r) => refs.has(r))) {
      const s = await syncSideRef(input.remote, ref, { ...opts, commonDir: input.commonDir, pushFirst: true, pushing: input.pushing });
      if (s.pushed || !s.ok) side.push(s);
    }
  }
  const recorded = await recordSyncOutcome(
    input.commonDir,
    input.remote.name,
    ok,
    failure === null ? null : { stage: 'push', message: failure },
    notes.local,
  );
  return {
    remote: input.remote.name,
    ok,
    fetched: false,
    pushed: notes.pushed,
    local: notes.local,
    rounds: 1,
    withheld: notes.withheld,
    failure: recorded,
    ...(side.length ? { side } : {}),
  };
}

/** Notes or detail records a crashed or locked-out hook left for sync's replay (src/sync/replay.ts). */
async function somethingToReplay(gitDir: string): Promise<boolean> {
  for (const folder of ['unfiled', 'pending']) {
    const names = await readdir(join(gitDir, 'ai-attest', folder)).catch(() => [] as string[]);
    if (names.length > 0) return true;
  }
  return false;
}
