import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GIT_AI_NOTES_REF, hasGitAiRef, parseGitAiNote } from '../capture/git-ai.js';
import { gitAiNoteEvents } from '../capture/git-ai-events.js';
import type { CaptureEvent } from '../capture/event.js';
import type { CapturePrefill } from './capture.js';
import { readBlobs } from '../git/blobs.js';
import { readNotesOf } from '../git/notes-read.js';

export interface GitAiContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  commonDir: string;
  /** Commits whose content this commit carries again: the amended HEAD, a cherry-picked commit. */
  sources: readonly string[];
  files: readonly string[];
}

/**
 * git-ai writes its note after the commit (post-commit), so the commit being made has none yet;
 * the notes that can pre-fill it are those of the commits it re-commits. Nothing runs for a plain
 * commit, nor when the repository has no `refs/notes/ai` (looked up on disk, without git); else
 * two git processes: the notes (one batched log) and the files they name (one cat-file --batch).
 */
export async function gitAiEventsForCommit(ctx: GitAiContext): Promise<CaptureEvent[]> {
  if (!ctx.sources.length || !ctx.files.length || !hasGitAiRef(ctx.commonDir)) return [];
  const options = { cwd: ctx.cwd, env: ctx.env };
  const notes = await readNotesOf(GIT_AI_NOTES_REF, ctx.sources, options).catch(() => new Map<string, string>());
  if (!notes.size) return [];
  const staged = new Set(ctx.files);
  const wanted: string[] = [];
  for (const [commit, note] of notes)
    for (const a of parseGitAiNote(note)?.attributions ?? []) if (a.kind === 'ai' && staged.has(a.path)) wanted.push(`${commit}:${a.path}`);
  const blobs = await readBlobs(wanted, options);
  const time = new Date().toISOString();
  return [...notes].flatMap(([commit, note]) => gitAiNoteEvents(commit, note, staged, (path) => blobs.get(`${commit}:${path}`), time));
}

/** The commits whose content the commit being made carries again: the amended HEAD, a cherry-pick's source. */
export function recommittedCommits(gitDir: string, amend: boolean, head: string | null): string[] {
  const out = amend && head ? [head] : [];
  try {
    const picked = readFileSync(join(gitDir, 'CHERRY_PICK_HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40,64}$/.test(picked)) out.push(picked);
  } catch {
    // not a cherry-pick
  }
  return out;
}

/** Every captured entry came from git-ai's notes (no agent recorded for this commit). */
export function onlyFromGitAi(capture: CapturePrefill): boolean {
  return capture.entries.length > 0 && capture.entries.every((e) => e.source === 'git-ai');
}
