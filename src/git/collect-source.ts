import { git, type GitOptions } from './run.js';
import { isObjectId } from '../core/object-id.js';

/**
 * The git commands `ai-attest collect` needs to keep a local copy of a remote repository and to
 * find what changed since the last collect. Each is one process, whatever the history's size.
 */

/** A clone of a remote repository for collecting: its default branch checked out, no hooks. */
export async function cloneForCollect(url: string, dir: string, options: GitOptions): Promise<void> {
  await git(['clone', '--quiet', '--no-recurse-submodules', '--', url, dir], options);
}

/**
 * Brings a collect clone to the remote's state: branches, tags and every notes ref (the remote
 * is the authority for what the store records, so its notes replace the clone's), then the
 * checkout to the remote's default branch.
 */
export async function refreshCollectClone(options: GitOptions): Promise<void> {
  await git(
    ['fetch', '--quiet', '--prune', '--tags', '--force', 'origin', '+refs/heads/*:refs/remotes/origin/*', '+refs/notes/*:refs/notes/*'],
    options,
  );
  await git(['remote', 'set-head', 'origin', '--auto'], options);
  await git(['checkout', '--quiet', '--force', '--detach', 'refs/remotes/origin/HEAD'], options);
}

/** Fetches the notes into a fresh clone (a plain clone leaves them behind). */
export async function fetchNotesForCollect(options: GitOptions): Promise<void> {
  await git(['fetch', '--quiet', '--force', 'origin', '+refs/notes/*:refs/notes/*'], options);
}

/** Commits whose note was added, changed or removed between two notes commits (fan-out paths folded). */
export async function notedCommitsChanged(from: string, to: string, options: GitOptions): Promise<string[]> {
  const out = await git(['diff-tree', '-r', '--no-renames', '--name-only', '-z', from, to], options);
  return out
    .split('\0')
    .map((path) => path.replace(/\//g, ''))
    .filter(isObjectId);
}
