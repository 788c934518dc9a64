import { git, type GitOptions } from './run.js';

/**
 * The tree the index would commit (`git write-tree`), read with the inherited GIT_INDEX_FILE so
 * it is the index this commit uses (`commit -a`, `commit -- path`).
 */
export async function stagedTree(options: GitOptions): Promise<string> {
  return (await git(['write-tree'], options)).trim();
}
