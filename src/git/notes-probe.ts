import { resolve } from 'node:path';
import { notesSearchArgs, notesTipsArgs } from './notes-args.js';
import { prefetchedNotes } from './prefetch-detect.js';
import { finishGit, runGit, startGit, type GitOptions } from './run.js';
import { isObjectId } from '../core/object-id.js';

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
  /** Stops git (the promise then rejects): a search started before it was known to be worth its cost. */
  signal?: AbortSignal,
): Promise<Set<string>> {
  const out = new Set<string>();
  if (!needles.length) return out;
  const args = notesSearchArgs(ref, needles, paths);
  signal?.throwIfAborted();
  // Run by bin/ai-attest.cjs's sh part already (src/git/prefetch-detect.ts): 1 is "none found".
  const early = prefetchedNotes(args, options);
  const prefetched = early && (await early);
  signal?.throwIfAborted();
  const listed = prefetched && prefetched.status <= 1 ? prefetched : await searchNotes(args, options, signal);
  const prefix = `${ref}:`;
  for (const name of listed.bytes.toString('utf8').split('\0')) {
    if (!name.startsWith(prefix)) continue;
    // The path of a note is its commit id, fanned out (`ab/cdef…`) once there are many notes.
    const commit = name.slice(prefix.length).replaceAll('/', '');
    if (isObjectId(commit)) out.add(commit);
  }
  return out;
}

async function searchNotes(args: readonly string[], options: GitOptions, signal?: AbortSignal): Promise<{ bytes: Buffer }> {
  const child = startGit(args, options);
  child.stdin.end();
  const stop = () => child.kill();
  signal?.addEventListener('abort', stop, { once: true });
  return finishGit(child, args, [1]).finally(() => signal?.removeEventListener('abort', stop));
}

/** The paths of the notes tree that differ between two notes commits (added, changed or deleted), from one `git diff-tree`. */
export async function notesPathsChanged(from: string, to: string, options: GitOptions): Promise<string[]> {
  const out = await runGit(['diff-tree', '-r', '--no-renames', '--name-only', '-z', from, to], options);
  return out.stdout.split('\0').filter(Boolean);
}

/** The tips of two notes refs and the common git dir, as notesTips reads them. */
export interface NotesTips {
  /** Absolute. */
  commonDir: string;
  /** The commit `ref` names; null when the ref does not exist. */
  commit: string | null;
  /** The commit `other` names; null when it does not exist (or `other` was null). */
  other: string | null;
}

/**
 * Where this repository keeps its own files (the common git dir) and the commits two notes refs
 * name, from one `git rev-parse`. Each ref is asked for as a `--glob` that matches only its own
 * name (a name without glob characters would be taken as a folder of refs): a ref that does not
 * exist is then no error, where a revision that does not resolve would make rev-parse take every
 * argument after it for a path. `--not` tells the two answers apart (the other's comes back as
 * `^<id>`). A name that cannot be a notes ref (not under refs/notes/, or with glob characters,
 * which ref names never hold) names nothing.
 */
export async function notesTips(ref: string, other: string | null, options: GitOptions): Promise<NotesTips> {
  const args = notesTipsArgs(ref, other);
  // Run by bin/ai-attest.cjs's sh part already (src/git/prefetch-detect.ts), when it answered.
  const early = prefetchedNotes(args, options);
  const prefetched = early && (await early);
  const stdout = prefetched?.status === 0 ? prefetched.bytes.toString('utf8') : (await runGit(args, options)).stdout;
  const [dir = '', ...ids] = stdout.split('\n');
  let commit: string | null = null;
  let otherCommit: string | null = null;
  for (const id of ids) {
    if (id.startsWith('^') && isObjectId(id.slice(1))) otherCommit = id.slice(1);
    else if (isObjectId(id)) commit = id;
  }
  return { commonDir: resolve(options.cwd, dir), commit, other: otherCommit };
}
