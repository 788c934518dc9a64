import { readFile, rm } from 'node:fs/promises';
import { decodeEnvelopePayload } from '../core/statement.js';
import { parseNote } from '../core/note.js';
import { flushDetailRecords, pendingDetailTrees } from '../detail/flush.js';
import {
  addNoteLinesLocked,
  anyParentsKey,
  findCommitsByTreeAndParents,
  flushUnfiledNotes,
  listPendingNotes,
  withNotesLock,
} from '../git/notes.js';
import type { GitOptions } from '../git/run.js';

/**
 * A pending note younger than this may belong to a commit whose post-commit is about to run:
 * status and doctor do not call it left behind. (Filing it early is harmless: post-commit then
 * finds nothing to file.)
 */
export const PENDING_GRACE_MS = 60_000;

export interface ReplayResult {
  /** Commits whose note was filed now (from unfiled/ or an orphaned pending note). */
  filed: string[];
  /** Commits whose detail record was filed now (src/detail/flush.ts). */
  detail: string[];
  /** Pending notes whose commit was not found (an aborted commit, or one not made yet), by tree. */
  waiting: string[];
}

/**
 * Files every note that a commit left behind: notes post-commit set aside (lock busy, git error)
 * and notes it never filed because it was killed or never ran (the commit exists, its prepared
 * note still waits under the tree id). A pending note is filed under the commit with the tree and
 * parents its statement binds; when several commits share them (an amend that kept both), the one
 * whose message carries the statement's signature. Detail records left pending under a tree are
 * looked up in the same walk (by tree alone) and filed after the notes, whose statements bind
 * them. Sync and the pre-push hook run this first, so the next successful push publishes what an
 * outage or a crash left behind.
 */
export async function replayNotes(options: GitOptions & { gitDir: string; commonDir: string; graceMs?: number }): Promise<ReplayResult> {
  const filed = await flushUnfiledNotes(options.gitDir, options);
  const pending = (await listPendingNotes(options.gitDir)).filter((p) => p.ageMs >= (options.graceMs ?? 0));
  const detailTrees = await pendingDetailTrees(options.gitDir);
  if (!pending.length && !detailTrees.length)
    return { filed, detail: await flushDetailRecords(options.gitDir, options, new Map()), waiting: [] };

  const wanted = await Promise.all(
    pending.map(async (p) => {
      const text = await readFile(p.path, 'utf8').catch(() => '');
      const lines = text.split('\n').filter((l) => l.trim());
      return { ...p, lines, keys: bindingKeys(text), sigs: signaturesOf(text) };
    }),
  );
  const commits = await findCommitsByTreeAndParents(
    new Set([...wanted.flatMap((w) => w.keys), ...detailTrees.map(anyParentsKey)]),
    options,
  );
  const waiting: string[] = [];
  await withNotesLock(options.commonDir, async () => {
    for (const w of wanted) {
      const candidates = [...new Map(w.keys.flatMap((k) => commits.get(k) ?? []).map((c) => [c.commit, c])).values()];
      const chosen =
        candidates.length === 1 ? candidates : candidates.filter((c) => w.sigs.some((s) => c.message.includes(s.slice(0, 64))));
      if (chosen.length !== 1 || !w.lines.length) {
        waiting.push(w.tree);
        continue;
      }
      await addNoteLinesLocked(chosen[0]!.commit, w.lines, options);
      await rm(w.path, { force: true });
      filed.push(chosen[0]!.commit);
    }
  });
  const detail = await flushDetailRecords(options.gitDir, options, commits);
  return { filed, detail, waiting };
}

/** `TREE PARENT...` of each statement in a note's text. */
function bindingKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const line of parseNote(text)) {
    if (line.kind !== 'envelope') continue;
    try {
      const b = (decodeEnvelopePayload(line.envelope) as { predicate?: { binding?: { tree?: unknown; parents?: unknown } } }).predicate
        ?.binding;
      if (typeof b?.tree === 'string' && Array.isArray(b.parents) && b.parents.every((p) => typeof p === 'string'))
        keys.add([b.tree, ...b.parents].join(' ').trim());
    } catch {
      // Not a statement this build can read: it stays pending and status shows it.
    }
  }
  return [...keys];
}

function signaturesOf(text: string): string[] {
  return parseNote(text).flatMap((l) => (l.kind === 'envelope' ? l.envelope.signatures.map((s) => s.sig) : []));
}
