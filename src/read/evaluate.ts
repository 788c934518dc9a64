import { changedFiles } from '../git/changed-files.js';
import type { CommitRecord } from '../git/log.js';
import { commitPatchIds } from '../git/patch-id.js';
import type { EvaluationContext } from './evaluate/context.js';
import { signatureChecker, type SignatureChecker } from './evaluate/signatures.js';
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
  /** Records per batch of signature checks and git calls (patch-ids, changed files). */
  chunkSize?: number;
}

/**
 * Verdicts in the order of `records`. Records are taken in batches: while this thread decodes
 * a batch, the previous one's signatures are checked (on worker threads for long ranges) and
 * git computes its patch-ids and changed files (one batched call each).
 */
export async function* evaluateCommits(
  records: AsyncIterable<CommitRecord> | Iterable<CommitRecord>,
  ctx: EvaluationContext,
  options: EvaluateOptions = {},
): AsyncGenerator<Evaluated> {
  const checker = signatureChecker(ctx.keyring, ctx.now);
  // Small first batches give a short range (a push) its answer at once; later ones amortise spawning git.
  let size = Math.min(options.chunkSize ?? 250, 250);
  let chunk: CommitRecord[] = [];
  let pending: (() => Promise<Evaluated[]>) | null = null;
  try {
    for await (const record of records) {
      // With nothing waiting before it, a remembered verdict goes out at once, and its record
      // dies young instead of waiting in a batch.
      if (!pending && chunk.length === 0 && options.lookup) {
        const verdict = options.lookup(record);
        if (verdict) {
          yield { record, verdict, cached: true };
          continue;
        }
      }
      chunk.push(record);
      if (chunk.length < size) continue;
      const next = startChunk(chunk, ctx, checker, options.lookup);
      chunk = [];
      size = options.chunkSize ?? 2500;
      if (pending) yield* await pending();
      pending = next;
    }
    const last = chunk.length ? startChunk(chunk, ctx, checker, options.lookup) : null;
    if (pending) yield* await pending();
    if (last) yield* await last();
  } finally {
    await checker.close();
  }
}

/** Evaluates a single record (show, the rewrite code). */
export async function evaluateCommit(record: CommitRecord, ctx: EvaluationContext): Promise<CommitVerdict> {
  for await (const { verdict } of evaluateCommits([record], ctx)) return verdict;
  throw new Error('unreachable: one record gives one verdict');
}

type Item = { record: CommitRecord; cached: CommitVerdict } | { record: CommitRecord; prepared: Prepared };

function startChunk(
  records: CommitRecord[],
  ctx: EvaluationContext,
  checker: SignatureChecker,
  lookup: EvaluateOptions['lookup'],
): () => Promise<Evaluated[]> {
  const items: Item[] = records.map((record) => {
    const cached = lookup?.(record);
    return cached ? { record, cached } : { record, prepared: prepare(record, ctx) };
  });
  const opts = { cwd: ctx.cwd, env: ctx.env };
  const base = (r: CommitRecord) => ({ commit: r.commit, base: r.parents[0] ?? null });
  const patchRequests = items.flatMap((i) => ('prepared' in i && i.prepared.needsPatchId ? [base(i.record)] : []));
  const fileRequests = items.flatMap((i) => ('prepared' in i && i.prepared.needsFiles ? [base(i.record)] : []));
  const jobs = items.flatMap((i) => ('prepared' in i ? i.prepared.candidates.flatMap((c) => c.jobs) : []));
  const signatures = checker.check(jobs);
  const work = Promise.all([
    patchRequests.length ? commitPatchIds(patchRequests, opts) : new Map<string, string>(),
    fileRequests.length ? changedFiles(fileRequests, opts) : new Map<string, string[]>(),
    signatures.done,
  ]);
  // Awaited later; until then a failure must not count as unhandled.
  work.catch(() => undefined);
  return async () => {
    signatures.assist();
    const [patchIds, files] = await work;
    return items.map((i) =>
      'cached' in i
        ? { record: i.record, verdict: i.cached, cached: true }
        : { record: i.record, verdict: finalize(i.prepared, patchIds.get(i.record.commit), files.get(i.record.commit), ctx), cached: false },
    );
  };
}
