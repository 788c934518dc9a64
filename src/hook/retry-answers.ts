import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Answers } from '../core/model.js';
import { ANSWERS_MAX_AGE_MS, stateDir, type SavedAnswers } from './state.js';

/**
 * Answers given for a commit that did not happen (another commit-msg hook such as commitlint
 * rejected it, or the editor was left empty): HEAD has not moved since they were given, so the
 * retry offers them instead of asking everything again. A commit that happened moved HEAD, so
 * its answers are never offered for the next one.
 */
export async function rejectedAnswers(gitDir: string, head: string | null): Promise<Answers | null> {
  try {
    const saved = JSON.parse(await readFile(join(stateDir(gitDir), 'answers.json'), 'utf8')) as SavedAnswers;
    if (saved.head !== head || Date.now() - saved.savedAt > ANSWERS_MAX_AGE_MS) return null;
    return saved.answers;
  } catch {
    return null;
  }
}
