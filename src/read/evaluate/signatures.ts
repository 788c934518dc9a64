import { availableParallelism } from 'node:os';
import { preAuthEncoding } from '../../core/statement.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { VerifyResult } from '../../crypto/types.js';
import { FREE, TAKEN_HERE } from './signature-claim.js';
import { WorkerPool, type SharedWorkers } from './worker-pool.js';

/** One signature to check over the DSSE envelope it claims to sign (PAE of type and payload). */
export interface SignatureJob {
  payloadType: string;
  payload: Uint8Array;
  signature: Uint8Array;
  result?: VerifyResult;
}

export interface SignatureBatch {
  /** Resolves when every job of the batch has its result. */
  done: Promise<void>;
  /** Checks here, now, the batch's signatures no worker has taken yet: better than waiting idle. */
  assist(): void;
}

/** The signatures of one batch of commits, handed over as the commits are decoded. */
export interface BatchBuilder {
  add(jobs: readonly SignatureJob[]): void;
  seal(): SignatureBatch;
}

export interface SignatureChecker {
  batch(): BatchBuilder;
  close(): Promise<void>;
}

/**
 * Below this many signatures a worker's start-up (~30-50 ms on another core, a few ms here)
 * costs more than it saves; a pre-push of a few commits never starts one.
 */
const WORKER_THRESHOLD = 400;
/** Signatures per message to a worker: small enough that the end of a range is shared evenly. */
export const SLICE = 100;

interface Slice {
  jobs: SignatureJob[];
  state: 'queued' | 'sent' | 'done';
  /** One Int32 in shared memory: FREE until this thread or a worker takes the slice. */
  claim: Int32Array | null;
  promise: Promise<void>;
  resolve(): void;
}

/**
 * Checks signatures on this thread until a range proves long, then shares them with worker
 * threads, so that Ed25519 runs on the other cores while this thread decodes commits. Every
 * slice goes to a worker as soon as its commits are decoded (its queue never runs dry while this
 * thread has work), and both sides claim a slice through one shared word before checking it:
 * when this thread needs a batch's results it takes the slices no worker has started, from the
 * batch's end, while the worker takes them from its start. Each worker holds the same keyring
 * (keys, revocations, expiry), so verdicts do not depend on where a signature was checked.
 * With `shared` workers (a cold verify's, started before its keyring was known), those are used
 * from the first signature once started, and left to their owner to close.
 */
export function signatureChecker(keyring: Keyring, now: Date, shared?: SharedWorkers): SignatureChecker {
  let seen = 0;
  let pool: WorkerPool | null = null;
  let starting: Promise<void> | null = null;
  let unavailable = availableParallelism() < 2;
  /** Slices made while the workers start. */
  const waiting: Slice[] = [];

  const inline = (slice: Slice) => {
    if (slice.state === 'done') return;
    for (const job of slice.jobs) job.result = keyring.verify(preAuthEncoding(job.payloadType, job.payload), job.signature, now);
    slice.state = 'done';
    slice.resolve();
  };
  /** Checks a slice here unless a worker took it first. */
  const take = (slice: Slice) => {
    if (slice.state === 'done') return;
    if (slice.claim && Atomics.compareExchange(slice.claim, 0, FREE, TAKEN_HERE) !== FREE) return;
    inline(slice);
  };
  const fallBack = () => {
    unavailable = true;
    for (const s of waiting.splice(0)) take(s);
  };
  const send = (slice: Slice) => {
    slice.state = 'sent';
    pool!.check(slice.jobs, slice.claim!).then(
      (checked) => {
        // false: this thread took the slice first and has checked it already.
        if (!checked) return;
        slice.state = 'done';
        slice.resolve();
      },
      () => {
        // A worker died: from now on everything is checked here, as if there were none.
        void pool?.close();
        pool = null;
        inline(slice);
        fallBack();
      },
    );
  };
  const startWorkers = () => {
    const workers = shared ? shared.get().then((p) => withKeyring(p, keyring, now)) : WorkerPool.start(keyring, now);
    starting = workers.then((started) => {
      pool = started;
      if (started) for (const s of waiting.splice(0)) if (s.state === 'queued') send(s);
      if (!started) fallBack();
    }, fallBack);
  };
  const submit = (jobs: SignatureJob[]): Slice => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const slice: Slice = { jobs, state: 'queued', claim: null, promise, resolve };
    seen += jobs.length;
    if (!pool && !starting && !unavailable && seen >= WORKER_THRESHOLD) startWorkers();
    if (unavailable || (!pool && !starting)) {
      inline(slice);
      return slice;
    }
    slice.claim = new Int32Array(new SharedArrayBuffer(4));
    if (pool) send(slice);
    else waiting.push(slice);
    return slice;
  };

  // Workers already at work (a cold verify's) get these keys at once: the signatures they check from now on need them.
  if (shared?.started() && !unavailable) startWorkers();
  return {
    batch() {
      const slices: Slice[] = [];
      let pending: SignatureJob[] = [];
      return {
        add(jobs) {
          // A worker may have checked them already, with the keys the run trusts (check-ahead.ts).
          for (const job of jobs) if (!job.result) pending.push(job);
          if (pending.length >= SLICE) {
            slices.push(submit(pending));
            pending = [];
          }
        },
        seal() {
          if (pending.length) slices.push(submit(pending));
          pending = [];
          return {
            done: Promise.all(slices.map((s) => s.promise)).then(() => undefined),
            // From the end: the workers take a batch from its start.
            assist: () => {
              for (let i = slices.length - 1; i >= 0; i--) take(slices[i]!);
            },
          };
        },
      };
    },
    async close() {
      await starting;
      if (!shared) await pool?.close();
    },
  };
}

function withKeyring(pool: WorkerPool | null, keyring: Keyring, now: Date): WorkerPool | null {
  pool?.useKeyring(keyring, now);
  return pool;
}
