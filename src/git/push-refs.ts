import { git, runGit, type GitOptions } from './run.js';
import { isObjectId } from '../core/object-id.js';

export interface RefTip {
  oid: string;
  /** The commit's tree ('' when the ref names something other than a commit). */
  tree: string;
}

/**
 * Every ref the pre-push hook's notes push needs, from one `git for-each-ref`: refs named
 * exactly, and everything under the folders given (`refs/remotes/origin/`). Refs that do not
 * exist are absent from the map.
 */
export async function refTips(exact: readonly string[], folders: readonly string[], options: GitOptions): Promise<Map<string, RefTip>> {
  const out = await git(['for-each-ref', '--format=%(objectname) %(tree) %(refname)', ...exact, ...folders], options);
  const wanted = new Set(exact);
  const tips = new Map<string, RefTip>();
  for (const line of out.split('\n')) {
    const [oid, tree, ...name] = line.split(' ');
    const ref = name.join(' ');
    if (!oid || !ref) continue;
    // A pattern also matches the refs below it (refs/notes/ai-attest/x): only exact names and folders count.
    if (wanted.has(ref) || folders.some((f) => ref.startsWith(f))) tips.set(ref, { oid, tree: tree ?? '' });
  }
  return tips;
}

export interface NotesTreeChange {
  /** A: the note is new in `to`; M: changed; D: gone; anything else (T) is reported as is. */
  status: string;
  /** The annotated object (the path without its fan-out slashes), or null when the path is not an object id. */
  commit: string | null;
  path: string;
  mode: string;
  /** The note blob in `to` (all zeros when deleted). */
  oid: string;
}

/**
 * What differs between two notes trees (`git diff-tree -r`): git skips every sub-tree both share,
 * so this costs what changed, not the number of notes.
 */
export async function notesTreeChanges(fromTree: string, toTree: string, options: GitOptions): Promise<NotesTreeChange[]> {
  if (fromTree === toTree) return [];
  const out = await git(['diff-tree', '-r', '-z', '--no-renames', fromTree, toTree], options);
  const tokens = out.split('\0');
  const changes: NotesTreeChange[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    // ":<old mode> <new mode> <old oid> <new oid> <status>" then the path
    const [, newMode = '', , newOid = '', status = ''] = tokens[i]!.slice(1).split(' ');
    const path = tokens[i + 1]!;
    const flat = path.split('/').join('');
    changes.push({ status, commit: isObjectId(flat) ? flat : null, path, mode: newMode, oid: newOid });
  }
  return changes;
}

/**
 * Several refs moved in one transaction (`git update-ref --stdin`): all or none. `expected`
 * makes an update conditional on the ref's current value. False when a condition failed or a
 * ref was locked (nothing moved).
 */
export async function updateRefsTogether(
  updates: ReadonlyArray<{ ref: string; value: string; expected?: string }>,
  options: GitOptions,
): Promise<boolean> {
  const input = updates.map((u) => `update ${u.ref}\0${u.value}\0${u.expected ?? ''}\0`).join('');
  const r = await runGit(['update-ref', '-z', '--stdin'], { ...options, input, okCodes: [128] });
  return r.status === 0;
}
