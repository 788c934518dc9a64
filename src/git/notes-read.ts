import { git, runGit, type GitOptions } from './run.js';
import { isObjectId } from '../core/object-id.js';

/**
 * Every note of a notes ref: commit id -> note blob id, from one `git notes list`. A ref that does
 * not exist has no notes (git exits 0 with nothing).
 */
export async function listNotes(ref: string, options: GitOptions): Promise<Map<string, string>> {
  const out = await runGit(['notes', `--ref=${ref}`, 'list'], { ...options, okCodes: [1] });
  const map = new Map<string, string>();
  for (const line of out.stdout.split('\n')) {
    const [blob, commit] = line.split(' ');
    if (blob && commit) map.set(commit, blob);
  }
  return map;
}

/**
 * The notes under `ref` of the given commits, from one `git log --no-walk --stdin` (commit ids on
 * stdin, so any number fits): commit id -> note text.
 */
export async function readNotesOf(ref: string, commits: readonly string[], options: GitOptions): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (!commits.length) return map;
  const out = await runGit(
    [
      '-c',
      'log.showSignature=false',
      'log',
      '--no-walk=unsorted',
      '--stdin',
      '-z',
      '--no-color',
      '--no-notes',
      `--notes=${ref}`,
      '--format=%H%x00%N',
    ],
    { ...options, input: `${[...new Set(commits)].join('\n')}\n` },
  );
  const tokens = out.stdout.split('\0');
  for (let i = 0; i + 1 < tokens.length; i += 2) if (tokens[i + 1]) map.set(tokens[i]!, tokens[i + 1]!);
  return map;
}

export interface NoteEntry {
  /** The annotated object's id (the path with its fan-out slashes removed). */
  commit: string;
  mode: string;
  /** The note's blob. */
  oid: string;
  /** The path in the notes tree (fanned out as `ab/cdef...` once there are many notes). */
  path: string;
}

/**
 * The notes of a notes commit read from its tree (one `git ls-tree`, no note text): a ref that
 * does not exist has none. Paths that are not an object id are not notes and are left out.
 */
export async function notesTree(ref: string, options: GitOptions): Promise<Map<string, NoteEntry>> {
  const listed = await runGit(['ls-tree', '-r', '-z', ref], { ...options, okCodes: [128] });
  const out = new Map<string, NoteEntry>();
  if (listed.status !== 0) return out;
  for (const entry of listed.stdout.split('\0')) {
    // "<mode> blob <oid>\t<path>"
    const tab = entry.indexOf('\t');
    const space = entry.lastIndexOf(' ', tab);
    if (tab < 0 || space < 0 || !entry.startsWith(' blob ', entry.indexOf(' '))) continue;
    const path = entry.slice(tab + 1);
    const commit = path.includes('/') ? path.split('/').join('') : path;
    if (isObjectId(commit)) out.set(commit, { commit, mode: entry.slice(0, entry.indexOf(' ')), oid: entry.slice(space + 1, tab), path });
  }
  return out;
}

/** Commits whose note `to` adds or changes against `from` (two notes commits; one `git diff-tree`). */
export async function notesChangedBetween(from: string, to: string, options: GitOptions): Promise<Set<string>> {
  const out = await git(['diff-tree', '-r', '--no-renames', '--name-only', '--diff-filter=AM', from, to], options);
  return new Set(
    out
      .split('\n')
      .map((p) => p.replace(/\//g, ''))
      .filter((p) => isObjectId(p)),
  );
}
