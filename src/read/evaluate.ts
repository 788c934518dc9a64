import { ChangedFilesReader } from '../git/changed-files.js';
import { commitHeads, type CommitHead } from '../git/commit-heads.js';
import type { CommitRecord } from '../git/log.js';
import { commitPatchIds } from '../git/patch-id.js';
import { commitSignatures, mergedTrees, type GitSignature } from '../git/exempt-facts.js';
import { committerTimes } from '../git/committer-times.js';
import type { Predicate } from '../core/model.js';
import { verifiedStatementsOf } from './evaluate/carried-statements.js';
import type { EvaluationContext } from './evaluate/context.js';
import { attesterOf } from './evaluate/candidates.js';
import { signatureChecker, type SignatureChecker } from './evaluate/signatures.js';
import type { SharedWorkers } from './evaluate/worker-pool.js';
import { finalize, prepare, type Prepared } from './evaluate/verdict.js';
import type { CommitVerdict } from './evaluate/types.js';

/**
 * The per-commit evaluation shared by verify, show, report and the rewrite code: every
 * statement a commit carries (trailers, note lines) is decoded and signature-checked, the best
 * valid one is chosen, and each check gives a named result with its level under the policy.
 *
 *   const ctx = await loadEvaluationContext({ cwd, env });
 *   for await (const { record, verdict } of evaluateCommits(readCommits(['v1..v2'], { cwd }), ctx)) ...
 */
export { loadEvaluationContext, RULES_VERSION, type ContextOptions, type EvaluationContext } from './evaluate/context.js';
export { describeDeclaration } from './evaluate/verdict.js';
export * from './evaluate/types.js';

export interface Evaluated {
  record: CommitRecord;
  verdict: CommitVerdict;
  /** The verdict came from `lookup` (verify's cache), not from evaluating now. */
  cached: boolean;
}

export interface EvaluateOptions {
  /** A verdict already known for a record (verify's cache); undefined: evaluate it. */
  lookup?: (record: CommitRecord) => CommitVerdict | undefined;
  /** A verdict that needs no evaluation (verify's commits without statements, see verify/settled.ts); yielded as not cached. */
  settled?: (record: CommitRecord) => CommitVerdict | undefined;
  /** Records per batch of signature checks and git calls (patch-ids, changed files). */
  chunkSize?: number;
  /** Worker threads started before the keyring was known (evaluate/check-ahead.ts): they check the signatures. */
  workers?: SharedWorkers;
}

/**
 * Verdicts in the order of `records`. Each record is decoded as it arrives and its signatures
 * handed on at once (to worker threads for long ranges); per batch of records, git computes the
 * patch-ids and changed files it needs in one call each, while the next batch is read.
 */
export async function* evaluateCommits(
  records: AsyncIterable<CommitRecord> | Iterable<CommitRecord>,
  ctx: EvaluationContext,
  options: EvaluateOptions = {},
): AsyncGenerator<Evaluated> {
  const checker = signatureChecker(ctx.keyring, ctx.now, options.workers);
  // One git diff-tree for every batch's changed files, not one per batch.
  const files = new ChangedFilesReader({ cwd: ctx.cwd, env: ctx.env });
  // Small first batches give a short range (a push) its answer at once; later ones amortise spawning git.
  let size = Math.min(options.chunkSize ?? 250, 250);
  let chunk = openChunk(ctx, checker, files);
  let pending: Chunk | null = null;
  try {
    for await (const record of records) {
      // With nothing waiting before it, a remembered verdict goes out at once, and its record
      // dies young instead of waiting in a batch.
      const cached = withAttester(options.lookup?.(record), record, ctx);
      const known = cached ? { verdict: cached, cached: true } : settledOf(record, options);
      if (known && chunk.size === 0 && pending?.evaluates === false) {
        // A batch of known verdicts only has nothing to wait for: out with it, and stream again.
        yield* await pending.finish();
        pending = null;
      }
      if (known && !pending && chunk.size === 0) {
        yield { record, ...known };
        continue;
      }
      chunk.add(record, known);
      if (chunk.size < size) continue;
      const next = chunk.close();
      chunk = openChunk(ctx, checker, files);
      size = options.chunkSize ?? 2500;
      if (pending) yield* await pending.finish(next.committerTimes);
      pending = next;
    }
    const last = chunk.size ? chunk.close() : null;
    // The last batch's share of signatures first: the workers are busy with the one before.
    last?.assist();
    if (pending) yield* await pending.finish(last?.committerTimes);
    if (last) yield* await last.finish();
  } finally {
    files.close();
    await checker.close();
  }
}

/** Evaluates a single record (show, the rewrite code). */
export async function evaluateCommit(record: CommitRecord, ctx: EvaluationContext): Promise<CommitVerdict> {
  for await (const { verdict } of evaluateCommits([record], ctx)) return verdict;
  throw new Error('unreachable: one record gives one verdict');
}

type Item = { record: CommitRecord; known: Known } | { record: CommitRecord; prepared: Prepared };

/** A verdict reached without evaluating: remembered (cached) or settled. */
type Known = { verdict: CommitVerdict; cached: boolean };

function settledOf(record: CommitRecord, options: EvaluateOptions): Known | undefined {
  const verdict = options.settled?.(record);
  return verdict && { verdict, cached: false };
}

interface Chunk {
  /** Some record of the batch is evaluated (not only known verdicts): git or the signature checks may still be at work. */
  evaluates: boolean;
  /** Checks here the batch's signatures no worker has taken. */
  assist(): void;
  /** The committer dates of the batch's commits, by id. */
  committerTimes: ReadonlyMap<string, number>;
  /**
   * The verdicts, once git's answers and the signatures are in. `later`: the committer dates of
   * the batch read after this one, where the parent of this batch's oldest commit usually is.
   */
  finish(later?: ReadonlyMap<string, number>): Promise<Evaluated[]>;
}

/**
 * A batch being filled: each record is decoded as it arrives and its signatures handed to the
 * checker at once, so that workers get work while git is still being read.
 */
function openChunk(ctx: EvaluationContext, checker: SignatureChecker, changed: ChangedFilesReader) {
  const items: Item[] = [];
  const signatures = checker.batch();
  return {
    get size() {
      return items.length;
    },
    add(record: CommitRecord, known: Known | undefined) {
      if (known) {
        items.push({ record, known });
        return;
      }
      const prepared = prepare(record, ctx);
      for (const c of prepared.candidates) signatures.add(c.jobs);
      items.push({ record, prepared });
    },
    close(): Chunk {
      const sealed = signatures.seal();
      const opts = { cwd: ctx.cwd, env: ctx.env };
      const base = (r: CommitRecord) => ({ commit: r.commit, base: r.parents[0] ?? null });
      const patchRequests: Array<{ commit: string; base: string | null }> = [];
      const fileRequests: Array<{ commit: string; base: string | null }> = [];
      const replaced: string[] = [];
      const merges: Array<{ commit: string; parents: [string, string] }> = [];
      const signed: string[] = [];
      const carried: string[] = [];
      // Parents in this batch are known already: usually only the oldest commit's parent is asked for.
      const known = new Map<string, number>();
      // One pass over the batch, in place of a callback per item and question (baseline code).
      for (let n = 0; n < items.length; n++) {
        const i = items[n]!;
        known.set(i.record.commit, i.record.committerTime);
        if (!('prepared' in i)) continue;
        const { prepared, record } = i;
        if (prepared.needsPatchId) patchRequests.push(base(record));
        if (prepared.needsFiles) fileRequests.push(base(record));
        for (const id of prepared.replaced) replaced.push(id);
        if (prepared.needsMergeProof) merges.push({ commit: record.commit, parents: [record.parents[0]!, record.parents[1]!] });
        if (prepared.needsGitSignature) signed.push(record.commit);
        for (const id of prepared.carrySources) carried.push(id);
      }
      const parents: string[] = [];
      for (let n = 0; n < items.length; n++) {
        const i = items[n]!;
        if (!('prepared' in i) || !i.prepared.needsParentTimes) continue;
        for (const id of i.record.parents) if (!known.has(id)) parents.push(id);
      }
      // Parents outside the batch: asked of git when finishing, unless the next batch has them.
      const parentTimesOf = (later: ReadonlyMap<string, number> | undefined): Promise<Map<string, number>> => {
        const found = new Map<string, number>();
        const missing: string[] = [];
        for (const id of parents) {
          const time = later?.get(id);
          if (time === undefined) missing.push(id);
          else found.set(id, time);
        }
        if (!missing.length) return Promise.resolve(found);
        return committerTimes(missing, opts).then((times) => {
          for (const [id, time] of found) times.set(id, time);
          return times;
        });
      };
      const work = Promise.all([
        patchRequests.length ? commitPatchIds(patchRequests, opts) : new Map<string, string>(),
        changed.read(fileRequests),
        replaced.length ? commitHeads(replaced, opts) : new Map<string, CommitHead>(),
        sealed.done,
        merges.length ? mergedTrees(merges, opts) : new Map<string, string | null>(),
        signed.length ? commitSignatures(signed, opts) : new Map<string, GitSignature>(),
        carried.length ? verifiedStatementsOf(carried, ctx) : new Map<string, Predicate[]>(),
      ]);
      // Awaited later; until then a failure must not count as unhandled.
      work.catch(() => undefined);
      return {
        evaluates: items.some((i) => 'prepared' in i),
        assist: sealed.assist,
        committerTimes: known,
        async finish(later) {
          const asked = parentTimesOf(later);
          asked.catch(() => undefined);
          sealed.assist();
          const [patchIds, files, heads, , merged, signatures, carriedStatements] = await work;
          const parentTimes = await asked;
          for (const [id, time] of known) parentTimes.set(id, time);
          return items.map((i) =>
            'known' in i
              ? { record: i.record, ...i.known }
              : {
                  record: i.record,
                  verdict: finalize(i.prepared, patchIds.get(i.record.commit), files.get(i.record.commit), ctx, heads, {
                    merged,
                    signatures,
                    parentTimes,
                    carried: carriedStatements,
                  }),
                  cached: false,
                },
          );
        },
      };
    },
  };
}

/**
 * A remembered v2 statement names its attester by key only (name and email are not signed): the
 * trusted key's user id fills them in, as when the signature was checked.
 */
function withAttester(verdict: CommitVerdict | undefined, record: CommitRecord, ctx: EvaluationContext): CommitVerdict | undefined {
  const attester = verdict?.statement?.attester;
  if (!verdict?.statement || !attester || attester.email || attester.name) return verdict;
  const holder = attesterOf(ctx.keyring.keys.get(attester.key)?.userIds ?? [], record.authorEmail);
  return holder ? { ...verdict, statement: { ...verdict.statement, attester: { ...holder, key: attester.key } } } : verdict;
}
