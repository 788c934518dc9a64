import { git, type GitOptions } from './run.js';

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * Diff options shared by every patch-id we compute: a patch-id taken from the index at commit
 * time must equal the one taken later from the commit, whatever the user's diff config says.
 */
export const PATCH_DIFF_OPTIONS = [
  '-p',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-renames',
  '--full-index',
  '--binary',
  '--src-prefix=a/',
  '--dst-prefix=b/',
] as const;

/** Paths the commit changes against `base` (a commit or the empty tree). */
export async function stagedFiles(base: string, options: GitOptions): Promise<string[]> {
  const out = await git(['diff-index', '--cached', '--name-only', '-z', '--no-renames', base], options);
  return out.split('\0').filter(Boolean);
}
