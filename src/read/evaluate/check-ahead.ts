import type { CommitRecord } from '../../git/log.js';
import { readCandidates } from './candidates.js';
import { keepDecoded } from './decode-ahead.js';
import { FREE, TAKEN_HERE } from './signature-claim.js';
import type { SignatureJob } from './signatures.js';
import type { SharedWorkers, WorkerPool } from './worker-pool.js';

/** Records decoded between turns of the event loop (about a millisecond of work). */
const YIELD_EVERY = 32;
/** Signatures per slice sent to a worker, as signatures.ts sends them. */
const SLICE = 100;
/** A range this long starts the workers (their start-up costs ~30-50 ms of another core). */
const WORKER_THRESHOLD = 400;

interface SpeculativeSlice {
  jobs: SignatureJob[];
  /** Shared with the worker: this thread takes a slice the worker has not started when it needs it. */
  claim: Int32Array;
  /** Resolves true when the worker checked the slice (with the speculated keys). */
  answer: Promise<boolean>;
  answered: boolean;
  checked: boolean;
  /** Already settled for the reader (kept, or its results dropped). */
  settled: boolean;
}

/**
 * decodeAhead for a cold verify with worker threads: until `ready` settles (the trusted config and
 * keyring load, a few hundred milliseconds), the records git has sent are decoded here, at most
 * `limit` of them, and the signatures of each slice of them handed at once to a worker, which
 * checks them with the keys speculated from the work tree (worker-pool.ts) instead of idling
 * until the trusted keys are known. The reader gets the same records in the same order; a
 * record's signatures keep the worker's results only if `speculationHolds` (asked once, after
 * `ready`: the trusted keyring is those keys, the clock the same), else they are checked again
 * like any other. A slice the worker has not started when the reader reaches it is taken back
 * (the shared claim word decides) and checked the usual way. A failure of the source is thrown
 * by the next record asked for, as without this.
 */
export function checkAhead(
  source: AsyncIterator<CommitRecord>,
  ready: Promise<unknown>,
  workers: SharedWorkers,
  options: { limit: number; speculationHolds: () => boolean },
): AsyncIterableIterator<CommitRecord> & { return(): Promise<IteratorResult<CommitRecord>> } {
  const buffered: CommitRecord[] = [];
  const sliceOf = new WeakMap<CommitRecord, SpeculativeSlice>();
  let taken = 0;
  let settled = false;
  let filled = false;
  let pending: Promise<IteratorResult<CommitRecord>> | null = null;
  let pool: WorkerPool | null = null;
  let seen = 0;
  let holds: boolean | null = null;
  let jobs: SignatureJob[] = [];
  let owners: CommitRecord[] = [];
  const readySignal = ready.then(
    () => (settled = true),
    () => (settled = true),
  );
  const waitReady = readySignal.then(() => null);

  /** The signatures gathered so far, to a worker. */
  const send = () => {
    if (!pool || !jobs.length) return;
    const claim = new Int32Array(new SharedArrayBuffer(4));
    const slice: SpeculativeSlice = { jobs, claim, answer: Promise.resolve(false), answered: false, checked: false, settled: false };
    slice.answer = pool.check(jobs, claim, true).then(
      (checked) => {
        slice.answered = true;
        slice.checked = checked;
        return checked;
      },
      // A worker that died checked nothing: the usual path does.
      () => {
        slice.answered = true;
        return false;
      },
    );
    for (const r of owners) sliceOf.set(r, slice);
    jobs = [];
    owners = [];
  };

  const filling = (async () => {
    while (!settled && buffered.length < options.limit) {
      pending ??= source.next();
      const step = await Promise.race([pending, waitReady]);
      if (step === null) break;
      pending = null;
      if (step.done) break;
      const record = step.value;
      const candidates = readCandidates(record.message, record.note);
      keepDecoded(record, candidates);
      buffered.push(record);
      if (++seen === WORKER_THRESHOLD) {
        workers.get().then(
          (p) => (pool = p),
          () => undefined,
        );
      }
      if (pool) {
        const before = jobs.length;
        for (const c of candidates) jobs.push(...c.jobs);
        if (jobs.length > before) owners.push(record);
        if (jobs.length >= SLICE) send();
      }
      // Records git sent already arrive without a turn of the event loop: the context's own git
      // processes and reads, which decide when the real work starts, must not wait for these.
      if (buffered.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    send();
  })();
  // Thrown to whoever asks for the next record.
  filling.catch(() => undefined);

  /** The worker's results for a record's signatures stand, or are dropped, or it never had them. */
  const settle = async (slice: SpeculativeSlice) => {
    if (slice.settled) return;
    slice.settled = true;
    if (!slice.answered && Atomics.compareExchange(slice.claim, 0, FREE, TAKEN_HERE) === FREE) return;
    if (!(await slice.answer)) return;
    if (!(holds ??= options.speculationHolds())) for (const job of slice.jobs) delete job.result;
  };

  const iterator = {
    async next(): Promise<IteratorResult<CommitRecord>> {
      if (!filled) {
        await filling;
        filled = true;
      }
      if (taken < buffered.length) {
        const value = buffered[taken]!;
        buffered[taken++] = undefined as unknown as CommitRecord;
        const slice = sliceOf.get(value);
        if (slice) await settle(slice);
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
