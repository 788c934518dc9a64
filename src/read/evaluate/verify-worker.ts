import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { preAuthEncoding } from '../../core/statement.js';
import { makeKeyring, parseKeyFiles, type KeyFile, type Keyring } from '../../crypto/keyring.js';
import type { PublicKeyEntry, RejectedKey, VerifyResult } from '../../crypto/types.js';
import { FREE, TAKEN_BY_WORKER } from './signature-claim.js';

/**
 * The worker side of worker-pool.ts. The bundler gives this module its own chunk
 * (verify-worker-<hash>.js), which a worker thread loads by this URL: the code that runs there
 * is exactly the keyring code that runs on the main thread.
 */
export const WORKER_URL = import.meta.url;
export const WORKER_MARK = 'aiAttestVerifyWorker';

interface KeyringData {
  keys: PublicKeyEntry[];
  rejected: RejectedKey[];
  digest: string;
  now: number;
}

/**
 * Signatures to check. Shared with the main thread: a slice it took first is answered with null,
 * unchecked. A `speculative` slice comes before the trusted keyring is known: it is checked with
 * the speculated keys (see Speculation), and answered with null when there are none.
 */
interface CheckSlice {
  kind?: 'check';
  speculative?: boolean;
  id: number;
  claim: Int32Array;
  types: string[];
  lengths: Uint32Array;
  bytes: Uint8Array;
}

/**
 * Key files to parse at once, before the trust revision is known (a cold verify: the work tree's
 * keyring, which the trusted one usually is): the parse is answered, and the speculative slices
 * are checked with those keys and that clock. The main thread uses both only if the trusted
 * keyring turns out to be those keys.
 */
interface Speculation {
  kind: 'speculate';
  id: number;
  files: KeyFile[];
  now: number;
}

/** The keyring arrives after the worker started when it was started before the keys were known. */
type Message = CheckSlice | Speculation | ({ kind: 'keyring' } & KeyringData);

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true) {
  const port = parentPort;
  let keyring: Keyring | null = null;
  let now = new Date();
  let speculated: { keyring: Keyring; now: Date } | null = null;
  /** While the speculated keys are parsed, speculative slices wait for them (the main thread may take them meanwhile). */
  let parsing: Promise<void> | null = null;
  const useKeyring = (data: KeyringData) => {
    keyring = makeKeyring(data.keys, data.rejected, data.digest);
    now = new Date(data.now);
  };
  if ((workerData as Partial<KeyringData>).keys) useKeyring(workerData as KeyringData);
  const handle = (message: CheckSlice): void => {
    const { id, claim } = message;
    if (!message.speculative && !keyring) throw new Error('a signature slice came before the keyring');
    const keys = message.speculative ? speculated : keyring && { keyring, now };
    if (!keys || Atomics.compareExchange(claim, 0, FREE, TAKEN_BY_WORKER) !== FREE) {
      port.postMessage({ id, results: null });
      return;
    }
    const { types, lengths, bytes } = message;
    const results: VerifyResult[] = [];
    let at = 0;
    for (let i = 0; i < lengths.length; i += 2) {
      const payloadEnd = at + lengths[i]!;
      const sigEnd = payloadEnd + lengths[i + 1]!;
      const data = preAuthEncoding(types[i / 2]!, bytes.subarray(at, payloadEnd));
      results.push(keys.keyring.verify(data, bytes.subarray(payloadEnd, sigEnd), keys.now));
      at = sigEnd;
    }
    port.postMessage({ id, results });
  };
  port.on('message', (message: Message) => {
    if (message.kind === 'keyring') {
      useKeyring(message);
      return;
    }
    if (message.kind === 'speculate') {
      const { id, files } = message;
      parsing = parseKeyFiles(files).then(
        (parsed) => {
          speculated = { keyring: makeKeyring(parsed.keys, parsed.rejected, ''), now: new Date(message.now) };
          port.postMessage({ id, parsed });
        },
        () => port.postMessage({ id, parsed: null }),
      );
      parsing.then(() => (parsing = null));
      return;
    }
    if (message.speculative && parsing) {
      parsing.then(() => handle(message));
      return;
    }
    handle(message);
  });
}
