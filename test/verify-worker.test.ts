// @module-tag git
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPredicate } from '../src/core/attest.js';
import { DSSE_PAYLOAD_TYPE, type Predicate } from '../src/core/model.js';
import { preAuthEncoding } from '../src/core/statement.js';
import { loadKeyring, parseKeyFiles, type Keyring } from '../src/crypto/keyring.js';
import { signingKeyFromArmored, type SigningKey } from '../src/crypto/signing-key.js';
import type { VerifyResult } from '../src/crypto/types.js';
import { readCandidates } from '../src/read/evaluate/candidates.js';
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
let armoredPublic: string;
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
  armoredPublic = publicKey;
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

/**
 * Commits as a hostile history may hold them: statements signed here, and note lines that repeat,
 * respell or garble them (duplicate keys, unicode escapes, other number forms, trailing bytes, a
 * wrong payload type, not JSON at all).
 */
function hostileCommits(): Array<{ message: string; note: string }> {
  const commits: Array<{ message: string; note: string }> = [];
  for (let i = 0; i < 24; i++) {
    const predicate: Predicate = {
      version: i % 4 === 0 ? 1 : 2,
      ai: i % 3 === 0 ? 'none' : 'used',
      tools: i % 3 === 0 ? [] : [{ tool: 'claude-code', model: `model-${i}`, via: 'cli-agent' }],
      share: i % 3 === 0 ? 0 : 10 + i,
      sensitive: i % 5 === 0 ? [{ path: 'src/auth/session.ts', category: 'security-controls', ai: [] }] : [],
      attester: { name: 'Key Holder', email: 'holder@example.com', key: signer.fingerprint },
      binding: { tree: 'a'.repeat(40), parents: ['b'.repeat(40)], patchId: i % 2 ? '' : 'c'.repeat(40) },
      time: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      source: 'env',
      extensions: i % 6 === 1 ? { provenance: { requestIds: [`req_${i}`] } } : {},
    };
    const signed = signPredicate(predicate, signer);
    const message = `change ${i}\n\n${signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
    const line = signed.noteLine;
    const envelope = JSON.parse(line) as { payload: string; payloadType: string };
    const statement = Buffer.from(envelope.payload, 'base64').toString('utf8');
    const withPayload = (text: string) => JSON.stringify({ ...envelope, payload: Buffer.from(text).toString('base64') });
    const notes = [
      line,
      `${line}\n${line}`,
      line.replace('{"payload":', '{"payload":"e30=","payload":'),
      line.replace('"payloadType"', '"payload\\u0054ype"'),
      withPayload(statement.replace(/"share":(\d+)/, '"share":$1.0')),
      withPayload(statement.replace(/"version":(\d)/, '"version":$1e0')),
      withPayload(`${statement} `),
      `${line}trailing`,
      JSON.stringify({ ...envelope, payloadType: 'application/json' }),
      'not json at all',
      '',
    ];
    commits.push({ message, note: notes[i % notes.length]! });
    commits.push({ message: `plain ${i}\n`, note: notes[(i + 3) % notes.length]! });
  }
  return commits;
}

describe('the built workers check before the trusted keys are known', () => {
  it.each(workerFiles)('%s: speculative slices wait for the speculated keys, then are checked as this thread checks them', async (file) => {
    const worker = new Worker(join(dist, file), { workerData: { [WORKER_MARK]: true } });
    try {
      const replies = new Map<number, { id: number; results?: VerifyResult[] | null; parsed?: unknown }>();
      const waiting = new Map<number, () => void>();
      worker.on('message', (r: { id: number }) => {
        replies.set(r.id, r);
        waiting.get(r.id)?.();
      });
      const answer = (id: number) =>
        new Promise<void>((resolve, reject) => (replies.has(id) ? resolve() : (waiting.set(id, resolve), worker.once('error', reject))));
      // Hostile notes decoded here: the worker gets their signatures, as the main thread sends them.
      const jobs = hostileCommits().flatMap((c) => readCandidates(c.message, c.note).flatMap((k) => k.jobs));
      expect(jobs.length).toBeGreaterThan(20);
      const speculative = (id: number, claim: Int32Array) => ({
        ...slice(
          id,
          claim,
          jobs.map((j) => j.payload),
          jobs.map((j) => j.signature),
        ),
        types: jobs.map((j) => j.payloadType),
        kind: 'check',
        speculative: true,
      });
      const claim = () => new Int32Array(new SharedArrayBuffer(4));
      // No keys speculated yet: nothing to check with.
      worker.postMessage(speculative(1, claim()));
      await answer(1);
      expect(replies.get(1)!.results).toBeNull();

      const files = [{ path: '.ai-attest/keys/holder.asc', bytes: new Uint8Array(Buffer.from(armoredPublic)) }];
      const now = new Date();
      const taken = claim();
      Atomics.store(taken, 0, TAKEN_HERE);
      worker.postMessage({ kind: 'speculate', id: 2, files, now: now.getTime() });
      worker.postMessage(speculative(3, claim()));
      worker.postMessage(speculative(4, taken));
      await Promise.all([answer(2), answer(3), answer(4)]);
      expect(replies.get(2)!.parsed).toEqual(structuredClone(await parseKeyFiles(files)));
      expect(replies.get(4)!.results).toBeNull();
      // Each signature checked there with the parsed keys at the run's clock, as this thread's keyring checks it.
      const here = jobs.map((j) => structuredClone(keyring.verify(preAuthEncoding(j.payloadType, j.payload), j.signature, now)));
      expect(replies.get(3)!.results).toEqual(here);
      expect(here.some((r) => r.ok)).toBe(true);
      expect(here.some((r) => !r.ok)).toBe(true);
    } finally {
      await worker.terminate();
    }
  });
});
