import type { CommitRecord } from '../../git/log.js';
import { readCandidates, type Candidate } from './candidates.js';

/** Records decoded between turns of the event loop (about a millisecond of work). */
const YIELD_EVERY = 32;

const decoded = new WeakMap<CommitRecord, Candidate[]>();

/** The statements decodeAhead read from this record, handed out once (prepare takes them). */
export function takeDecoded(record: CommitRecord): Candidate[] | undefined {
  const candidates = decoded.get(record);
  if (candidates) decoded.delete(record);
  return candidates;
}

/** What a caller of decodeAhead does with the records decoded ahead (check-ahead.ts: their signatures). */
export interface DecodeAheadHooks {
  /** Each record decoded ahead, with its statements, in order. */
  decoded(record: CommitRecord, candidates: Candidate[]): void;
  /** Decoding ahead stopped: `ready` settled, `limit` or the range's end was reached, or the source failed. */
  stopped(): void;
  /** Awaited before a record decoded ahead is handed out. */
  handOut(record: CommitRecord): Promise<void> | undefined;
}

/**
 * The same records in the same order; until `ready` settles, the records git has already sent are
 * read on and their statements decoded (readCandidates needs no context), at most `limit` of
 * them. A cold verify waits a few hundred milliseconds for its trusted config and keyring (git
 * processes one after the other, parsing keys): this thread decodes meanwhile instead of idling.
 * A failure of the source is thrown by the next record asked for, as without this.
 */
export function decodeAhead(
  source: AsyncIterator<CommitRecord>,
  ready: Promise<unknown>,
  limit: number,
  hooks?: DecodeAheadHooks,
): AsyncIterableIterator<CommitRecord> & { return(): Promise<IteratorResult<CommitRecord>> } {
  const buffered: CommitRecord[] = [];
  let taken = 0;
  let settled = false;
  let filled = false;
  let pending: Promise<IteratorResult<CommitRecord>> | null = null;
  const readySignal = ready.then(
    () => (settled = true),
    () => (settled = true),
  );
  const waitReady = readySignal.then(() => null);
  const filling = (async () => {
    try {
      while (!settled && buffered.length < limit) {
        pending ??= source.next();
        const step = await Promise.race([pending, waitReady]);
        if (step === null) return;
        pending = null;
        if (step.done) return;
        const candidates = readCandidates(step.value.message, step.value.note);
        decoded.set(step.value, candidates);
        buffered.push(step.value);
        hooks?.decoded(step.value, candidates);
        // Records git sent already arrive without a turn of the event loop: the context's own git
        // processes and reads, which decide when the real work starts, must not wait for these.
        if (buffered.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      hooks?.stopped();
    }
  })();
  // Thrown to whoever asks for the next record.
  filling.catch(() => undefined);
  const iterator = {
    async next(): Promise<IteratorResult<CommitRecord>> {
      if (!filled) {
        await filling;
        filled = true;
      }
      if (taken < buffered.length) {
        const value = buffered[taken]!;
        buffered[taken++] = undefined as unknown as CommitRecord;
        const before = hooks?.handOut(value);
        if (before) await before;
        return { value, done: false };
      }
      const step = pending ?? source.next();
      pending = null;
      return step;
    },
    async return(): Promise<IteratorResult<CommitRecord>> {
      buffered.length = 0;
      return (await source.return?.()) ?? { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * The same records, with git already started: the first one is asked for now (an async
 * generator starts its git process only when first asked). A plain iterator rather than another
 * async generator: every layer of those costs a promise per commit.
 */
export function startedNow<T>(source: AsyncIterator<T>): AsyncIterableIterator<T> & { return(): Promise<IteratorResult<T>> } {
  let first: Promise<IteratorResult<T>> | null = source.next();
  first.catch(() => undefined);
  const iterator = {
    next(): Promise<IteratorResult<T>> {
      const step = first ?? source.next();
      first = null;
      return step;
    },
    async return(): Promise<IteratorResult<T>> {
      return (await source.return?.()) ?? { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
