import { CommitRecordSplitter, commitLogArgs, notUtf8, redecoded, unflushed, type CommitRecord } from './log.js';
import { gitTextChunks } from './nul-stream.js';
import { RawCommitReader } from './raw-commit.js';
import type { GitRunner } from './run.js';

export interface CommitBatchOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The notes ref whose notes fill `note`; none: no notes are read (every `note` is ''). */
  notesRef?: string;
  /** Extra `git log` options (a range's own, e.g. ['--first-parent']). */
  logOptions?: readonly string[];
  git?: GitRunner;
}

/**
 * The commits of `revisions` as readCommits gives them, from ONE `git log -z`, but yielded a
 * chunk of git's output at a time (an array of the records it completes) and with notes only
 * when asked: a reader that needs the notes of a few commits reads them apart (readCommitsWithNotes)
 * instead of making git look up and print every note of the range.
 */
export function readCommitBatches(revisions: readonly string[], options: CommitBatchOptions): AsyncGenerator<CommitRecord[]> {
  return batches([...(options.logOptions ?? []), ...revisions, '--'], `git log ${revisions.join(' ')}`, options);
}

/**
 * The commits named, with their notes under `notesRef`, from ONE `git log --no-walk --stdin`
 * (ids on stdin, so any number fits), in the order given; ids this clone does not have are left out.
 */
export async function* readCommitsWithNotes(
  ids: readonly string[],
  options: CommitBatchOptions & { notesRef: string },
): AsyncGenerator<CommitRecord[]> {
  if (!ids.length) return;
  yield* batches(['--no-walk=unsorted', '--ignore-missing', '--stdin'], 'git log --no-walk of the commits that need their notes', {
    ...options,
    input: `${ids.join('\n')}\n`,
  });
}

async function* batches(
  tail: readonly string[],
  what: string,
  options: CommitBatchOptions & { input?: string },
): AsyncGenerator<CommitRecord[]> {
  const args = commitLogArgs(options.notesRef ?? null, tail);
  const split = new CommitRecordSplitter();
  // Whether text of the record being read came in a chunk holding U+FFFD (bytes git could not give as UTF-8).
  let suspect = false;
  let raw: RawCommitReader | null = null;
  try {
    for await (const chunk of gitTextChunks(args, what, { ...options, env: unflushed(options.env) })) {
      const replaced = chunk.includes('\uFFFD');
      suspect ||= replaced;
      const out: CommitRecord[] = [];
      for (const record of split.records(chunk)) {
        // Rare: a Latin-1 name from an old tool. Its raw bytes are read once more and decoded as git's web view does.
        out.push(suspect && notUtf8(record) ? await redecoded(record, (raw ??= new RawCommitReader(options))) : record);
        suspect = replaced;
      }
      if (out.length) yield out;
    }
  } finally {
    raw?.close();
  }
}
