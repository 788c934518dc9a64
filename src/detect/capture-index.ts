import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NOTES_REF } from '../core/model.js';
import { notesContaining, notesPathsChanged, notesTip } from '../git/notes-probe.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { CAPTURE_NEEDLES } from './claim.js';

type Git = { cwd: string; env?: NodeJS.ProcessEnv };

const FORMAT = 'ai-attest/detect-capture@1';
/** Beyond this many changed notes, the whole notes tree is searched again. */
const MAX_CHANGED = 5000;

/** What the file keeps: for one notes commit, the commits whose note may hold capture's record. */
interface CaptureIndex {
  format: typeof FORMAT;
  needles: string[];
  notes: string;
  commits: string[];
}

const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The commits whose ai-attest note holds one of CAPTURE_NEEDLES (see NoteDemand), kept between
 * runs in `<git-common-dir>/ai-attest/detect-capture.json` for the notes commit it was made
 * from: the same notes commit is the same notes (git names it by its content), so the answer is
 * exact. When the notes moved, only the notes that changed since are searched (one `git diff-tree`
 * of the two notes commits); without a file, or with one that does not read, all of them. The
 * search names the notes commit, not the ref, so a note written meanwhile cannot slip between.
 */
export async function captureNotes(git: Git): Promise<Set<string>> {
  const tip = await notesTip(NOTES_REF, git);
  if (!tip.commit) return new Set();
  const file = join(tip.commonDir, 'ai-attest', 'detect-capture.json');
  const cached = await readIndex(file);
  if (cached?.notes === tip.commit) return new Set(cached.commits);
  let found: Set<string> | null = null;
  if (cached) {
    const changed = await notesPathsChanged(cached.notes, tip.commit, git).catch(() => null);
    if (changed && changed.length <= MAX_CHANGED) {
      found = new Set(cached.commits);
      for (const path of changed) found.delete(path.replaceAll('/', ''));
      if (changed.length) for (const c of await notesContaining(tip.commit, CAPTURE_NEEDLES, git, changed)) found.add(c);
    }
  }
  found ??= await notesContaining(tip.commit, CAPTURE_NEEDLES, git);
  const index: CaptureIndex = { format: FORMAT, needles: [...CAPTURE_NEEDLES], notes: tip.commit, commits: [...found] };
  // A cache: a repository this user cannot write to is searched again next time.
  await writeFileAtomic(file, `${JSON.stringify(index)}\n`, { mkdir: true }).catch(() => undefined);
  return found;
}

async function readIndex(file: string): Promise<CaptureIndex | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
  const p = parsed as Partial<CaptureIndex> | null;
  const valid =
    p?.format === FORMAT &&
    Array.isArray(p.needles) &&
    p.needles.join('\n') === CAPTURE_NEEDLES.join('\n') &&
    typeof p.notes === 'string' &&
    OBJECT_ID.test(p.notes) &&
    Array.isArray(p.commits) &&
    p.commits.every((c) => typeof c === 'string' && OBJECT_ID.test(c));
  return valid ? (p as CaptureIndex) : null;
}
