import { GitError } from '../errors.js';
import type { GitRunner } from './run.js';
import { gitTextChunks } from './nul-stream.js';
import { parseRawCommit, RawCommitReader } from './raw-commit.js';
import { NOTES_REF } from '../core/model.js';

/** One commit as the read side sees it: identity, message and our note, from one git call. */
export interface CommitRecord {
  commit: string;
  tree: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Unix seconds. */
  authorTime: number;
  committerName: string;
  committerEmail: string;
  committerTime: number;
  message: string;
  /** Raw text of the commit's note under refs/notes/ai-attest ('' when none). */
  note: string;
}

export const COMMIT_FIELDS = ['%H', '%T', '%P', '%an', '%ae', '%at', '%cn', '%ce', '%ct', '%B', '%N'];

export interface ReadRangeOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  notesRef?: string;
  /** Extra `git log` options, e.g. ['--first-parent'] or ['--max-count=1']. */
  logOptions?: string[];
  /** What runs git (see GitOptions.git). */
  git?: GitRunner;
  /** git's stdin, once known (with `--stdin` in logOptions). */
  stdinLater?: Promise<string>;
  /** Bytes git may write before they are asked for (see read-ahead.ts): for a reader that starts late. */
  readAhead?: number;
}

/**
 * Streams the commits of `revisions` (a range like `v1..v2`, revisions, or `--all`) from ONE
 * `git log -z` call, trailers and notes together; records are yielded as they are parsed, so a
 * 100,000-commit history is never held in memory at once.
 */
export async function* readCommits(revisions: readonly string[], options: ReadRangeOptions): AsyncGenerator<CommitRecord> {
  const args = commitLogArgs(options.notesRef ?? NOTES_REF, [...(options.logOptions ?? []), ...revisions, '--']);
  const split = new CommitRecordSplitter();
  let raw: RawCommitReader | null = null;
  try {
    for await (const chunk of gitTextChunks(args, `git log ${revisions.join(' ')}`, { ...options, env: unflushed(options.env) })) {
      for (const record of split.records(chunk)) {
        // Bytes that are not UTF-8 (a Latin-1 name from an old tool) arrive as U+FFFD: read that
        // commit's raw bytes once more and decode as git's web view does. Rare; one process for all.
        yield notUtf8(record) ? await redecoded(record, (raw ??= new RawCommitReader(options))) : record;
      }
    }
  } finally {
    raw?.close();
  }
}

/**
 * git flushes after every commit it prints to a pipe unless told not to: one small chunk (a
 * stream event and a promise) per commit for Node. Buffered, a chunk holds many commits, split
 * by the reader rather than awaited token by token.
 */
export function unflushed(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { ...(env ?? process.env), GIT_FLUSH: '0' };
}

/** Cuts `git log -z` output of COMMIT_FIELDS into records, chunk by chunk (a field may span chunks). */
export class CommitRecordSplitter {
  private readonly fields: string[] = new Array(COMMIT_FIELDS.length);
  private n = 0;
  private partial = '';

  /** The records `chunk` completes, in order; what it leaves unfinished waits for the next chunk. */
  *records(chunk: string): Generator<CommitRecord> {
    let start = 0;
    for (let nul = chunk.indexOf('\0'); nul !== -1; nul = chunk.indexOf('\0', start)) {
      this.fields[this.n++] = this.partial ? this.partial + chunk.slice(start, nul) : chunk.slice(start, nul);
      this.partial = '';
      start = nul + 1;
      if (this.n === COMMIT_FIELDS.length) {
        this.n = 0;
        yield toRecord(this.fields);
      }
    }
    if (start < chunk.length) this.partial += chunk.slice(start);
  }
}

/** `git log -z` of CommitRecords (COMMIT_FIELDS), with the notes of `notesRef` (none: `note` is ''), then `tail`. */
export function commitLogArgs(notesRef: string | null, tail: readonly string[]): string[] {
  return [
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'log.showSignature=false',
    '-c',
    'core.quotePath=false',
    'log',
    '-z',
    '--no-color',
    '--no-notes',
    ...(notesRef ? [`--notes=${notesRef}`] : []),
    // Without --notes git prints `%N` as it stands, not as nothing: the field is left empty.
    `--format=${(notesRef ? COMMIT_FIELDS : COMMIT_FIELDS.map((f) => (f === '%N' ? '' : f))).join('%x00')}`,
    ...tail,
  ];
}

const TEXT_FIELDS = ['authorName', 'authorEmail', 'committerName', 'committerEmail', 'message'] as const;

/** Whether a text field arrived with bytes that are not UTF-8 (decoded as U+FFFD). */
export function notUtf8(record: CommitRecord): boolean {
  return TEXT_FIELDS.some((f) => record[f].includes('\uFFFD'));
}

/** The record with those fields decoded again from the commit's raw bytes (see readCommits). */
export async function redecoded(record: CommitRecord, reader: RawCommitReader): Promise<CommitRecord> {
  const bytes = await reader.read(record.commit);
  if (!bytes) return record;
  const fixed = parseRawCommit(bytes);
  const out = { ...record };
  for (const f of TEXT_FIELDS) if (record[f].includes('\uFFFD')) out[f] = fixed[f];
  return out;
}

export function toRecord(t: readonly string[]): CommitRecord {
  return {
    commit: t[0]!,
    tree: t[1]!,
    parents: t[2] ? t[2].split(' ') : [],
    authorName: t[3]!,
    authorEmail: t[4]!,
    authorTime: Number(t[5]),
    committerName: t[6]!,
    committerEmail: t[7]!,
    committerTime: Number(t[8]),
    message: t[9]!,
    note: t[10]!,
  };
}

export async function collectCommits(revisions: readonly string[], options: ReadRangeOptions): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  for await (const record of readCommits(revisions, options)) out.push(record);
  return out;
}

/**
 * Walk options that read exactly the commits given, in the order given: for a RangeSpec-like
 * caller whose revisions are commit ids rather than a range.
 */
export const COMMITS_AS_GIVEN: readonly string[] = ['--no-walk=unsorted'];

export type ReadByIdOptions = Omit<ReadRangeOptions, 'logOptions'> & {
  /** Leave out ids this clone does not have instead of failing. */
  ignoreMissing?: boolean;
};

/** The commits named (ids or revisions), in the order given, streamed from ONE `git log` call. */
export function readCommitsById(ids: readonly string[], options: ReadByIdOptions): AsyncGenerator<CommitRecord> {
  const { ignoreMissing, ...rest } = options;
  return readCommits(ids, { ...rest, logOptions: [...COMMITS_AS_GIVEN, ...(ignoreMissing ? ['--ignore-missing'] : [])] });
}

/** readCommitsById, collected. */
export async function collectCommitsById(ids: readonly string[], options: ReadByIdOptions): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  for await (const record of readCommitsById(ids, options)) out.push(record);
  return out;
}

/**
 * collectCommitsById for ids not known yet: `git log --stdin` starts now (its start-up overlaps
 * whatever finds the ids) and reads them once `ids` resolves. A rejection ends git unasked.
 */
export async function collectCommitsOnceKnown(ids: Promise<readonly string[]>, options: ReadByIdOptions): Promise<CommitRecord[]> {
  const { ignoreMissing, ...rest } = options;
  const input = ids.then((list) => {
    // None: git would read HEAD instead, so it is ended unasked.
    if (!list.length) throw NONE;
    // One revision per line: a newline inside one would name a second.
    const bad = list.find((id) => /[\n\r\0]/.test(id) || id.startsWith('-'));
    if (bad !== undefined) throw new GitError(`not a revision: ${JSON.stringify(bad)}`, ['log', '--stdin']);
    return `${list.join('\n')}\n`;
  });
  const out: CommitRecord[] = [];
  const logOptions = [...COMMITS_AS_GIVEN, ...(ignoreMissing ? ['--ignore-missing'] : []), '--stdin'];
  try {
    for await (const record of readCommits([], { ...rest, logOptions, stdinLater: input })) out.push(record);
  } catch (error) {
    // git ended unasked: why the ids never came is the answer.
    const none = await input.then(
      () => false,
      (reason: unknown) => (reason === NONE ? true : Promise.reject(reason)),
    );
    if (none) return [];
    throw error;
  }
  return out;
}

const NONE = Symbol('no commits asked for');

/** The one commit a revision names (its history not walked); undefined when it names none. */
export async function readCommit(revision: string, options: Omit<ReadRangeOptions, 'logOptions'>): Promise<CommitRecord | undefined> {
  const [record] = await collectCommits([revision], { ...options, logOptions: ['--no-walk', '--max-count=1'] });
  return record;
}
