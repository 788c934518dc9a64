import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { preAuthEncoding } from '../../core/statement.js';
import { makeKeyring } from '../../crypto/keyring.js';
import type { PublicKeyEntry, RejectedKey, VerifyResult } from '../../crypto/types.js';

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

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true) {
  const data = workerData as Data;
  const keyring = makeKeyring(data.keys, data.rejected, data.digest);
  const now = new Date(data.now);
  parentPort.on(
    'message',
    ({ port, types, lengths, bytes }: { port: MessagePort; types: string[]; lengths: Uint32Array; bytes: Uint8Array }) => {
      const results: VerifyResult[] = [];
      let at = 0;
      for (let i = 0; i < lengths.length; i += 2) {
        const payloadEnd = at + lengths[i]!;
        const sigEnd = payloadEnd + lengths[i + 1]!;
        results.push(
          keyring.verify(preAuthEncoding(types[i / 2]!, bytes.subarray(at, payloadEnd)), bytes.subarray(payloadEnd, sigEnd), now),
        );
        at = sigEnd;
      }
      port.postMessage(results);
    },
  );
}
