import { git, type GitOptions } from './run.js';

/**
 * The git reads `ai-attest drill` samples from: the files of a revision with their sizes, and
 * the files changed since a date. One process each, whatever the repository's size.
 */

export interface TreeFile {
  path: string;
  oid: string;
  /** Bytes. */
  size: number;
}

/** Regular files of a revision (symlinks and submodules left out), with blob ids and sizes. */
export async function filesWithSizes(rev: string, options: GitOptions): Promise<TreeFile[]> {
  const out = await git(['ls-tree', '-r', '-z', '-l', '--full-tree', rev], options);
  const files: TreeFile[] = [];
  for (const entry of out.split('\0')) {
    const m = /^(100644|100755) blob ([0-9a-f]+) +(\d+)\t(.+)$/s.exec(entry);
    if (m) files.push({ path: m[4]!, oid: m[2]!, size: Number(m[3]) });
  }
  return files;
}

/** Paths changed by commits of `rev` dated since `since` (as `git log --since` reads it). */
export async function pathsChangedSince(rev: string, since: string, options: GitOptions): Promise<Set<string>> {
  const out = await git(['log', '-z', '--no-renames', '--format=', '--name-only', `--since=${since}`, rev, '--'], options);
  return new Set(out.split(/[\0\n]/).filter(Boolean));
}
