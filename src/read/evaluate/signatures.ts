import { availableParallelism } from 'node:os';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { preAuthEncoding } from '../../core/statement.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { VerifyResult } from '../../crypto/types.js';

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
 * Below this many signatures a worker's start-up (~30-50 ms, loading the keyring code again)
 * costs more than it saves; a pre-push of a few commits never starts one.
 */
const WORKER_THRESHOLD = 1500;
/** Signatures per message to a worker. */
const SLICE = 200;
/** Messages a worker holds at once: one in work, one waiting, so it does not idle between them. */
const IN_FLIGHT = 2;

interface Slice {
  jobs: SignatureJob[];
  state: 'queued' | 'sent' | 'done';
  promise: Promise<void>;
  resolve(): void;
}

/**
 * Checks signatures on this thread until a range proves long, then shares them with worker
 * threads, so that Ed25519 runs on the other cores while this thread decodes commits. Slices
 * are handed out as commits are decoded, a couple at a time per worker; whatever is still
 * queued when this thread needs a batch's results, it checks itself rather than wait. Each
 * worker holds the same keyring (keys, revocations, expiry), so verdicts do not depend on where
 * a signature was checked.
 */
export function signatureChecker(keyring: Keyring, now: Date): SignatureChecker {
  let seen = 0;
  let pool: WorkerPool | null = null;
  let starting: Promise<void> | null = null;
  let unavailable = availableParallelism() < 2;
  const queue: Slice[] = [];

  const inline = (slice: Slice) => {
    if (slice.state === 'done') return;
    for (const job of slice.jobs) job.result = keyring.verify(preAuthEncoding(job.payloadType, job.payload), job.signature, now);
    slice.state = 'done';
    slice.resolve();
  };
  const fallBack = () => {
    unavailable = true;
    for (const s of queue.splice(0)) inline(s);
  };
  const pump = () => {
    while (pool && queue.length && pool.hasRoom()) {
      const slice = queue.shift()!;
      if (slice.state !== 'queued') continue;
      slice.state = 'sent';
      pool.send(slice.jobs).then(
        () => {
          slice.state = 'done';
          slice.resolve();
          pump();
        },
        () => {
          // A worker died: from now on everything is checked here, as if there were none.
          void pool?.close();
          pool = null;
          slice.state = 'queued';
          inline(slice);
          fallBack();
        },
      );
    }
  };
  const submit = (jobs: SignatureJob[]): Slice => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const slice: Slice = { jobs, state: 'queued', promise, resolve };
    seen += jobs.length;
    if (!pool && !starting && !unavailable && seen >= WORKER_THRESHOLD) {
      starting = WorkerPool.start(keyring, now).then((started) => {
        pool = started;
        if (started) pump();
        else fallBack();
      }, fallBack);
    }
    if (unavailable || (!pool && !starting)) inline(slice);
    else {
      queue.push(slice);
      pump();
    }
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
            assist: () => [...slices].reverse().forEach((s) => s.state === 'queued' && inline(s)),
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

class WorkerPool {
  private readonly load = new Map<Worker, number>();
  /** The rejections of each worker's unanswered messages: a worker that dies fails them all. */
  private readonly pending = new Map<Worker, Set<(error: Error) => void>>();

  private constructor(workers: Worker[]) {
    for (const w of workers) {
      this.load.set(w, 0);
      const waiting = new Set<(error: Error) => void>();
      this.pending.set(w, waiting);
      const fail = (error: Error) => {
        for (const reject of waiting) reject(error);
        waiting.clear();
      };
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

  hasRoom(): boolean {
    for (const n of this.load.values()) if (n < IN_FLIGHT) return true;
    return false;
  }

  /** To the least loaded worker, as one transferred buffer. */
  send(jobs: SignatureJob[]): Promise<void> {
    const worker = [...this.load].sort((a, b) => a[1] - b[1])[0]![0];
    this.load.set(worker, this.load.get(worker)! + 1);
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
    const waiting = this.pending.get(worker)!;
    return new Promise((resolve, reject) => {
      const { port1, port2 } = new MessageChannel();
      const fail = (error: Error) => {
        port1.close();
        reject(error);
      };
      waiting.add(fail);
      port1.once('message', (results: VerifyResult[]) => {
        waiting.delete(fail);
        port1.close();
        this.load.set(worker, this.load.get(worker)! - 1);
        results.forEach((r, i) => (jobs[i]!.result = r));
        resolve();
      });
      worker.postMessage({ port: port2, types, lengths, bytes }, [port2, bytes.buffer, lengths.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.load.keys()].map((w) => w.terminate()));
  }
}
