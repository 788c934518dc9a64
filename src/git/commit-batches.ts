import { CommitRecordSplitter, commitLogArgs, notUtf8, redecoded, unflushed, type CommitRecord } from './log.js';
import { gitTextChunks, gitTextChunksInto } from './nul-stream.js';
import { takePrefetchedLog } from './prefetch-detect.js';
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

/**
 * readCommitBatches with each chunk's records handed to `onBatch` as git's output arrives, from
 * the stream's events (gitTextChunksInto: no await per chunk). git starts now; resolves once the
 * range is read. A throw from `onBatch` stops git and rejects with it. The log bin/ai-attest.cjs
 * started for detect is read instead when it was started for exactly these arguments; when it
 * turns out to be unusable (a failed git, a broken frame) this rejects with PrefetchedLogFailed
 * after some records may have been handed over: read the range again (logPrefetched says whether
 * one is waiting).
 */
export async function readCommitBatchesInto(
  revisions: readonly string[],
  options: CommitBatchOptions,
  onBatch: (records: CommitRecord[]) => void,
): Promise<void> {
  const args = commitLogArgs(options.notesRef ?? null, [...(options.logOptions ?? []), ...revisions, '--']);
  // Started by bin/ai-attest.cjs's sh part already (src/git/prefetch-detect.ts): if it fails, the caller reads again.
  const started = takePrefetchedLog(args, options);
  const chunks = new BatchSplitter(options);
  try {
    const streamOptions = { ...options, env: unflushed(options.env), ...(started ? { started } : {}) };
    await gitTextChunksInto(args, `git log ${revisions.join(' ')}`, streamOptions, (chunk) => {
      const { records, again } = chunks.take(chunk);
      if (!again.length) {
        if (records.length) onBatch(records);
        return;
      }
      return chunks.redecode(records, again).then(onBatch);
    });
  } finally {
    chunks.close();
  }
}

async function* batches(
  tail: readonly string[],
  what: string,
  options: CommitBatchOptions & { input?: string },
): AsyncGenerator<CommitRecord[]> {
  const args = commitLogArgs(options.notesRef ?? null, tail);
  const chunks = new BatchSplitter(options);
  try {
    for await (const chunk of gitTextChunks(args, what, { ...options, env: unflushed(options.env) })) {
      const { records, again } = chunks.take(chunk);
      const out = again.length ? await chunks.redecode(records, again) : records;
      if (out.length) yield out;
    }
  } finally {
    chunks.close();
  }
}

/** The records each chunk of `git log -z` output completes, and which of them must be decoded again from their raw bytes. */
class BatchSplitter {
  private readonly split = new CommitRecordSplitter();
  // Whether text of the record being read came in a chunk holding U+FFFD (bytes git could not give as UTF-8).
  private suspect = false;
  private raw: RawCommitReader | null = null;

  constructor(private readonly options: CommitBatchOptions) {}

  /** The records `chunk` completes, with the positions of those whose text did not arrive as UTF-8. */
  take(chunk: string): { records: CommitRecord[]; again: number[] } {
    const replaced = chunk.includes('\uFFFD');
    this.suspect ||= replaced;
    const records: CommitRecord[] = [];
    const again: number[] = [];
    for (const record of this.split.records(chunk)) {
      if (this.suspect && notUtf8(record)) again.push(records.length);
      records.push(record);
      this.suspect = replaced;
    }
    return { records, again };
  }

  /** Rare: a Latin-1 name from an old tool. Its raw bytes are read once more and decoded as git's web view does. */
  async redecode(records: CommitRecord[], again: readonly number[]): Promise<CommitRecord[]> {
    for (const i of again) records[i] = await redecoded(records[i]!, (this.raw ??= new RawCommitReader(this.options)));
    return records;
  }

  close(): void {
    this.raw?.close();
  }
}
