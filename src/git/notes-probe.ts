import { resolve } from 'node:path';
import { runGit, type GitOptions } from './run.js';

/**
 * How many notes `ref` holds, from one `git notes list` (which reads the notes tree, not the
 * notes): 0 when the ref does not exist.
 */
export async function countNotes(ref: string, options: GitOptions): Promise<number> {
  const listed = await runGit(['notes', `--ref=${ref}`, 'list'], { ...options, okCodes: [1] });
  let lines = 0;
  for (let i = listed.stdout.indexOf('\n'); i !== -1; i = listed.stdout.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * The commits whose note under `ref` (an existing notes ref) contains one of `needles` (fixed
 * strings without a line break, matched byte for byte), from one `git grep` of the notes tree:
 * git reads the notes, Node gets only the names of those that match.
 */
export async function notesContaining(
  ref: string,
  needles: readonly string[],
  options: GitOptions,
  /** Only these paths of the notes tree (pathspecs); all when absent. */
  paths?: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (!needles.length) return out;
  const listed = await runGit(
    [
      'grep',
      '--no-color',
      '--text',
      '--fixed-strings',
      '--no-textconv',
      '--files-with-matches',
      '-z',
      ...needles.flatMap((n) => ['-e', n]),
      ref,
      '--',
      ...(paths ?? []),
    ],
    { ...options, okCodes: [1] },
  );
  const prefix = `${ref}:`;
  for (const name of listed.stdout.split('\0')) {
    if (!name.startsWith(prefix)) continue;
    // The path of a note is its commit id, fanned out (`ab/cdef…`) once there are many notes.
    const commit = name.slice(prefix.length).replaceAll('/', '');
    if (OBJECT_ID.test(commit)) out.add(commit);
  }
  return out;
}

const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Where this repository keeps its own files (the common git dir, absolute) and the commit `ref`
 * names, from one `git rev-parse`; commit null when the ref does not exist.
 */
export async function notesTip(ref: string, options: GitOptions): Promise<{ commonDir: string; commit: string | null }> {
  const out = await runGit(['rev-parse', '--git-common-dir', '--verify', '-q', `${ref}^{commit}`], { ...options, okCodes: [1] });
  const [dir = '', commit = ''] = out.stdout.split('\n');
  return { commonDir: resolve(options.cwd, dir), commit: out.status === 0 && commit ? commit : null };
}

/** The paths of the notes tree that differ between two notes commits (added, changed or deleted), from one `git diff-tree`. */
export async function notesPathsChanged(from: string, to: string, options: GitOptions): Promise<string[]> {
  const out = await runGit(['diff-tree', '-r', '--no-renames', '--name-only', '-z', from, to], options);
  return out.stdout.split('\0').filter(Boolean);
}
