// @module-tag git
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DSSE_PAYLOAD_TYPE } from '../src/core/model.js';
import { preAuthEncoding } from '../src/core/statement.js';
import { loadKeyring, type Keyring } from '../src/crypto/keyring.js';
import { signingKeyFromArmored, type SigningKey } from '../src/crypto/signing-key.js';
import { FREE, TAKEN_BY_WORKER, TAKEN_HERE } from '../src/read/evaluate/signature-claim.js';
import { WORKER_MARK } from '../src/read/evaluate/verify-worker.js';

/**
 * The built signature workers (the CLI's chunk and the lean start's file) and the claim word they
 * share with the main thread: a slice is checked by whichever side takes it first, never by both,
 * and a slice the main thread took is answered without results.
 */
const dist = join(import.meta.dirname, '..', 'dist');
// dist/ is never cleaned (parallel test runs share it): the chunk of the latest build is the newest one.
const chunks = readdirSync(dist)
  .filter((f) => /^verify-worker-[A-Za-z0-9_]+\.js$/.test(f) && f !== 'verify-worker-lean.js')
  .sort((a, b) => statSync(join(dist, b)).mtimeMs - statSync(join(dist, a)).mtimeMs);
const workerFiles = [...chunks.slice(0, 1), 'verify-worker-lean.js'];

let dir: string;
let signer: SigningKey;
let keyring: Keyring;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ai-attest-worker-'));
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Key Holder', email: 'holder@example.com' }],
    format: 'armored',
    config: { v6Keys: false },
    date: new Date(Date.now() - 86_400_000),
  });
  writeFileSync(join(dir, 'holder.asc'), publicKey);
  keyring = await loadKeyring([dir]);
  signer = await signingKeyFromArmored(privateKey);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Reply {
  id: number;
  results: { ok: boolean; reason?: string }[] | null;
}

function slice(id: number, claim: Int32Array, payloads: Uint8Array[], signatures: Uint8Array[]) {
  const lengths = new Uint32Array(payloads.length * 2);
  payloads.forEach((p, i) => {
    lengths[2 * i] = p.length;
    lengths[2 * i + 1] = signatures[i]!.length;
  });
  const bytes = Buffer.concat(payloads.flatMap((p, i) => [p, signatures[i]!]));
  return { id, claim, types: payloads.map(() => DSSE_PAYLOAD_TYPE), lengths, bytes: new Uint8Array(bytes) };
}

describe('signature workers', () => {
  it('are built: the CLI chunk and the lean start file', () => {
    expect(chunks.length).toBeGreaterThan(0);
  });

  it.each(workerFiles)('%s checks a free slice, claims it, and leaves one taken here alone', async (file) => {
    const worker = new Worker(join(dist, file), {
      workerData: { [WORKER_MARK]: true, keys: [...keyring.keys.values()], rejected: [], digest: keyring.digest, now: Date.now() },
    });
    try {
      const replies = new Map<number, Reply>();
      const answered = (n: number) =>
        new Promise<void>((resolve, reject) => {
          worker.on('error', reject);
          worker.on('message', (r: Reply) => {
            replies.set(r.id, r);
            if (replies.size === n) resolve();
          });
        });
      const payloads = ['one', 'two', 'three'].map((t) => Buffer.from(`{"statement":"${t}"}`));
      const signatures = payloads.map((p) => signer.sign(preAuthEncoding(DSSE_PAYLOAD_TYPE, p), new Date(Date.now() - 60_000)));
      // The second signature covers other bytes: it must fail, in the worker as here.
      const forged = [signatures[0]!, signatures[0]!, signatures[2]!];
      const free = new Int32Array(new SharedArrayBuffer(4));
      const taken = new Int32Array(new SharedArrayBuffer(4));
      Atomics.store(taken, 0, TAKEN_HERE);
      const done = answered(2);
      worker.postMessage(slice(1, free, payloads, forged));
      worker.postMessage(slice(2, taken, payloads, signatures));
      await done;
      expect(replies.get(1)!.results!.map((r) => r.ok)).toEqual([true, false, true]);
      expect(replies.get(1)!.results![1]).toMatchObject({ ok: false, reason: 'bad-signature' });
      expect(Atomics.load(free, 0)).toBe(TAKEN_BY_WORKER);
      expect(replies.get(2)!.results).toBeNull();
      expect(Atomics.load(taken, 0)).toBe(TAKEN_HERE);
      // The same verdicts as the main thread's keyring.
      const here = payloads.map((p, i) => keyring.verify(preAuthEncoding(DSSE_PAYLOAD_TYPE, p), forged[i]!).ok);
      expect(here).toEqual([true, false, true]);
      expect(FREE).toBe(0);
    } finally {
      await worker.terminate();
    }
  });
});
