import { beforeAll, describe, expect, it } from 'vitest';
import { signPredicate } from '../src/core/attest.js';
import type { Predicate } from '../src/core/model.js';
import type { VerifyResult } from '../src/crypto/types.js';
import { signingKeyFromArmored, type SigningKey } from '../src/crypto/signing-key.js';
import type { CommitRecord } from '../src/git/log.js';
import { readCandidates, type Candidate } from '../src/read/evaluate/candidates.js';
import { checkAhead } from '../src/read/evaluate/check-ahead.js';
import { takeDecoded } from '../src/read/evaluate/decode-ahead.js';
import { FREE, TAKEN_BY_WORKER } from '../src/read/evaluate/signature-claim.js';
import type { SignatureJob } from '../src/read/evaluate/signatures.js';
import type { SharedWorkers, WorkerPool } from '../src/read/evaluate/worker-pool.js';
import { ed25519KeyPair } from './helpers/ed25519-key.js';

/*
 * checkAhead hands out the records of a range in order, each decoded as this thread decodes it,
 * while a worker (here a stand-in that answers as the worker does) checks their signatures with
 * the speculated keys; those results stay only when the run trusts exactly those keys, and a
 * slice the worker has not started when the reader reaches it is taken back, unchecked.
 */
let signer: SigningKey;
beforeAll(async () => {
  signer = await signingKeyFromArmored((await ed25519KeyPair('Key Holder', 'holder@example.com')).privateKey);
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
  const other = '{"payload":"e30=","payloadType":"application/vnd.in-toto+json","signatures":[{"keyid":"K","sig":"c2ln"}]}';
  const notes = [signed && i % 2 === 0 ? signed.noteLine : '', i % 5 === 0 ? other : ''];
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

const CHECKED: VerifyResult = { ok: false, reason: 'unknown-key', detail: 'checked by the worker' };

/** A stand-in pool: checks every `every`-th speculative slice at once (leaves the others waiting), or fails. */
function fakeWorkers(options: { every: number; fail?: boolean }) {
  let sent = 0;
  let checked = 0;
  const pool = {
    async check(jobs: SignatureJob[], claim: Int32Array, speculative: boolean) {
      expect(speculative).toBe(true);
      const mine = !options.fail && sent++ % options.every === 0 && Atomics.compareExchange(claim, 0, FREE, TAKEN_BY_WORKER) === FREE;
      await new Promise((resolve) => setImmediate(resolve));
      if (options.fail) throw new Error('worker died');
      if (!mine) return false;
      checked += jobs.length;
      for (const job of jobs) job.result = CHECKED;
      return true;
    },
  } as unknown as WorkerPool;
  const workers: SharedWorkers = {
    started: () => true,
    get: async () => pool,
    parsedFor: async () => null,
    speculated: () => null,
    close: async () => undefined,
  };
  return { workers, checked: () => checked };
}

async function drain(iterator: AsyncIterableIterator<CommitRecord>) {
  const out: Array<{ record: CommitRecord; candidates: Candidate[] }> = [];
  for await (const record of iterator) out.push({ record, candidates: takeDecoded(record) ?? readCandidates(record.message, record.note) });
  return out;
}

/** The decoded statements as this thread decodes them, the results left aside. */
function withoutResults(candidates: Candidate[]) {
  return candidates.map((c) => ({ ...c, jobs: c.jobs.map(({ result: _, ...job }) => job) }));
}

describe('checkAhead', () => {
  let records: CommitRecord[];
  beforeAll(() => {
    records = Array.from({ length: 1500 }, (_, i) => record(i));
  });

  it.each([true, false])('hands out every record in order, decoded as here (the worker checks kept: %s)', async (holds) => {
    let ready!: () => void;
    const keys = new Promise<void>((resolve) => (ready = resolve));
    const { workers, checked } = fakeWorkers({ every: 2 });
    const iterator = checkAhead(source(records), keys, workers, { limit: 5000, speculationHolds: () => holds });
    setTimeout(ready, 30);
    const out = await drain(iterator);
    expect(out.map((o) => o.record)).toEqual(records);
    expect(checked()).toBeGreaterThan(0);
    let kept = 0;
    let unchecked = 0;
    for (const { record: r, candidates } of out) {
      expect(withoutResults(candidates)).toEqual(withoutResults(readCandidates(r.message, r.note)));
      for (const job of candidates.flatMap((c) => c.jobs)) {
        if (job.result === undefined) unchecked++;
        else {
          expect(holds).toBe(true);
          expect(job.result).toEqual(CHECKED);
          kept++;
        }
      }
    }
    // Slices the worker never started were taken back: those signatures are checked the usual way.
    expect(unchecked).toBeGreaterThan(0);
    if (holds) expect(kept).toBe(checked());
  });

  it('checks nothing ahead with a dead worker', async () => {
    const { workers } = fakeWorkers({ every: 1, fail: true });
    const out = await drain(
      checkAhead(source(records), new Promise(() => undefined), workers, { limit: 600, speculationHolds: () => true }),
    );
    expect(out).toHaveLength(records.length);
    for (const { candidates } of out) for (const c of candidates) for (const job of c.jobs) expect(job.result).toBeUndefined();
  });

  it("hands out the records git sent before failing, then git's error", async () => {
    const { workers } = fakeWorkers({ every: 2 });
    const iterator = checkAhead(source(records, 700), Promise.resolve(), workers, { limit: 5000, speculationHolds: () => true });
    const got: CommitRecord[] = [];
    await expect(
      (async () => {
        for await (const r of iterator) got.push(r);
      })(),
    ).rejects.toThrow('git died');
    expect(got.length).toBeLessThanOrEqual(700);
    expect(got).toEqual(records.slice(0, got.length));
  });
});
