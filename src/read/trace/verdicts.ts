import type { CommitRecord } from '../../git/log.js';
import type { GitOptions } from '../../git/run.js';
import { loadEvaluationContext } from '../evaluate/context.js';
import type { CommitVerdict } from '../evaluate/types.js';
import { cacheScope, type CacheScope } from '../verify/cache-scope.js';
import type { VerifyCache } from '../verify/cache.js';

export interface VerdictSource {
  /** verify's verdict per commit id, exactly as `ai-attest verify` would give it. */
  judge(records: readonly CommitRecord[]): Promise<Map<string, CommitVerdict>>;
  /** The work tree's top, from the same context load. */
  top(): Promise<string | null>;
  /**
   * What cached verdicts and views hold under (src/read/trace/cache.ts); null without caches
   * (--no-cache) or where the context did not load (judge then says why).
   */
  cacheScope(): Promise<CacheScope | null>;
}

/**
 * Starts loading verify's context (config, keyring, exemptions) at once, so that it overlaps with
 * the git calls instead of following them, and its verdict cache once `cacheNeeded` says so (at
 * once by default) or a commit is judged: the trace cache may leave none to judge. Commits verify (or
 * an earlier trace) found passing are taken from its cache, keyed by commit, note, keyring and
 * policy; the others are evaluated with `detail`, which keeps every statement found, so that one
 * that fails verification can still be shown, as a claim. The evaluation and verify's cache are
 * imported only then: a trace whose commits are all in its own cache needs neither.
 */
export function startVerdicts(
  git: GitOptions & { env: NodeJS.ProcessEnv },
  useCache = true,
  cacheNeeded: Promise<boolean> = Promise.resolve(true),
  rev = 'HEAD',
): VerdictSource {
  const within = namesOneCommit(rev) ? { judgedWithin: [rev] } : {};
  const context = loadEvaluationContext({ cwd: git.cwd, env: git.env, detail: true, ...within });
  let cache: Promise<VerifyCache | null> | null = null;
  const verifyCache = () =>
    (cache ??= useCache
      ? Promise.all([context, import('../verify/cache.js')]).then(([ctx, { VerifyCache }]) =>
          VerifyCache.load(ctx.paths.commonDir, cacheScope(ctx)),
        )
      : Promise.resolve(null));
  let evaluation: Promise<typeof import('../evaluate.js')> | null = null;
  const evaluate = () => (evaluation ??= import('../evaluate.js'));
  // Commits the trace cache lacks will be judged: their evaluation loads while git reads them.
  cacheNeeded.then((needed) => (needed ? Promise.all([verifyCache(), evaluate()]) : null)).catch(() => undefined);
  // git's own answer to the same problem (not a repository) comes from log -L, with a better
  // message; until judge() is called, a failed load must not count as unhandled.
  context.catch(() => undefined);
  return {
    top: async () => (await context).paths.top,
    async cacheScope() {
      if (!useCache) return null;
      const ctx = await context.catch(() => null);
      return ctx && cacheScope(ctx);
    },
    async judge(records) {
      const [ctx, known, { evaluateCommits }] = await Promise.all([context, verifyCache(), evaluate()]);
      const lookup = known ? (r: CommitRecord) => known.lookup(r, true) : undefined;
      const verdicts = new Map<string, CommitVerdict>();
      for await (const { record, verdict, cached } of evaluateCommits(records, ctx, lookup ? { lookup } : {})) {
        verdicts.set(record.commit, verdict);
        if (!cached) known?.remember(record, verdict);
      }
      await known?.save();
      return verdicts;
    },
  };
}

/**
 * Whether `rev` names one commit, whose ancestors are all that blame and log -L can name. A range
 * (`A..B`, `^A`, `A^!`) also names its boundary commits, which it excludes: the adoption point's
 * exemption must not be bounded by it.
 */
function namesOneCommit(rev: string): boolean {
  return !/\.\.|^\^|\^[!@-]/.test(rev);
}
