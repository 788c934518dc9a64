import { mkdir, readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NOTES_REF } from '../core/model.js';
import { AttestError } from '../errors.js';
import { runGit, type GitOptions } from './run.js';

/**
 * `git notes add` has no compare-and-swap: parallel writers lose notes while exiting 0. Every
 * writer (the post-commit shell stub included) takes the same lock: a directory created with
 * mkdir at `<common git dir>/ai-attest/notes.lock`, atomic on every filesystem git supports.
 * A lock older than STALE_MS was left by a killed process and is broken.
 */
const STALE_MS = 120_000;

export async function withNotesLock<T>(commonDir: string, fn: () => Promise<T>, timeoutMs = lockTimeout()): Promise<T> {
  const lock = join(commonDir, 'ai-attest', 'notes.lock');
  await mkdir(join(commonDir, 'ai-attest'), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_MS) {
        await rmdir(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) {
        throw new AttestError(
          `the notes lock ${lock} is held by another process; try again, or remove the folder if no git or ai-attest process is running.`,
        );
      }
      await sleep(25 + Math.random() * 50);
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

function lockTimeout(): number {
  const seconds = Number(process.env.AI_ATTEST_LOCK_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

export async function readNote(commit: string, options: GitOptions, ref = NOTES_REF): Promise<string> {
  const result = await runGit(['notes', `--ref=${ref}`, 'show', commit], { ...options, okCodes: [1, 128] });
  return result.status === 0 ? result.stdout : '';
}

/**
 * Adds JSON lines to a commit's note, keeping every line already there (duplicates folded).
 * Caller holds the notes lock.
 */
export async function addNoteLinesLocked(commit: string, lines: readonly string[], options: GitOptions, ref = NOTES_REF): Promise<void> {
  const existing = (await readNote(commit, options, ref))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const merged = [...new Set([...existing, ...lines.map((l) => l.trim())])];
  if (merged.length === existing.length) return;
  await writeNote(commit, `${merged.join('\n')}\n`, options, ref);
}

/** Sets a commit's note to `text`, replacing what it held. Caller holds the notes lock. */
export async function writeNote(commit: string, text: string, options: GitOptions, ref = NOTES_REF): Promise<void> {
  await runGit(['notes', `--ref=${ref}`, 'add', '-f', '-F', '-', commit], { ...options, input: text });
}

export type NotesMerge = { ok: true } | { ok: false; unfinished: boolean; message: string };

/**
 * Merges the notes commit `from` into the notes `ref` with cat_sort_uniq (both sides' lines
 * kept, duplicates folded: it never stops on a conflict). `unfinished`: an earlier merge was
 * left half done and must be aborted first. Caller holds the notes lock.
 */
export async function mergeNotes(ref: string, from: string, options: GitOptions): Promise<NotesMerge> {
  const result = await runGit(['notes', `--ref=${ref}`, 'merge', '--quiet', '-s', 'cat_sort_uniq', from], {
    ...options,
    okCodes: [1, 128],
  });
  if (result.status === 0) return { ok: true };
  const text = result.stderr.trim();
  return {
    ok: false,
    unfinished: /NOTES_MERGE|merge.*in progress|unfinished/i.test(text),
    message: text.split('\n')[0] || `status ${result.status}`,
  };
}

export async function addNoteLines(
  commit: string,
  lines: readonly string[],
  options: GitOptions & { commonDir: string },
  ref = NOTES_REF,
): Promise<void> {
  await withNotesLock(options.commonDir, () => addNoteLinesLocked(commit, lines, options, ref));
}

/**
 * Notes the post-commit stub could not file (lock busy, git error) wait in
 * `$GIT_DIR/ai-attest/unfiled/<commit>.note`; this files them. Returns the commits filed.
 */
export async function flushUnfiledNotes(gitDir: string, options: GitOptions & { commonDir: string }): Promise<string[]> {
  const dir = join(gitDir, 'ai-attest', 'unfiled');
  const names = await readdir(dir).catch(() => [] as string[]);
  const filed: string[] = [];
  if (!names.some((n) => n.endsWith('.note'))) return filed;
  await withNotesLock(options.commonDir, async () => {
    for (const name of names.filter((n) => /^[0-9a-f]{40,64}\.note$/.test(n))) {
      const commit = name.slice(0, -'.note'.length);
      const lines = (await readFile(join(dir, name), 'utf8')).split('\n').filter((l) => l.trim());
      await addNoteLinesLocked(commit, lines, options);
      await rm(join(dir, name));
      filed.push(commit);
    }
  });
  return filed;
}

export async function listUnfiledNotes(gitDir: string): Promise<string[]> {
  const names = await readdir(join(gitDir, 'ai-attest', 'unfiled')).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.note')).map((n) => n.slice(0, -'.note'.length));
}

/**
 * Notes commit-msg prepared for post-commit, named by tree id (the commit id did not exist yet).
 * One that outlives its commit by more than a moment was left by a post-commit that was killed,
 * crashed or never ran.
 */
export async function listPendingNotes(gitDir: string): Promise<Array<{ tree: string; path: string; ageMs: number }>> {
  const dir = join(gitDir, 'ai-attest', 'pending');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{40,64}\.note$/.test(n));
  const now = Date.now();
  return Promise.all(
    names.map(async (n) => {
      const path = join(dir, n);
      const mtime = await stat(path).then(
        (s) => s.mtimeMs,
        () => now,
      );
      return { tree: n.slice(0, -'.note'.length), path, ageMs: now - mtime };
    }),
  );
}

/** The key of `findCommitsByTreeAndParents` for a tree with any parents (a bare `TREE` is a root commit's). */
export function anyParentsKey(tree: string): string {
  return `tree:${tree}`;
}

/**
 * Commits with the given tree and parents (`TREE PARENT...` keys; `anyParentsKey(TREE)` for any
 * parents), with their messages: one `git log` over every ref and the reflog (a commit on a
 * detached HEAD counts). Only run when a note or a detail record waits, which is rare: its cost
 * is that of one walk of the history.
 */
export async function findCommitsByTreeAndParents(
  keys: ReadonlySet<string>,
  options: GitOptions,
): Promise<Map<string, Array<{ commit: string; message: string }>>> {
  const found = new Map<string, Array<{ commit: string; message: string }>>();
  if (!keys.size) return found;
  const { gitNulTokens } = await import('./nul-stream.js');
  let field = 0;
  let commit = '';
  let key = '';
  for await (const token of gitNulTokens(
    ['-c', 'core.hooksPath=/dev/null', 'log', '-z', '--all', '--reflog', '--format=%H%x00%T %P%x00%B'],
    'git log --all --reflog',
    options,
  )) {
    const value = field === 0 ? token.replace(/^\n/, '') : token;
    if (field === 0) commit = value;
    else if (field === 1) key = value.trim();
    else
      for (const k of [key, anyParentsKey(key.split(' ')[0]!)])
        if (keys.has(k)) found.set(k, [...(found.get(k) ?? []), { commit, message: value }]);
    field = (field + 1) % 3;
  }
  return found;
}
