import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Answers } from '../core/model.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * Per-worktree state under `$GIT_DIR/ai-attest/`, never in the work tree:
 *   answers.json        answers from prepare-commit-msg, for commit-msg of the same commit
 *   pending/<tree>.note the signed note line, for post-commit to file under the new commit id
 *   unfiled/<commit>.note notes post-commit could not file (`ai-attest notes flush`)
 */
export function stateDir(gitDir: string): string {
  return join(gitDir, 'ai-attest');
}

export function pendingNotePath(gitDir: string, tree: string): string {
  return join(stateDir(gitDir), 'pending', `${tree}.note`);
}

export interface SavedAnswers {
  answers: Answers;
  /** HEAD when the answers were given: answers from an abandoned commit never leak into another. */
  head: string | null;
  savedAt: number;
  /** commit-msg used them; kept for a retry if the commit is then rejected (retry-answers.ts). */
  taken?: boolean;
}

export const ANSWERS_MAX_AGE_MS = 6 * 60 * 60 * 1000;

export async function saveAnswers(gitDir: string, answers: Answers, head: string | null): Promise<void> {
  await atomicWrite(join(stateDir(gitDir), 'answers.json'), JSON.stringify({ answers, head, savedAt: Date.now() } satisfies SavedAnswers));
}

/** Takes the saved answers (once) if they belong to this HEAD and are recent. */
export async function takeAnswers(gitDir: string, head: string | null): Promise<Answers | null> {
  const path = join(stateDir(gitDir), 'answers.json');
  let saved: SavedAnswers;
  try {
    saved = JSON.parse(await readFile(path, 'utf8')) as SavedAnswers;
  } catch {
    return null;
  }
  if (saved.taken || saved.head !== head || Date.now() - saved.savedAt > ANSWERS_MAX_AGE_MS) {
    await rm(path, { force: true });
    return null;
  }
  await atomicWrite(path, JSON.stringify({ ...saved, taken: true } satisfies SavedAnswers));
  return saved.answers;
}

/** The hook's state files, whole or not at all (a killed hook leaves nothing torn), their folder made. */
export function atomicWrite(path: string, content: string): Promise<void> {
  return writeFileAtomic(path, content, { mkdir: true });
}
