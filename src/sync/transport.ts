import { NOTES_REF } from '../core/model.js';
import { isAncestor, resolveCommit } from '../git/repo.js';
import { runGit, type GitOptions } from '../git/run.js';
import type { NotesRemote } from './remote.js';

export type FetchResult = { ok: true; found: boolean } | { ok: false; message: string };

/**
 * Fetches the remote's notes into our tracking ref only. The `+` is safe there: that ref is a
 * copy of the remote's, never the local notes (a `+refs/notes/*:refs/notes/*` refspec would
 * overwrite local notes nobody has pushed yet).
 */
export async function fetchNotes(
  remote: NotesRemote,
  options: GitOptions,
  ref = NOTES_REF,
  trackingRef = remote.trackingRef,
): Promise<FetchResult> {
  const result = await runGit(
    ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', remote.target, `+${ref}:${trackingRef}`],
    { ...options, okCodes: [1, 128] },
  );
  if (result.status === 0) return { ok: true, found: true };
  if (/couldn't find remote ref/i.test(result.stderr)) return { ok: true, found: false };
  return { ok: false, message: firstLine(result.stderr, result.status) };
}

export type PushResult =
  | { ok: true; upToDate: boolean }
  /** Someone pushed notes since we fetched: fetch, merge and push again. */
  | { ok: false; race: true; message: string }
  | { ok: false; race: false; message: string };

/**
 * Pushes a notes commit without force: the remote takes it only if it contains the remote's own.
 * `source` is what is pushed to `ref`: the notes commit src/sync/publish.ts builds for the
 * attestation notes, or the local ref itself (the detail tier's refs).
 */
export async function pushNotes(remote: NotesRemote, options: GitOptions, ref = NOTES_REF, source = ref): Promise<PushResult> {
  const result = await runGit(['push', '--porcelain', '--no-verify', remote.target, `${source}:${ref}`], { ...options, okCodes: [1, 128] });
  const line = result.stdout.split('\n').find((l) => l.includes(`:${ref}\t`)) ?? '';
  if (result.status === 0) return { ok: true, upToDate: line.startsWith('=') };
  if (line.startsWith('!') && /\[rejected\].*\((fetch first|non-fast-forward|stale info)\)/.test(line)) {
    return { ok: false, race: true, message: line.split('\t').slice(2).join(' ') };
  }
  // Two pushes landing at the same moment: the remote's ref moved (or was created) under the other.
  if (
    line.startsWith('!') &&
    /failed to update ref/.test(line) &&
    /cannot lock ref|already exists|but expected|is at [0-9a-f]+ but/.test(result.stderr)
  ) {
    return { ok: false, race: true, message: line.split('\t').slice(2).join(' ') };
  }
  const detail = line.startsWith('!') ? line.split('\t').slice(2).join(' ') : '';
  const remoteSaid = result.stderr
    .split('\n')
    .filter((l) => /^remote:/.test(l))
    .map((l) => l.replace(/^remote:\s*/, '').trim())
    .filter(Boolean);
  const message = [detail, ...remoteSaid].filter(Boolean).join('; ') || firstLine(result.stderr, result.status);
  return { ok: false, race: false, message };
}

export async function refOid(ref: string, options: GitOptions): Promise<string | null> {
  return resolveCommit(ref, options);
}

/** `ancestor` is contained in `descendant` (equal counts). */
export async function contains(descendant: string, ancestor: string, options: GitOptions): Promise<boolean> {
  return isAncestor(ancestor, descendant, options);
}

function firstLine(stderr: string, status: number): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !/^hint:/.test(l));
  return (line ?? `git exited with status ${status}`).replace(/^(fatal|error): /, '');
}
