import { DETAIL_NOTES_REF } from '../core/model.js';
import { runGit, type GitOptions } from './run.js';
import { catFileBatch } from './tree-files.js';

/**
 * The notes of one notes ref for many commits: one `git notes list` (every note's blob and
 * commit) and one batched cat-file for the commits asked about. Commits without a note are
 * absent from the map.
 */
export async function readNotesFor(commits: readonly string[], options: GitOptions, ref = DETAIL_NOTES_REF): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (commits.length === 0) return out;
  const listed = await runGit(['notes', `--ref=${ref}`, 'list'], { ...options, okCodes: [1, 128] });
  if (listed.status !== 0) return out;
  const wanted = new Set(commits);
  const pairs: Array<{ blob: string; commit: string }> = [];
  for (const line of listed.stdout.split('\n')) {
    const [blob, commit] = line.split(' ');
    if (blob && commit && wanted.has(commit)) pairs.push({ blob, commit });
  }
  if (pairs.length === 0) return out;
  const blobs = await catFileBatch(
    pairs.map((p) => p.blob),
    options,
  );
  pairs.forEach((p, i) => out.set(p.commit, blobs[i]!.toString('utf8')));
  return out;
}

/** Every commit with a note under the ref (`git notes list`). */
export async function listNotedCommits(options: GitOptions, ref: string): Promise<string[]> {
  const listed = await runGit(['notes', `--ref=${ref}`, 'list'], { ...options, okCodes: [1, 128] });
  if (listed.status !== 0) return [];
  return listed.stdout
    .split('\n')
    .map((l) => l.split(' ')[1])
    .filter((c): c is string => Boolean(c));
}
