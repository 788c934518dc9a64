import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { KeyFile, Keyring, ParsedKeys } from '../../crypto/keyring.js';
import type { VerifyResult } from '../../crypto/types.js';
import type { SignatureJob } from './signatures.js';

/** What a worker answers a slice with: null when the main thread took it first (and did it). */
interface Reply {
  id: number;
  results?: VerifyResult[] | null;
  parsed?: ParsedKeys | null;
}

type Waiting = { answer(reply: Reply): void; reject(error: Error): void };

/**
 * The worker threads of a verify (verify-worker.ts): they check slices of signatures, each slice
 * claimed through a shared word (signature-claim.ts) by the worker or the main thread, whichever
 * gets there first. A pool may start before the keyring is known (a cold run checks with the
 * speculated keys while its trusted ones load): the keyring then follows as a message, before any
 * slice to check with it.
 */
export class WorkerPool {
  private readonly load = new Map<Worker, number>();
  /** Each worker's unanswered slices by id: a worker that dies fails them all. */
  private readonly pending = new Map<Worker, Map<number, Waiting>>();
  private nextId = 0;
  private keyringSent: Keyring | null = null;

  private constructor(workers: Worker[], keyring: Keyring | null) {
    this.keyringSent = keyring;
    for (const w of workers) {
      this.load.set(w, 0);
      const waiting = new Map<number, Waiting>();
      this.pending.set(w, waiting);
      const fail = (error: Error) => {
        // Never chosen again: a slice posted to a dead worker would wait forever.
        this.load.delete(w);
        for (const { reject } of waiting.values()) reject(error);
        waiting.clear();
      };
      w.on('message', (reply: Reply) => {
        const slice = waiting.get(reply.id);
        if (!slice) return;
        waiting.delete(reply.id);
        if (this.load.has(w)) this.setLoad(w, this.load.get(w)! - 1);
        slice.answer(reply);
      });
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`signature worker exited (${code})`)));
    }
  }

  /**
   * null when this build cannot run the worker (source under a test runner, a one-file bundle)
   * or there is no other core. Without a keyring the workers check only speculative slices until `useKeyring`.
   */
  static async start(keyring: Keyring | null, now: Date | null): Promise<WorkerPool | null> {
    if (availableParallelism() < 2) return null;
    const { WORKER_URL, WORKER_MARK } = await import('./verify-worker.js');
    if (!/\/verify-worker-[A-Za-z0-9_-]+\.js$/.test(WORKER_URL)) return null;
    const { Worker } = await import('node:worker_threads');
    const count = Math.max(1, Math.min(3, availableParallelism() - 1));
    const workerData = { [WORKER_MARK]: true, ...(keyring && now ? keyringMessage(keyring, now) : {}) };
    const workers = Array.from({ length: count }, () => new Worker(new URL(WORKER_URL), { workerData }));
    for (const w of workers) w.unref();
    return new WorkerPool(workers, keyring);
  }

  /** The keyring (and clock) the workers check signatures with from now on: sent before any signature. */
  useKeyring(keyring: Keyring, now: Date): void {
    if (this.keyringSent === keyring) return;
    this.keyringSent = keyring;
    const message = { kind: 'keyring', ...keyringMessage(keyring, now) };
    for (const w of this.load.keys()) w.postMessage(message);
  }

  /**
   * To the least loaded worker, as one transferred buffer; resolves true once the worker checked
   * the slice, false when it found it taken here first. A `speculative` slice is checked with the
   * speculated keys (false: there are none).
   */
  check(jobs: SignatureJob[], claim: Int32Array, speculative = false): Promise<boolean> {
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
      const message = (id: number) => ({ kind: 'check', speculative, id, claim, types, lengths, bytes });
      this.post((id) => ({ message: message(id), transfer: [bytes.buffer, lengths.buffer] }), {
        answer: ({ results }) => {
          if (results) results.forEach((r, i) => (jobs[i]!.result = r));
          resolve(results != null);
        },
        reject,
      });
    });
  }

  /**
   * Has every worker parse these key files now and check the speculative slices with them, at
   * `now`: before the trusted keyring is known. Resolves with the keys parsed (null: the parse
   * failed). Nothing a worker checks so counts unless the trusted keyring is those keys, and the
   * run's clock is `now` (src/read/verify/verify.ts, speculationHolds).
   */
  speculate(files: readonly KeyFile[], now: Date): Promise<ParsedKeys | null> {
    const asked = [...this.load.keys()].map(
      (worker) =>
        new Promise<ParsedKeys | null>((resolve) => {
          this.post(
            (id) => ({ message: { kind: 'speculate', id, files, now: now.getTime() }, transfer: [] }),
            { answer: ({ parsed }) => resolve(parsed ?? null), reject: () => resolve(null) },
            worker,
          );
        }),
    );
    return asked.length ? Promise.race(asked) : Promise.resolve(null);
  }

  private post(make: (id: number) => { message: unknown; transfer: ArrayBuffer[] }, waiting: Waiting, to?: Worker): void {
    let worker: Worker | undefined = to;
    let least = Infinity;
    if (!worker) for (const [w, n] of this.load) if (n < least) [worker, least] = [w, n];
    if (!worker || !this.load.has(worker)) {
      waiting.reject(new Error('no signature worker is running'));
      return;
    }
    least = this.load.get(worker)!;
    this.setLoad(worker, least + 1);
    const id = this.nextId++;
    this.pending.get(worker)!.set(id, waiting);
    const { message, transfer } = make(id);
    worker.postMessage(message, transfer);
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
    const workers = [...this.load.keys()];
    this.load.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function keyringMessage(keyring: Keyring, now: Date) {
  return { keys: [...keyring.keys.values()], rejected: keyring.rejected, digest: keyring.digest, now: now.getTime() };
}

/**
 * One pool for a cold verify's signature checks, started by whichever needs it
 * first; its owner closes it. Started with `speculate`, the workers parse those key files at once
 * (see WorkerPool.speculate).
 */
export interface SharedWorkers {
  /** The pool was asked for already. */
  started(): boolean;
  get(): Promise<WorkerPool | null>;
  /**
   * The keys the workers parsed, when `files` are exactly the files they were given (same paths,
   * same bytes, same order); null otherwise, or when no worker parsed them.
   */
  parsedFor(files: readonly KeyFile[]): Promise<ParsedKeys | null>;
  /** The workers' parse of the speculated files, once it arrived (before any slice they checked with it). */
  speculated(): ParsedKeys | null;
  close(): Promise<void>;
}

export function sharedWorkers(speculate?: { files: () => Promise<KeyFile[] | null>; now: Date }): SharedWorkers {
  let pool: Promise<WorkerPool | null> | null = null;
  let parsing: Promise<{ files: KeyFile[]; parsed: ParsedKeys | null } | null> = Promise.resolve(null);
  let speculated: ParsedKeys | null = null;
  return {
    started: () => pool !== null,
    get() {
      // The key files go first: each worker parses them before it checks any speculative slice.
      pool ??= WorkerPool.start(null, null)
        .then(async (workers) => {
          const files = workers && speculate ? await speculate.files() : null;
          if (workers && files) {
            const parsed = workers.speculate(files, speculate!.now);
            parsing = parsed.then((keys) => {
              speculated = keys;
              return { files, parsed: keys };
            });
            parsing.catch(() => undefined);
          }
          return workers;
        })
        .catch(() => null);
      return pool;
    },
    async parsedFor(files) {
      const spec = await parsing.catch(() => null);
      return spec?.parsed && sameFiles(spec.files, files) ? spec.parsed : null;
    },
    speculated: () => speculated,
    async close() {
      await (await pool)?.close();
    },
  };
}

function sameFiles(a: readonly KeyFile[], b: readonly KeyFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.path === b[i]!.path && Buffer.from(f.bytes).equals(b[i]!.bytes));
}
