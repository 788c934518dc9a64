import { ConfigError } from '../../errors.js';
import { resolveCommit } from '../../git/repo.js';
import { commitsChanging } from '../../git/ranges.js';
import { headUpstreamAndRefs } from '../../git/refs.js';
import type { GitOptions } from '../../git/run.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mergeBase } from '../../git/tree-files.js';
import { rangeRevisions } from '../range-revisions.js';
import type { RangeSpec } from '../range.js';
import { writeFileAtomic } from '../../io/atomic-write.js';

/** Where the trusted policy and keyring come from, and how that commit was chosen. */
export interface TrustRevision {
  /** The commit whose objects are trusted; null: none at all (a repository never set up). */
  commit: string | null;
  /**
   * explicit: `--trust REV`; remote-tip: the pushed branch's tip on the remote; merge-base: with
   * the remote's default branch (a new branch) or the upstream; range: no trust revision exists,
   * the range's own first config is used (weaker: said so in the output).
   */
  kind: 'explicit' | 'remote-tip' | 'merge-base' | 'range' | 'none';
  /** For a person: what was trusted and why. */
  description: string;
}

export interface PushTrustInput {
  remote: string;
  /** The remote's current tips of the refs pushed to (all-zero for a new branch), and the pushed commits. */
  remoteOids: readonly string[];
  localOids: readonly string[];
  /** Those oids already resolved to the commits they name (pre-push's one batch check); absent: not commits here. */
  peeled?: ReadonlyMap<string, string>;
}

/** `--trust REV`: the commit it names, or a configuration error saying how to name one. */
export async function explicitTrust(rev: string, options: GitOptions): Promise<TrustRevision> {
  const commit = rev.startsWith('-') ? null : await resolveCommit(rev, options);
  if (!commit)
    throw new ConfigError(
      `--trust ${rev}: not a commit here. Give the base the change is judged against (e.g. ` +
        `--trust origin/main, or the base commit id; in CI, fetch it first).`,
    );
  return { commit, kind: 'explicit', description: `--trust ${rev} (${commit.slice(0, 12)})` };
}

/**
 * Pre-push trusts what the remote already has: the current tip of the branch pushed to, when we
 * have that commit; for a new branch, its merge-base with the remote's default branch.
 */
export async function pushTrust(input: PushTrustInput, range: RangeSpec, options: GitOptions, cacheDir?: string): Promise<TrustRevision> {
  for (const oid of input.remoteOids) {
    if (/^0+$/.test(oid)) continue;
    const commit = input.peeled ? (input.peeled.get(oid) ?? null) : await resolveCommit(oid, options);
    if (commit)
      return { commit, kind: 'remote-tip', description: `${input.remote}'s current tip of the branch pushed to (${commit.slice(0, 12)})` };
  }
  const local = input.localOids.find((o) => !/^0+$/.test(o));
  const base = local ? await remoteDefaultBase(input.remote, local, options) : null;
  if (base) return base;
  return rangeTrust(range, options, cacheDir);
}

/** A plain verify trusts the merge-base of HEAD with its upstream (or with the remote's default branch). */
export async function upstreamTrust(range: RangeSpec, options: GitOptions, cacheDir?: string | Promise<string>): Promise<TrustRevision> {
  // One call: HEAD's upstream, and which of origin's default branch names exist.
  const { upstream, present } = await headUpstreamAndRefs(
    DEFAULT_BRANCHES.map((b) => `refs/remotes/origin/${b}`),
    options,
  );
  if (upstream) {
    const commit = await mergeBase('HEAD', upstream, options);
    if (commit)
      return {
        commit,
        kind: 'merge-base',
        description: `the merge-base of HEAD with its upstream ${upstream.replace(/^refs\/remotes\//, '')} (${commit.slice(0, 12)})`,
      };
  }
  const base = await remoteDefaultBase('origin', 'HEAD', options, (ref) => present.has(ref));
  return base ?? rangeTrust(range, options, await cacheDir);
}

const DEFAULT_BRANCHES = ['HEAD', 'main', 'master'];

export async function remoteDefaultBase(
  remote: string,
  tip: string,
  options: GitOptions,
  exists?: (ref: string) => boolean,
): Promise<TrustRevision | null> {
  for (const ref of DEFAULT_BRANCHES.map((b) => `refs/remotes/${remote}/${b}`)) {
    if (!(exists ? exists(ref) : await resolveCommit(ref, options))) continue;
    const commit = await mergeBase(tip, ref, options);
    if (commit)
      return {
        commit,
        kind: 'merge-base',
        description: `the merge-base with ${ref.replace(/^refs\/remotes\//, '')} (${commit.slice(0, 12)})`,
      };
  }
  return null;
}

/**
 * No trust revision exists (no upstream, no remote branch): the range's own first config. A
 * range with a lower bound (`A..B`, `^A`, `--not`) is judged by the config of that bound; a
 * whole history by the config of the oldest commit that has one (the adoption commit).
 */
export async function rangeTrust(range: RangeSpec, options: GitOptions, cacheDir?: string): Promise<TrustRevision> {
  const say = (commit: string, what: string): TrustRevision => ({
    commit,
    kind: 'range',
    description:
      `no trust revision (no upstream, no remote branch, no --trust): the range's own first ` + `config, at ${what} ${commit.slice(0, 12)}`,
  });
  const bound = await lowerBound(range.revisions, options);
  if (bound) return say(bound, 'its base');
  const oldest = await adoptionCommit(range, options, cacheDir);
  if (oldest) return say(oldest, 'the commit that added it');
  return {
    commit: null,
    kind: 'none',
    description: 'no trust revision and no ai-attest config in the range: ai-attest is not set up here',
  };
}

/** The range's own first config when the trust revision has none (it predates adoption), said so. */
export async function adoptionTrust(
  range: RangeSpec,
  options: GitOptions,
  cacheDir: string | undefined,
  why: string,
): Promise<TrustRevision | null> {
  const commit = await adoptionCommit(range, options, cacheDir);
  return commit
    ? { commit, kind: 'range', description: `${why}: the range's own first config, at the commit that added it ${commit.slice(0, 12)}` }
    : null;
}

/**
 * The oldest commit of the range that has `.ai-attest/config.json`: a path-limited walk of the
 * whole range, remembered (under the git dir) for the range's resolved commits, which never
 * change what it finds.
 */
async function adoptionCommit(range: RangeSpec, options: GitOptions, cacheDir?: string): Promise<string | null> {
  const resolved = await rangeRevisions(range, options).catch(() => null);
  const key = resolved
    ? createHash('sha256')
        .update(JSON.stringify([range.logOptions, [...resolved.include].sort(), [...resolved.exclude].sort()]))
        .digest('hex')
    : null;
  const file = cacheDir ? join(cacheDir, 'ai-attest', 'trust-cache.json') : null;
  const cache = file
    ? await readFile(file, 'utf8')
        .then((t) => JSON.parse(t) as Record<string, string | null>)
        .catch(() => ({}) as Record<string, string | null>)
    : {};
  if (key && key in cache) return cache[key] ?? null;
  const changing = await commitsChanging(range, '.ai-attest/config.json', options);
  const oldest = changing ? (changing.pop() ?? null) : null;
  if (file && key && changing) {
    // A handful of ranges is all a repository verifies this way; the oldest entries go.
    const kept = Object.entries(cache).slice(-15);
    await writeFileAtomic(file, JSON.stringify(Object.fromEntries([...kept, [key, oldest]])), { mkdir: true }).catch(() => undefined);
  }
  return oldest;
}

/** The first excluded commit of a range (`A` of `A..B`, `^A`, a revision after `--not`), if any. */
async function lowerBound(revisions: readonly string[], options: GitOptions): Promise<string | null> {
  let negated = false;
  for (const rev of revisions) {
    if (rev === '--not') {
      negated = !negated;
      continue;
    }
    if (rev.startsWith('--')) continue;
    const dots = rev.match(/^(.+?)\.\.\.?(.*)$/);
    const candidate = dots
      ? dots[1]!
      : rev.endsWith('^!')
        ? `${rev.slice(0, -2)}^`
        : rev.startsWith('^') && !negated
          ? rev.slice(1)
          : negated && !rev.startsWith('^')
            ? rev
            : null;
    if (!candidate) continue;
    const commit = await resolveCommit(candidate, options);
    if (commit) return commit;
  }
  return null;
}
