import { availableParallelism } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
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

export interface SignatureChecker {
  /** Fills in every job's result. */
  check(jobs: SignatureJob[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Below this many signatures a worker's start-up (~30-50 ms, loading the keyring code again)
 * costs more than it saves; a pre-push of a few commits never starts one.
 */
const WORKER_THRESHOLD = 1500;

/**
 * Checks signatures on this thread until a range proves long, then on worker threads, so that
 * Ed25519 runs on the other cores while this thread decodes the next batch of commits. Each
 * worker holds the same keyring (keys, revocations, expiry), so verdicts do not depend on where
 * a signature was checked.
 */
export function signatureChecker(keyring: Keyring, now: Date): SignatureChecker {
  let seen = 0;
  let pool: Promise<WorkerPool | null> | null = null;
  const inline = (jobs: SignatureJob[]) => {
    for (const job of jobs) job.result = keyring.verify(preAuthEncoding(job.payloadType, job.payload), job.signature, now);
  };
  return {
    async check(jobs) {
      seen += jobs.length;
      if (!pool && seen >= WORKER_THRESHOLD && availableParallelism() > 1) pool = WorkerPool.start(keyring, now);
      const workers = pool ? await pool : null;
      if (workers && jobs.length > 0) {
        try {
          await workers.check(jobs);
          return;
        } catch {
          // a worker died: check here, as if there were none
        }
      }
      inline(jobs);
    },
    async close() {
      await (await pool)?.close();
    },
  };
}

class WorkerPool {
  private next = 0;
  private constructor(private readonly workers: Worker[]) {}

  /** null when this build cannot run the worker (source under a test runner, a one-file bundle). */
  static async start(keyring: Keyring, now: Date): Promise<WorkerPool | null> {
    const { WORKER_URL, WORKER_MARK } = await import('./verify-worker.js');
    if (!/\/verify-worker-[A-Za-z0-9_-]+\.js$/.test(WORKER_URL)) return null;
    const count = Math.max(1, Math.min(3, availableParallelism() - 1));
    const workerData = { [WORKER_MARK]: true, keys: [...keyring.keys.values()], rejected: keyring.rejected, digest: keyring.digest, now: now.getTime() };
    const workers = Array.from({ length: count }, () => new Worker(new URL(WORKER_URL), { workerData }));
    for (const w of workers) w.unref();
    return new WorkerPool(workers);
  }

  /** Splits the jobs over the workers; each batch travels as one transferred buffer. */
  async check(jobs: SignatureJob[]): Promise<void> {
    const per = Math.ceil(jobs.length / this.workers.length);
    const batches: Promise<void>[] = [];
    for (let i = 0; i < jobs.length; i += per) batches.push(this.send(this.workers[this.next++ % this.workers.length]!, jobs.slice(i, i + per)));
    await Promise.all(batches);
  }

  private send(worker: Worker, jobs: SignatureJob[]): Promise<void> {
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
    return new Promise((resolve, reject) => {
      const { port1, port2 } = new MessageChannel();
      const fail = (error: unknown) => {
        port1.close();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      worker.once('error', fail);
      port1.once('message', (results: VerifyResult[]) => {
        worker.off('error', fail);
        port1.close();
        results.forEach((r, i) => (jobs[i]!.result = r));
        resolve();
      });
      worker.postMessage({ port: port2, types, lengths, bytes }, [port2, bytes.buffer, lengths.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
