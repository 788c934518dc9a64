import { unattestedMessage } from '../evaluate/rules/presence.js';
import type { VerdictStatus } from '../evaluate/types.js';

/**
 * What cached verdicts were reached under. `digest` covers the keyring, config, rules,
 * exemption anchor and tool version (EvaluationContext.digest). An unattested commit's verdict
 * also depends on ai-attest not being set up at the trusted revision, and names that revision:
 * `unattested` is the message such a commit gets now, null where ai-attest is set up.
 *
 * Apart from verify's cache (cache.ts) so that a trace whose commits are all in its own cache
 * loads neither verify's cache nor the evaluation it restores statements with.
 */
export interface CacheScope {
  digest: string;
  unattested: string | null;
}

/** The scope of a loaded evaluation context. */
export function cacheScope(ctx: { digest: string; adopted: boolean; trust: { description: string } }): CacheScope {
  return { digest: ctx.digest, unattested: ctx.adopted ? null : unattestedMessage(ctx.trust.description) };
}

/** The verdicts a cache may keep: failures are never kept (some depend on the clock). verify's cache and trace's keep the same. */
export const KEPT_STATUSES: ReadonlySet<string> = new Set<VerdictStatus>(['ok', 'carried', 'exempt', 'warn']);
