import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { preAuthEncoding } from '../../core/statement.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { VerifyResult } from '../../crypto/types.js';
import { FREE, TAKEN_HERE } from './signature-claim.js';

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
const SLICE = 100;

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
 */
export function signatureChecker(keyring: Keyring, now: Date): SignatureChecker {
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
    pool!.send(slice.jobs, slice.claim!).then(
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
  const submit = (jobs: SignatureJob[]): Slice => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const slice: Slice = { jobs, state: 'queued', claim: null, promise, resolve };
    seen += jobs.length;
    if (!pool && !starting && !unavailable && seen >= WORKER_THRESHOLD) {
      starting = WorkerPool.start(keyring, now).then((started) => {
        pool = started;
        if (started) for (const s of waiting.splice(0)) if (s.state === 'queued') send(s);
        if (!started) fallBack();
      }, fallBack);
    }
    if (unavailable || (!pool && !starting)) {
      inline(slice);
      return slice;
    }
    slice.claim = new Int32Array(new SharedArrayBuffer(4));
    if (pool) send(slice);
    else waiting.push(slice);
    return slice;
  };

  return {
    batch() {
      const slices: Slice[] = [];
      let pending: SignatureJob[] = [];
      return {
        add(jobs) {
          pending.push(...jobs);
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
      await pool?.close();
    },
  };
}

interface Reply {
  id: number;
  /** null: the slice was taken by the main thread first. */
  results: VerifyResult[] | null;
}

class WorkerPool {
  private readonly load = new Map<Worker, number>();
  /** Each worker's unanswered slices by id: a worker that dies fails them all. */
  private readonly pending = new Map<
    Worker,
    Map<number, { resolve(checked: boolean): void; reject(error: Error): void; jobs: SignatureJob[] }>
  >();
  private nextId = 0;

  private constructor(workers: Worker[]) {
    for (const w of workers) {
      this.load.set(w, 0);
      const waiting = new Map<number, { resolve(checked: boolean): void; reject(error: Error): void; jobs: SignatureJob[] }>();
      this.pending.set(w, waiting);
      const fail = (error: Error) => {
        for (const { reject } of waiting.values()) reject(error);
        waiting.clear();
      };
      w.on('message', ({ id, results }: Reply) => {
        const slice = waiting.get(id);
        if (!slice) return;
        waiting.delete(id);
        this.setLoad(w, this.load.get(w)! - 1);
        if (results) results.forEach((r, i) => (slice.jobs[i]!.result = r));
        slice.resolve(results !== null);
      });
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`signature worker exited (${code})`)));
    }
  }

  /** null when this build cannot run the worker (source under a test runner, a one-file bundle). */
  static async start(keyring: Keyring, now: Date): Promise<WorkerPool | null> {
    const { WORKER_URL, WORKER_MARK } = await import('./verify-worker.js');
    if (!/\/verify-worker-[A-Za-z0-9_-]+\.js$/.test(WORKER_URL)) return null;
    const { Worker } = await import('node:worker_threads');
    const count = Math.max(1, Math.min(3, availableParallelism() - 1));
    const workerData = {
      [WORKER_MARK]: true,
      keys: [...keyring.keys.values()],
      rejected: keyring.rejected,
      digest: keyring.digest,
      now: now.getTime(),
    };
    const workers = Array.from({ length: count }, () => new Worker(new URL(WORKER_URL), { workerData }));
    for (const w of workers) w.unref();
    return new WorkerPool(workers);
  }

  /**
   * To the least loaded worker, as one transferred buffer; resolves true once the worker checked
   * the slice, false when it found it taken here first.
   */
  send(jobs: SignatureJob[], claim: Int32Array): Promise<boolean> {
    let worker!: Worker;
    let least = Infinity;
    for (const [w, n] of this.load) if (n < least) [worker, least] = [w, n];
    this.setLoad(worker, least + 1);
    const lengths = new Uint32Array(jobs.length * 2);
    let size = 0;
    jobs.forEach((j, i) => {
      lengths[2 * i] = j.payload.length;
      lengths[2 * i + 1] = j.signature.length;
      size += j.payload.length + j.signature.length;
    });
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const j of jobs) {
      bytes.set(j.payload, at);
      bytes.set(j.signature, at + j.payload.length);
      at += j.payload.length + j.signature.length;
    }
    const types = jobs.map((j) => j.payloadType);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.get(worker)!.set(id, { resolve, reject, jobs });
      worker.postMessage({ id, claim, types, lengths, bytes }, [bytes.buffer, lengths.buffer]);
    });
  }

  /**
   * A worker with slices to answer holds the process open (a thread waiting for its answers may
   * have nothing else); an idle one does not.
   */
  private setLoad(worker: Worker, n: number): void {
    const was = this.load.get(worker)!;
    this.load.set(worker, n);
    if (was === 0 && n > 0) worker.ref();
    else if (was > 0 && n === 0) worker.unref();
  }

  async close(): Promise<void> {
    await Promise.all([...this.load.keys()].map((w) => w.terminate()));
  }
}
