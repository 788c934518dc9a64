import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { git, runGit, type GitOptions } from './run.js';

export interface ObjectName {
  /** The name asked about, as given. */
  name: string;
  /** The object id it names (the name itself when git does not know it). */
  oid: string;
  /** commit, tree, blob, tag; `missing` (or `ambiguous`) when it names nothing usable. */
  type: string;
}

/** What each name names, from one `git cat-file --batch-check` whatever the number (in order). */
export async function objectTypes(names: readonly string[], options: GitOptions): Promise<ObjectName[]> {
  if (names.length === 0) return [];
  const out = await git(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { ...options, input: `${names.join('\n')}\n` });
  return out
    .split('\n')
    .slice(0, names.length)
    .map((line, i) => {
      const space = line.lastIndexOf(' ');
      return { name: names[i]!, oid: line.slice(0, space), type: line.slice(space + 1) };
    });
}

/** The tree of a commit. */
export async function treeOf(commit: string, options: GitOptions): Promise<string> {
  return (await git(['rev-parse', `${commit}^{tree}`], options)).trim();
}

/** The trees of these commits, in order; null when one of them is not here. */
export async function treesOf(commits: readonly string[], options: GitOptions): Promise<string[] | null> {
  const r = await runGit(['rev-parse', ...commits.map((c) => `${c}^{tree}`)], { ...options, okCodes: [128] });
  return r.status === 0 ? r.stdout.trim().split('\n') : null;
}

/** A commit object of `tree` with these parents (no ref moves). */
export async function commitTree(tree: string, parents: readonly string[], message: string, options: GitOptions): Promise<string> {
  return (await git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', message], options)).trim();
}

export interface TreeEntryLine {
  mode: string;
  oid: string;
  path: string;
}

/**
 * A tree holding these blobs at these paths (folders made as needed), on top of the tree `base`
 * when one is given (its other entries kept), written through a throw-away index file so the
 * user's index is never touched.
 */
export async function treeFromEntries(
  entries: readonly TreeEntryLine[],
  indexFile: string,
  options: GitOptions,
  base?: string,
): Promise<string> {
  const env = { ...(options.env ?? process.env), GIT_INDEX_FILE: indexFile };
  try {
    await mkdir(dirname(indexFile), { recursive: true });
    await rm(indexFile, { force: true });
    if (base) await git(['read-tree', base], { ...options, env });
    await runGit(['update-index', '--add', '-z', '--index-info'], {
      ...options,
      env,
      input: entries.map((e) => `${e.mode} ${e.oid}\t${e.path}\0`).join(''),
    });
    return (await git(['write-tree'], { ...options, env })).trim();
  } finally {
    await rm(indexFile, { force: true });
  }
}

/**
 * `git notes add` and `git notes merge` write commits, so they need a committer: whether git
 * has one (`git var GIT_COMMITTER_IDENT` fails without user.name/email on a CI runner).
 */
export async function hasCommitterIdentity(options: GitOptions): Promise<boolean> {
  return (await runGit(['var', 'GIT_COMMITTER_IDENT'], { ...options, okCodes: [128] })).status === 0;
}
