import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { preAuthEncoding } from '../../core/statement.js';
import { makeKeyring } from '../../crypto/keyring.js';
import type { PublicKeyEntry, RejectedKey, VerifyResult } from '../../crypto/types.js';
import { FREE, TAKEN_BY_WORKER } from './signature-claim.js';

/**
 * The worker side of signatures.ts. The bundler gives this module its own chunk
 * (verify-worker-<hash>.js), which a worker thread loads by this URL: the code that runs there
 * is exactly the keyring code that runs on the main thread.
 */
export const WORKER_URL = import.meta.url;
export const WORKER_MARK = 'aiAttestVerifyWorker';

interface Data {
  keys: PublicKeyEntry[];
  rejected: RejectedKey[];
  digest: string;
  now: number;
}

interface Slice {
  id: number;
  /** Shared with the main thread: a slice it took first is answered with null, unchecked. */
  claim: Int32Array;
  types: string[];
  lengths: Uint32Array;
  bytes: Uint8Array;
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true) {
  const data = workerData as Data;
  const port = parentPort;
  const keyring = makeKeyring(data.keys, data.rejected, data.digest);
  const now = new Date(data.now);
  port.on('message', ({ id, claim, types, lengths, bytes }: Slice) => {
    if (Atomics.compareExchange(claim, 0, FREE, TAKEN_BY_WORKER) !== FREE) {
      port.postMessage({ id, results: null });
      return;
    }
    const results: VerifyResult[] = [];
    let at = 0;
    for (let i = 0; i < lengths.length; i += 2) {
      const payloadEnd = at + lengths[i]!;
      const sigEnd = payloadEnd + lengths[i + 1]!;
      results.push(keyring.verify(preAuthEncoding(types[i / 2]!, bytes.subarray(at, payloadEnd)), bytes.subarray(payloadEnd, sigEnd), now));
      at = sigEnd;
    }
    port.postMessage({ id, results });
  });
}
