import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTES_REF } from '../core/model.js';
import { notesContaining, notesPathsChanged, notesTips } from '../git/notes-probe.js';
import { writeFileAtomicSync } from '../io/atomic-write-sync.js';
import { CAPTURE_NEEDLES } from './claim.js';
import { isObjectId } from '../core/object-id.js';

type Git = { cwd: string; env?: NodeJS.ProcessEnv };

/*
 * The commits whose ai-attest note holds one of CAPTURE_NEEDLES (see NoteDemand), kept between
 * runs in `<git-common-dir>/ai-attest/detect-capture.json` for the notes commit it was made
 * from: the same notes commit is the same notes (git names it by its content), so the answer is
 * exact. When the notes moved, only the notes that changed since are searched (one `git diff-tree`
 * of the two notes commits); without a file, or with one that does not read, all of them. The
 * search names the notes commit, not the ref, so a note written meanwhile cannot slip between.
 */

const FORMAT = 'ai-attest/detect-capture@1';
/** Beyond this many changed notes, the whole notes tree is searched again. */
const MAX_CHANGED = 5000;

/** What the file keeps: for one notes commit, the commits whose note may hold capture's record. */
export interface CaptureIndex {
  format: typeof FORMAT;
  needles: string[];
  notes: string;
  commits: string[];
}

/** The commits whose ai-attest note may hold capture's record, from the kept file or a search (see above). */
export async function captureNotes(git: Git): Promise<Set<string>> {
  const tip = await notesTips(NOTES_REF, null, git);
  const kept = keptCaptureNotes(tip);
  return kept.exact ?? searchCaptureNotes(git, tip, kept);
}

/** What the file keeps for the notes as they are (`tip`, from notesTips). */
export interface KeptCapture {
  /** The answer for exactly these notes; null: a search is needed (see searchCaptureNotes). */
  exact: Set<string> | null;
  /** The file as read (possibly for an earlier notes commit), or null when it does not read. */
  index: CaptureIndex | null;
}

/** The file's answer, read without running git: exact when it was made from the notes commit `tip` names. */
export function keptCaptureNotes(tip: { commonDir: string; commit: string | null }): KeptCapture {
  if (!tip.commit) return { exact: new Set(), index: null };
  const index = readIndex(indexFile(tip.commonDir));
  return { exact: index?.notes === tip.commit ? new Set(index.commits) : null, index };
}

/**
 * Searches the notes `tip` names for CAPTURE_NEEDLES: only those changed since the kept index's
 * notes commit when there is one (and not too many changed), else all of them; keeps the answer.
 */
export async function searchCaptureNotes(
  git: Git,
  tip: { commonDir: string; commit: string | null },
  kept: KeptCapture,
  /** Calls the search off (it then rejects, and keeps nothing). */
  signal?: AbortSignal,
): Promise<Set<string>> {
  if (!tip.commit) return new Set();
  if (kept.exact) return kept.exact;
  const cached = kept.index;
  let found: Set<string> | null = null;
  if (cached) {
    const changed = await notesPathsChanged(cached.notes, tip.commit, git).catch(() => null);
    if (changed && changed.length <= MAX_CHANGED) {
      found = new Set(cached.commits);
      for (const path of changed) found.delete(path.replaceAll('/', ''));
      if (changed.length) for (const c of await notesContaining(tip.commit, CAPTURE_NEEDLES, git, changed, signal)) found.add(c);
    }
  }
  found ??= await notesContaining(tip.commit, CAPTURE_NEEDLES, git, undefined, signal);
  const index: CaptureIndex = { format: FORMAT, needles: [...CAPTURE_NEEDLES], notes: tip.commit, commits: [...found] };
  writeIndex(indexFile(tip.commonDir), index);
  return found;
}

function indexFile(commonDir: string): string {
  return join(commonDir, 'ai-attest', 'detect-capture.json');
}

/**
 * Synchronously, as it is read: the search it keeps is on detect's critical path. A cache: a
 * repository this user cannot write to is searched again next time.
 */
function writeIndex(file: string, index: CaptureIndex): void {
  try {
    writeFileAtomicSync(file, `${JSON.stringify(index)}\n`, { mkdir: true });
  } catch {
    // searched again next time
  }
}

// Read synchronously: a few KB to a few MB, and the first asynchronous read of a process starts
// libuv's thread pool (~8 ms here) while the range streams.
function readIndex(file: string): CaptureIndex | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const p = parsed as Partial<CaptureIndex> | null;
  const valid =
    p?.format === FORMAT &&
    Array.isArray(p.needles) &&
    p.needles.join('\n') === CAPTURE_NEEDLES.join('\n') &&
    typeof p.notes === 'string' &&
    isObjectId(p.notes) &&
    Array.isArray(p.commits) &&
    p.commits.every((c) => typeof c === 'string' && isObjectId(c));
  return valid ? (p as CaptureIndex) : null;
}
