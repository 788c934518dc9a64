import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { preAuthEncoding } from '../../core/statement.js';
import { makeKeyring, parseKeyFiles, type KeyFile, type Keyring } from '../../crypto/keyring.js';
import type { PublicKeyEntry, RejectedKey, VerifyResult } from '../../crypto/types.js';
import { readCandidates, type Candidate } from './candidates.js';
import { FREE, TAKEN_BY_WORKER } from './signature-claim.js';

/**
 * The worker side of worker-pool.ts. The bundler gives this module its own chunk
 * (verify-worker-<hash>.js), which a worker thread loads by this URL: the code that runs there
 * is exactly the keyring and decoding code that runs on the main thread.
 */
export const WORKER_URL = import.meta.url;
export const WORKER_MARK = 'aiAttestVerifyWorker';

interface KeyringData {
  keys: PublicKeyEntry[];
  rejected: RejectedKey[];
  digest: string;
  now: number;
}

/** Signatures to check. Shared with the main thread: a slice it took first is answered with null, unchecked. */
interface CheckSlice {
  kind?: 'check';
  id: number;
  claim: Int32Array;
  types: string[];
  lengths: Uint32Array;
  bytes: Uint8Array;
}

/** Commits whose statements to decode (readCandidates), claimed the same way. */
interface DecodeSlice {
  kind: 'decode';
  id: number;
  claim: Int32Array;
  messages: string[];
  notes: string[];
}

/**
 * Key files to parse at once, before the trust revision is known (a cold verify: the work tree's
 * keyring, which the trusted one usually is): the parse is answered, and the signatures of the
 * commits decoded from then on are checked with those keys and that clock. The main thread uses
 * both only if the trusted keyring turns out to be made of exactly these files.
 */
interface Speculation {
  kind: 'speculate';
  id: number;
  files: KeyFile[];
  now: number;
}

/** The keyring arrives after the worker started when it decoded while the keys loaded. */
type Message = CheckSlice | DecodeSlice | Speculation | ({ kind: 'keyring' } & KeyringData);

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true) {
  const port = parentPort;
  let keyring: Keyring | null = null;
  let now = new Date();
  let speculated: { keyring: Keyring; now: Date } | null = null;
  /** While the speculated keys are parsed, decoding waits for them (the main thread may take those slices meanwhile). */
  let parsing: Promise<void> | null = null;
  const useKeyring = (data: KeyringData) => {
    keyring = makeKeyring(data.keys, data.rejected, data.digest);
    now = new Date(data.now);
  };
  if ((workerData as Partial<KeyringData>).keys) useKeyring(workerData as KeyringData);
  const handle = (message: CheckSlice | DecodeSlice): void => {
    const { id, claim } = message;
    if (Atomics.compareExchange(claim, 0, FREE, TAKEN_BY_WORKER) !== FREE) {
      port.postMessage(message.kind === 'decode' ? { id, candidates: null } : { id, results: null });
      return;
    }
    if (message.kind === 'decode') {
      const candidates: Candidate[][] = message.messages.map((m, i) => readCandidates(m, message.notes[i]!));
      if (speculated) {
        const { keyring: keys, now: at } = speculated;
        for (const commit of candidates)
          for (const c of commit)
            for (const j of c.jobs) j.result = keys.verify(preAuthEncoding(j.payloadType, j.payload), j.signature, at);
      }
      port.postMessage({ id, candidates, speculative: speculated !== null });
      return;
    }
    const { types, lengths, bytes } = message;
    const results: VerifyResult[] = [];
    let at = 0;
    for (let i = 0; i < lengths.length; i += 2) {
      const payloadEnd = at + lengths[i]!;
      const sigEnd = payloadEnd + lengths[i + 1]!;
      results.push(
        keyring!.verify(preAuthEncoding(types[i / 2]!, bytes.subarray(at, payloadEnd)), bytes.subarray(payloadEnd, sigEnd), now),
      );
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
    if (message.kind === 'decode' && parsing) {
      parsing.then(() => handle(message));
      return;
    }
    handle(message);
  });
}
