import { isAbsolute, resolve } from 'node:path';
import { NOTES_REF } from '../core/model.js';
import { prefetchedOutput } from './prefetched.js';
import { resolveCommitArgs } from './repo.js';
import type { GitOptions } from './run.js';
import { isObjectId } from '../core/object-id.js';

/** resolveCommit('HEAD')'s command. */
export const HEAD_COMMIT_ARGS: readonly string[] = resolveCommitArgs('HEAD');

/**
 * The tip of ai-attest's notes ref, as sh reads it with the context (src/git/prefetch.ts): a
 * `--glob` that matches only that ref's own name (a plain name would be looked up as git looks up
 * a revision, through refs/tags/ and the rest), so that a missing ref is no error and prints
 * nothing (as notesTips in notes-probe.ts asks).
 */
export const NOTES_TIP_ARGS: readonly string[] = [
  'rev-parse',
  '--revs-only',
  `--glob=refs/[n]otes/${NOTES_REF.slice('refs/notes/'.length)}`,
];

/** Where the trace cache lives: `git rev-parse --git-common-dir`, as repoPaths reads it. */
export const COMMON_DIR_ARGS: readonly string[] = ['rev-parse', '--git-common-dir'];

/** What a trace's cached commits are valid for besides verify's context (src/read/trace/cache.ts). */
export interface TraceKeys {
  /** The commit HEAD names. */
  head: string;
  /** The notes ref's tip: every note, as git log --notes reads them; null when there is none. */
  notes: string | null;
  /** The git dir shared by all worktrees (absolute), as repoPaths gives it. */
  commonDir: string;
}

/**
 * HEAD's commit and the notes ref's tip, only where bin/ai-attest.cjs's sh part read them with
 * the context (src/git/prefetch.ts): they are worth a cache lookup when they cost no process.
 * null where it did not, or where git could not answer (an unborn branch).
 */
export async function prefetchedTraceKeys(options: GitOptions): Promise<TraceKeys | null> {
  const head = prefetchedOutput(HEAD_COMMIT_ARGS, options);
  const notes = prefetchedOutput(NOTES_TIP_ARGS, options);
  const common = prefetchedOutput(COMMON_DIR_ARGS, options);
  if (!head || !notes || !common) return null;
  const [headId, notesId, dir] = await Promise.all([head, notes, common]);
  if (headId === null || notesId === null || !dir?.trim() || !isObjectId(headId.trim())) return null;
  const tip = notesId.trim();
  if (tip && !isObjectId(tip)) return null;
  const commonDir = dir.slice(0, -1);
  return { head: headId.trim(), notes: tip || null, commonDir: isAbsolute(commonDir) ? commonDir : resolve(options.cwd, commonDir) };
}
