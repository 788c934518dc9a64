import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NOTES_REF } from '../core/model.js';
import { runGit, type GitOptions } from '../git/run.js';

/**
 * What may be published of the local notes: only the notes of commits the remote has (its
 * tracking branches) or is being given (the tips a push sends). The note of a commit that exists
 * only on an unpushed private branch (an embargoed security fix) names its paths and tools: it
 * stays local until its commit is published.
 *
 * The local notes ref is never pushed as it is, since its history may hold such notes. A push
 * gets one new notes commit instead: the remote's notes tree with the local notes of public
 * commits laid over it (after a sync's merge the local note of a commit holds every line the
 * remote's has), whose only parent is the remote's notes commit. So the remote's history grows by
 * that commit alone, and `git notes merge` of it into the local notes on the next fetch keeps
 * every line (cat_sort_uniq).
 */
export interface PublishableNotes {
  /** The notes commit to push, or null when the remote already has all there is to publish. */
  commit: string | null;
  /** Commits whose note stays local because the remote does not have the commit. */
  withheld: string[];
}

interface NoteEntry {
  mode: string;
  oid: string;
  path: string;
}

export async function publishableNotes(
  input: { remoteName: string; remoteNotes: string | null; pushing: readonly string[]; commonDir: string },
  options: GitOptions,
): Promise<PublishableNotes> {
  const [local, remote] = await Promise.all([
    notesEntries(NOTES_REF, options),
    input.remoteNotes ? notesEntries(input.remoteNotes, options) : new Map<string, NoteEntry>(),
  ]);
  const changed = [...local.keys()].filter((commit) => remote.get(commit)?.oid !== local.get(commit)!.oid);
  if (changed.length === 0) return { commit: null, withheld: [] };
  const privateCommits = await commitsNotPublic(changed, input.remoteName, input.pushing, options);
  const published = new Map(remote);
  for (const commit of changed) if (!privateCommits.has(commit)) published.set(commit, local.get(commit)!);
  const withheld = changed.filter((c) => privateCommits.has(c));
  if (withheld.length === changed.length) return { commit: null, withheld };
  const tree = await writeNotesTree([...published.values()], input.commonDir, options);
  const parents = input.remoteNotes ? ['-p', input.remoteNotes] : [];
  const made = await runGit(
    ['commit-tree', tree, ...parents, '-m', 'Notes published by ai-attest (notes of commits the remote has)'],
    options,
  );
  return { commit: made.stdout.trim(), withheld };
}

/** The notes of a notes commit, keyed by the annotated object's id (fan-out slashes removed). */
async function notesEntries(ref: string, options: GitOptions): Promise<Map<string, NoteEntry>> {
  const listed = await runGit(['ls-tree', '-r', '-z', ref], { ...options, okCodes: [128] });
  const out = new Map<string, NoteEntry>();
  if (listed.status !== 0) return out;
  for (const line of listed.stdout.split('\0')) {
    const m = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(line);
    if (!m) continue;
    const commit = m[3]!.replace(/\//g, '');
    if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) out.set(commit, { mode: m[1]!, oid: m[2]!, path: m[3]! });
  }
  return out;
}

/**
 * Of these annotated commits, those not reachable from the remote's tracking branches or the
 * tips being pushed, and those this clone does not have at all (nothing says they are public).
 * Two git calls whatever the number: one batch check, one rev-list that walks only the private part.
 */
async function commitsNotPublic(
  commits: readonly string[],
  remoteName: string,
  pushing: readonly string[],
  options: GitOptions,
): Promise<Set<string>> {
  const checked = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { ...options, input: `${commits.join('\n')}\n` });
  const present = new Set(
    checked.stdout
      .split('\n')
      .filter((l) => l.endsWith(' commit'))
      .map((l) => l.split(' ')[0]!),
  );
  const out = new Set(commits.filter((c) => !present.has(c)));
  const tips = await runGit(['for-each-ref', '--format=%(objectname)', `refs/remotes/${remoteName}/`], options);
  const publicTips = [...tips.stdout.split('\n').filter(Boolean), ...pushing];
  const walk = [...present, ...publicTips.map((tip) => `^${tip}`)].join('\n');
  const unreached = await runGit(['rev-list', '--ignore-missing', '--stdin'], { ...options, input: `${walk}\n` });
  for (const commit of unreached.stdout.split('\n')) if (present.has(commit)) out.add(commit);
  return out;
}

/** A tree from note entries, through a throw-away index (notes trees fan out into folders). */
async function writeNotesTree(entries: readonly NoteEntry[], commonDir: string, options: GitOptions): Promise<string> {
  const index = join(commonDir, 'ai-attest', `publish-index.${process.pid}`);
  const env = { ...(options.env ?? process.env), GIT_INDEX_FILE: index };
  try {
    await rm(index, { force: true });
    await runGit(['update-index', '--add', '-z', '--index-info'], {
      ...options,
      env,
      input: entries.map((e) => `${e.mode} ${e.oid}\t${e.path}\0`).join(''),
    });
    return (await runGit(['write-tree'], { ...options, env })).stdout.trim();
  } finally {
    await rm(index, { force: true });
  }
}

/**
 * After the remote took a published notes commit: record it as merged into the local notes (a
 * merge commit with the local tree, whose notes already hold every published line), so the local
 * notes contain the remote's and the next fetch has nothing to merge. Compare-and-swap on the
 * ref; the caller holds the notes lock.
 */
export async function recordPublished(published: string, options: GitOptions): Promise<void> {
  const local = await runGit(['rev-parse', '-q', '--verify', `${NOTES_REF}^{commit}`], { ...options, okCodes: [1, 128] });
  const head = local.stdout.trim();
  if (local.status !== 0 || !head) return;
  const tree = (await runGit(['rev-parse', `${head}^{tree}`], options)).stdout.trim();
  const merged = await runGit(
    ['commit-tree', tree, '-p', head, '-p', published, '-m', 'Notes merged by ai-attest (the published notes commit)'],
    options,
  );
  await runGit(['update-ref', NOTES_REF, merged.stdout.trim(), head], options);
}
