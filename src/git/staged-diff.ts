import { git, type GitOptions } from './run.js';

/**
 * The lines the index adds to and removes from `paths` against HEAD (no context), one git call.
 * Inside a hook the inherited GIT_INDEX_FILE decides which index that is.
 */
export async function stagedLineChanges(paths: readonly string[], options: GitOptions): Promise<{ added: string[]; removed: string[] }> {
  const out = await git(['diff', '--cached', '-U0', '--no-color', '--no-ext-diff', '--', ...paths], options);
  const added: string[] = [];
  const removed: string[] = [];
  for (const line of out.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added.push(line.slice(1));
    else if (line.startsWith('-')) removed.push(line.slice(1));
  }
  return { added, removed };
}
