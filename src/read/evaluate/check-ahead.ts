import type { CommitRecord } from '../../git/log.js';
import { decodeAhead } from './decode-ahead.js';
import { FREE, TAKEN_HERE } from './signature-claim.js';
import { SLICE, type SignatureJob } from './signatures.js';
import type { SharedWorkers, WorkerPool } from './worker-pool.js';

/** A range of this many commits starts the workers (their start-up costs ~30-50 ms of another core). */
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
 * (the shared claim word decides) and checked the usual way.
 */
export function checkAhead(
  source: AsyncIterator<CommitRecord>,
  ready: Promise<unknown>,
  workers: SharedWorkers,
  options: { limit: number; speculationHolds: () => boolean },
): AsyncIterableIterator<CommitRecord> & { return(): Promise<IteratorResult<CommitRecord>> } {
  const sliceOf = new WeakMap<CommitRecord, SpeculativeSlice>();
  let pool: WorkerPool | null = null;
  let seen = 0;
  let holds: boolean | null = null;
  let jobs: SignatureJob[] = [];
  let owners: CommitRecord[] = [];

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

  /** The worker's results for a record's signatures stand, or are dropped, or it never had them. */
  const settle = async (slice: SpeculativeSlice) => {
    if (slice.settled) return;
    slice.settled = true;
    if (!slice.answered && Atomics.compareExchange(slice.claim, 0, FREE, TAKEN_HERE) === FREE) return;
    if (!(await slice.answer)) return;
    if (!(holds ??= options.speculationHolds())) for (const job of slice.jobs) delete job.result;
  };

  return decodeAhead(source, ready, options.limit, {
    decoded(record, candidates) {
      if (++seen === WORKER_THRESHOLD) {
        workers.get().then(
          (p) => (pool = p),
          () => undefined,
        );
      }
      if (!pool) return;
      const before = jobs.length;
      for (const c of candidates) jobs.push(...c.jobs);
      if (jobs.length > before) owners.push(record);
      if (jobs.length >= SLICE) send();
    },
    stopped: send,
    handOut(record) {
      const slice = sliceOf.get(record);
      return slice && settle(slice);
    },
  });
}
