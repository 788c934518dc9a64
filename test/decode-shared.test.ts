import { beforeAll, describe, expect, it } from 'vitest';
import { signPredicate } from '../src/core/attest.js';
import type { Predicate } from '../src/core/model.js';
import { signingKeyFromArmored, type SigningKey } from '../src/crypto/signing-key.js';
import type { CommitRecord } from '../src/git/log.js';
import { ed25519KeyPair } from './helpers/ed25519-key.js';
import { readCandidates, type Candidate } from '../src/read/evaluate/candidates.js';
import { takeDecoded } from '../src/read/evaluate/decode-ahead.js';
import { decodeShared } from '../src/read/evaluate/decode-shared.js';
import { FREE, TAKEN_BY_WORKER } from '../src/read/evaluate/signature-claim.js';
import type { DecodeInput, SharedWorkers, WorkerPool } from '../src/read/evaluate/worker-pool.js';

/*
 * decodeShared hands out the records of a range in order, each decoded once, by this thread or
 * a worker (here a stand-in that answers as the worker does); signatures a worker checked with
 * the speculated keys are kept only when the run trusts exactly those keys.
 */
let signer: SigningKey;
beforeAll(async () => {
  const { privateKey } = await ed25519KeyPair('Key Holder', 'holder@example.com');
  signer = await signingKeyFromArmored(privateKey);
});

function record(i: number): CommitRecord {
  const predicate: Predicate = {
    version: 2,
    ai: 'used',
    tools: [{ tool: 'claude-code', model: 'claude-sonnet-4-5', via: 'cli-agent' }],
    share: i % 101,
    sensitive: [],
    attester: { name: '', email: '', key: signer.fingerprint },
    binding: { tree: 'a'.repeat(40), parents: [], patchId: '' },
    time: '2026-01-01T00:00:00Z',
    source: 'env',
    extensions: {},
  };
  const signed = i % 3 === 0 ? signPredicate(predicate, signer) : null;
  const trailers = signed ? `\n\n${signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}` : '';
  const notes = [
    signed && i % 2 === 0 ? signed.noteLine : '',
    i % 5 === 0 ? '{"payload":"e30=","payloadType":"application/vnd.in-toto+json","signatures":[{"keyid":"K","sig":"c2ln"}]}' : '',
  ];
  return {
    commit: i.toString(16).padStart(40, '0'),
    tree: 't'.repeat(40),
    parents: [],
    authorName: 'A',
    authorEmail: 'a@example.com',
    authorTime: i,
    committerName: 'A',
    committerEmail: 'a@example.com',
    committerTime: i,
    message: `change ${i}${trailers}\n`,
    note: notes.filter(Boolean).join('\n'),
  };
}

async function* source(records: CommitRecord[], failAfter = Infinity): AsyncGenerator<CommitRecord> {
  for (const [i, r] of records.entries()) {
    if (i === failAfter) throw new Error('git died');
    yield r;
  }
}

const CHECKED = { ok: false as const, reason: 'unknown-key' as const, detail: 'checked by the worker' };

/** A stand-in pool: takes every `every`-th slice it is sent (the others it finds taken or leaves), or fails. */
function fakeWorkers(options: { every: number; speculative: boolean; fail?: boolean }) {
  let sent = 0;
  let taken = 0;
  const pool = {
    async decode(commits: readonly DecodeInput[], claim: Int32Array) {
      // A worker that is free takes the slice at once; it answers a while later.
      const mine = !options.fail && sent++ % options.every === 0 && Atomics.compareExchange(claim, 0, FREE, TAKEN_BY_WORKER) === FREE;
      await new Promise((resolve) => setImmediate(resolve));
      if (options.fail) throw new Error('worker died');
      if (!mine) return null;
      taken++;
      const candidates = commits.map((c) => structuredClone(readCandidates(c.message, c.note)));
      if (options.speculative) for (const commit of candidates) for (const c of commit) for (const j of c.jobs) j.result = CHECKED;
      return { candidates, speculative: options.speculative };
    },
  } as unknown as WorkerPool;
  const workers: SharedWorkers = {
    started: () => true,
    get: async () => pool,
    parsedFor: async () => null,
    speculated: () => null,
    close: async () => undefined,
  };
  return { workers, taken: () => taken };
}

async function drain(iterator: AsyncIterableIterator<CommitRecord>) {
  const out: Array<{ record: CommitRecord; candidates: Candidate[] | undefined }> = [];
  for await (const record of iterator) out.push({ record, candidates: takeDecoded(record) });
  return out;
}

describe('decodeShared', () => {
  let records: CommitRecord[];
  beforeAll(() => {
    records = Array.from({ length: 1500 }, (_, i) => record(i));
  });

  it.each([true, false])('hands out every record in order, decoded as here (worker checks kept: %s)', async (holds) => {
    const { workers, taken } = fakeWorkers({ every: 2, speculative: true });
    const out = await drain(decodeShared(source(records), Promise.resolve(), workers, { limit: 300, speculationHolds: () => holds }));
    expect(out.map((o) => o.record)).toEqual(records);
    expect(taken()).toBeGreaterThan(0);
    let kept = 0;
    for (const { record: r, candidates } of out) {
      expect(candidates).toBeDefined();
      const here = readCandidates(r.message, r.note);
      // Apart from the results a worker checked, what a worker decoded is what this thread decodes.
      const results = candidates!.flatMap((c) => c.jobs.map((j) => j.result));
      for (const c of candidates!) for (const j of c.jobs) delete j.result;
      expect(structuredClone(candidates)).toEqual(structuredClone(here));
      for (const result of results) {
        if (result === undefined) continue;
        expect(holds).toBe(true);
        expect(result).toEqual(CHECKED);
        kept++;
      }
    }
    if (holds) expect(kept).toBeGreaterThan(0);
  });

  it('decodes here what a dead worker was sent', async () => {
    const { workers } = fakeWorkers({ every: 1, speculative: false, fail: true });
    const out = await drain(decodeShared(source(records), Promise.resolve(), workers, { limit: 300, speculationHolds: () => true }));
    expect(out).toHaveLength(records.length);
    for (const { record: r, candidates } of out) expect(candidates).toEqual(readCandidates(r.message, r.note));
  });

  it("hands out the records git sent before failing, then git's error", async () => {
    const { workers } = fakeWorkers({ every: 2, speculative: false });
    const iterator = decodeShared(source(records, 700), Promise.resolve(), workers, { limit: 300, speculationHolds: () => true });
    const got: CommitRecord[] = [];
    await expect(
      (async () => {
        for await (const r of iterator) got.push(r);
      })(),
    ).rejects.toThrow('git died');
    expect(got).toEqual(records.slice(0, 700));
  });

  it('waits for its keys before the reader starts, decoding only what no worker was sent', async () => {
    let ready!: () => void;
    const keys = new Promise<void>((resolve) => (ready = resolve));
    const { workers } = fakeWorkers({ every: 1, speculative: false });
    const iterator = decodeShared(source(records), keys, workers, { limit: 5000, speculationHolds: () => true });
    setTimeout(ready, 20);
    const out = await drain(iterator);
    expect(out.map((o) => o.record)).toEqual(records);
    for (const { record: r, candidates } of out)
      expect(structuredClone(candidates)).toEqual(structuredClone(readCandidates(r.message, r.note)));
  });
});
