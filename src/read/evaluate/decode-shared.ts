import type { CommitRecord } from '../../git/log.js';
import { readCandidates, type Candidate } from './candidates.js';
import { keepDecoded } from './decode-ahead.js';
import { FREE, TAKEN_HERE } from './signature-claim.js';
import type { SharedWorkers, WorkerPool } from './worker-pool.js';

/** Commits per slice handed to a worker: a couple of milliseconds of decoding. */
const SLICE = 64;
/** Commits read ahead of the reader once the keys are there: enough to keep a worker busy, few enough to die young. */
const AHEAD_WHEN_READY = 8 * SLICE;
/** A range this long starts the workers (their start-up costs ~30-50 ms of another core). */
const WORKER_THRESHOLD = 400;

interface Slice {
  records: (CommitRecord | undefined)[];
  /** A worker's decoding of the records, handed to prepare with each record. */
  candidates: (Candidate[] | undefined)[] | null;
  /** The worker checked their signatures with the speculated keys. */
  speculative: boolean;
  /** Shared with the worker it was sent to; null: not sent (only decoded here). */
  claim: Int32Array | null;
  /** The worker's answer: resolves true when it decoded the slice. */
  answer: Promise<boolean> | null;
  decoded: boolean;
}

/**
 * The same records in the same order, each with its statements decoded (for prepare) when it is
 * handed out, the decoding shared with the worker threads that also check the signatures: a
 * cold verify's main thread was the longer of the two, decoding a third of its work. Slices of
 * commits go to a worker as git sends them, at most `limit` commits ahead of the reader until
 * `ready` settles (the trusted config and keyring load), AHEAD_WHEN_READY after; the reader
 * decodes a slice itself when it reaches one no worker has started (the shared claim word
 * decides), and waits only for one a worker is decoding. A worker that parsed the speculated
 * keys (worker-pool.ts) answers with the signatures checked; `speculationHolds` decides whether
 * those count. A failure of the source is thrown after the records it sent before failing.
 */
export function decodeShared(
  source: AsyncIterator<CommitRecord>,
  ready: Promise<unknown>,
  workers: SharedWorkers,
  options: {
    limit: number;
    /**
     * Asked once the reader starts (after `ready`): the signatures a worker checked with the
     * speculated keys hold for this run (its keyring is exactly those keys, its clock the same).
     * When not, they are checked again like any other.
     */
    speculationHolds: () => boolean;
  },
): AsyncIterableIterator<CommitRecord> & { return(): Promise<IteratorResult<CommitRecord>> } {
  const { limit } = options;
  let holds: boolean | null = null;
  const slices: Slice[] = [];
  let open: CommitRecord[] = [];
  let at = 0;
  let buffered = 0;
  let seen = 0;
  let pool: WorkerPool | null = null;
  let isReady = false;
  let ended = false;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  /** The reader waiting for the filler, and the filler waiting for room. */
  let wakeReader: (() => void) | null = null;
  let wakeFiller: (() => void) | null = null;
  const wake = (which: 'reader' | 'filler') => {
    const w = which === 'reader' ? wakeReader : wakeFiller;
    if (which === 'reader') wakeReader = null;
    else wakeFiller = null;
    w?.();
  };
  ready.then(
    () => (isReady = true),
    () => (isReady = true),
  );

  const decodeHere = (slice: Slice) => {
    for (const r of slice.records) if (r) keepDecoded(r, readCandidates(r.message, r.note));
    slice.decoded = true;
  };
  /** Decodes the slice here unless a worker took it first; true when it is decoded now. */
  const takeHere = (slice: Slice): boolean => {
    if (slice.decoded) return true;
    if (slice.claim && Atomics.compareExchange(slice.claim, 0, FREE, TAKEN_HERE) !== FREE) return false;
    decodeHere(slice);
    return true;
  };
  /** A slice of what git sent; to a worker unless the reader needs it at once. */
  const seal = (records: CommitRecord[], send: boolean) => {
    const slice: Slice = { records, candidates: null, speculative: false, claim: null, answer: null, decoded: false };
    if (pool && send) {
      slice.claim = new Int32Array(new SharedArrayBuffer(4));
      slice.answer = pool.decode(records, slice.claim).then(
        (decoded) => {
          if (!decoded) return false;
          slice.candidates = decoded.candidates;
          slice.speculative = decoded.speculative;
          slice.decoded = true;
          return true;
        },
        // A worker that died decoded nothing: the reader does it.
        () => false,
      );
    }
    slices.push(slice);
    wake('reader');
  };
  /**
   * Before the keys are there, this thread decodes what no worker was sent (slices made before
   * the workers started), one at a time so that the context's git processes and the workers'
   * answers are not kept waiting. What a worker was sent it leaves to it: the worker checks its
   * signatures too, with the keys it parsed, which is worth more than the decoding alone.
   */
  const helpOne = (): boolean => {
    for (const s of slices) if (!s.decoded && !s.claim) return takeHere(s);
    return false;
  };
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const ahead = () => (isReady ? Math.min(limit, AHEAD_WHEN_READY) : limit);

  void (async () => {
    while (!stopped) {
      while (buffered >= ahead() && !stopped) {
        if (!isReady && helpOne()) await turn();
        else await new Promise<void>((resolve) => (wakeFiller = resolve));
      }
      if (stopped) return;
      const step = await source.next();
      if (step.done) break;
      open.push(step.value);
      buffered++;
      if (++seen === WORKER_THRESHOLD) {
        workers.get().then(
          (p) => (pool = p),
          () => undefined,
        );
      }
      if (open.length < SLICE) continue;
      seal(open, true);
      open = [];
      if (!isReady) helpOne();
      // Records git sent already arrive without a turn of the event loop: the context's own git
      // processes, and the workers' answers, must not wait for these.
      await turn();
    }
  })().then(
    () => {
      ended = true;
      wake('reader');
    },
    (error: unknown) => {
      failure = { error };
      ended = true;
      wake('reader');
    },
  );

  const iterator = {
    async next(): Promise<IteratorResult<CommitRecord>> {
      for (;;) {
        const slice = slices[0];
        if (slice && at < slice.records.length) {
          if (!takeHere(slice) && !(await slice.answer)) decodeHere(slice);
          const value = slice.records[at]!;
          const candidates = slice.candidates?.[at];
          if (candidates) {
            if (slice.speculative && !(holds ??= options.speculationHolds())) uncheck(candidates);
            keepDecoded(value, candidates);
            slice.candidates![at] = undefined;
          }
          slice.records[at++] = undefined;
          if (--buffered < ahead()) wake('filler');
          return { value, done: false };
        }
        if (slice) {
          slices.shift();
          at = 0;
          continue;
        }
        if (open.length) {
          // The reader caught up with git: what has arrived is its own slice.
          seal(open, false);
          open = [];
          continue;
        }
        if (ended) {
          if (failure) {
            const { error } = failure;
            failure = null;
            throw error;
          }
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (wakeReader = resolve));
      }
    },
    async return(): Promise<IteratorResult<CommitRecord>> {
      stopped = true;
      slices.length = 0;
      open = [];
      wake('filler');
      return (await source.return?.()) ?? { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** Signatures checked with keys the run did not end up trusting: checked again, with the trusted ones. */
function uncheck(candidates: Candidate[]): void {
  for (const c of candidates) for (const job of c.jobs) delete job.result;
}
