import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalJson } from '../../core/canonical-json.js';
import { sensitiveMatcher, type SensitiveMatcher } from '../../config/sensitive.js';
import type { CheckLevel, Config } from '../../config/types.js';
import {
  keyringCacheFile,
  loadKeyringFiles,
  makeKeyring,
  readKeyFiles,
  type KeyFile,
  type Keyring,
  type ParsedKeys,
} from '../../crypto/keyring.js';
import { defaultConfig } from '../../config/defaults.js';
import { ConfigError } from '../../errors.js';
import { findPackageDir } from '../../install/package-dir.js';
import { repoPaths, type RepoPaths } from '../../git/repo.js';
import type { RangeSpec } from '../range.js';
import { readTrustFiles } from '../trust/files.js';
import { scanRangeTrust, trustDirChanges, type RangeTrust } from '../trust/range-changes.js';
import { adoptionTrust, rangeTrust, upstreamTrust, type TrustRevision } from '../trust/revision.js';
import { exemptRule, type ExemptRule } from './exempt.js';
import { rememberingMatcher } from './remembering-matcher.js';
import { CHECKS, defaultLevel, FAILURE_RESULTS, type CheckName, type FailureResult } from './types.js';

/**
 * Bumped whenever the evaluation rules change what a verdict says, so that cached verdicts
 * from an older rule set are never reused.
 */
export const RULES_VERSION = 3;

export interface EvaluationContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  paths: RepoPaths;
  /** The commit whose objects the config and keyring were read from, and why it was chosen. */
  trust: TrustRevision;
  /** What the range being verified changes in trust (verify only; null elsewhere). */
  rangeTrust: RangeTrust | null;
  /** The trusted revision has an ai-attest config: false in a repository never set up (commits are unattested, not failed). */
  adopted: boolean;
  config: Config;
  keyring: Keyring;
  matchSensitive: SensitiveMatcher;
  exempt: ExemptRule;
  /** The level a failure result gets under this repository's policy. */
  levelOf(result: FailureResult, check: CheckName): CheckLevel;
  /** Keep every statement found on a commit in its verdict (for `show`). */
  detail: boolean;
  /** Stale statements a carry replaced stay warnings (`verify --strict`). */
  strict: boolean;
  /** Signatures dated after this (plus git's clock skew) are not yet valid. */
  now: Date;
  /**
   * sha256 over everything a verdict depends on besides the commit and its note: keyring,
   * config, exemption anchor, rules and tool version. A verdict cached under another digest is stale.
   */
  digest: string;
}

export interface ContextOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Trusted keyring folders in addition to the repository's (`--keyring`). */
  keyringDirs?: readonly string[];
  detail?: boolean;
  strict?: boolean;
  /** Refuse to run with no trusted key at all (verify: every commit would fail for the same reason). */
  requireKeys?: boolean;
  paths?: RepoPaths;
  /**
   * The revision to trust (`--trust`, pre-push's remote tip). Default: the merge-base with the
   * upstream, else the range's own first config (`range`, default HEAD's history).
   */
  trust?: TrustRevision | Promise<TrustRevision>;
  range?: RangeSpec | Promise<RangeSpec>;
  /** Scan `range` for changes to trust (reported) and approved keys (trusted): verify does. */
  scanRange?: boolean;
  /**
   * Without a range: revisions every commit to be judged is reachable from (trace's `--rev`).
   * The adoption point's exemption then lists the commits after the point that they reach,
   * instead of every commit before it (a walk of the whole old history on each run).
   */
  judgedWithin?: readonly string[];
  /** The run's clock (default: when the context is made); a cold verify's workers check with it before the context is ready. */
  now?: Date;
  /** Parses trusted key files the keyring cache lacks (default: openpgp.js here; see LoadKeyringOptions.parse). */
  parseKeys?: (files: readonly KeyFile[]) => Promise<ParsedKeys>;
}

const HEAD_HISTORY: RangeSpec = { revisions: ['HEAD'], logOptions: [], description: 'HEAD' };

/** The default trust revision of a read command (see ContextOptions.trust). */
export async function defaultTrust(
  range: RangeSpec | Promise<RangeSpec> | undefined,
  options: { cwd: string; env: NodeJS.ProcessEnv },
  cacheDir?: Promise<string>,
): Promise<TrustRevision> {
  const spec = (await range) ?? HEAD_HISTORY;
  return upstreamTrust(spec, options, cacheDir).catch(async () => rangeTrust(spec, options, await cacheDir));
}

/** Everything an evaluation needs, loaded once: config and keyring come from their caches when warm. */
export async function loadEvaluationContext(options: ContextOptions): Promise<EvaluationContext> {
  const opts = { cwd: options.cwd, env: options.env };
  const pathsFound = options.paths ? Promise.resolve(options.paths) : repoPaths(opts);
  // The trust revision is sought while the paths are.
  const commonDir = pathsFound.then((p) => p.commonDir);
  // Not a repository: `await pathsFound` below reports it; this copy must not count as unhandled.
  commonDir.catch(() => undefined);
  const trusting = Promise.resolve(options.trust ?? defaultTrust(options.range, opts, commonDir));
  trusting.catch(() => undefined);
  const paths = await pathsFound;
  // The range's changes to trust are read while the trusted files load.
  const prefetched =
    options.scanRange && options.range
      ? Promise.resolve(options.range).then((r) =>
          trustDirChanges(
            r,
            trusting.then((t) => t.commit),
            opts,
          ),
        )
      : undefined;
  prefetched?.catch(() => undefined);
  let trust = await trusting;
  const folder = trust.commit ? (await options.range)?.known?.trustDirs.get(trust.commit) : undefined;
  let files = trust.commit
    ? await readTrustFiles(trust.commit, { ...opts, commonDir: paths.commonDir, ...(folder ? { folder } : {}) })
    : null;
  // A trust revision from before adoption (the remote's history, the base of the adopting pull
  // request) holds no trust at all: the range's own first config is all there is, as without one.
  if (files && !files.configFound && trust.kind !== 'explicit' && options.range) {
    const adopted = await adoptionTrust(await options.range, opts, paths.commonDir, `${trust.description} has no ai-attest config`);
    if (adopted) {
      trust = adopted;
      files = await readTrustFiles(adopted.commit!, { ...opts, commonDir: paths.commonDir });
    }
  }
  const config = files?.config ?? defaultConfig();
  const cacheFile = keyringCacheFile(paths.commonDir);
  const extraDirs = (options.keyringDirs ?? []).map((d) => resolve(options.cwd, d));
  const [trustedKeyring, exempt] = await Promise.all([
    readKeyFiles(extraDirs).then((extra) =>
      loadKeyringFiles([...(files?.keyFiles ?? []), ...extra], { cacheFile, ...(options.parseKeys ? { parse: options.parseKeys } : {}) }),
    ),
    Promise.resolve(options.range).then((range) =>
      exemptRule(config.policy.exempt, opts, range ?? (options.judgedWithin && { revisions: options.judgedWithin, logOptions: [] })),
    ),
  ]);
  const adopted = files?.configFound ?? false;
  const rangeTrust =
    options.scanRange && options.range
      ? await scanRangeTrust(
          await options.range,
          { commit: trust.commit, config, keyring: trustedKeyring, oids: files?.oids ?? new Map() },
          opts,
          prefetched,
        )
      : null;
  // Keys a trusted key approved inside the range are trusted for it; nothing else the range changes is.
  // Revocations the range brings only take trust away: they apply too.
  const revokedIn = new Map((rangeTrust?.revoked ?? []).map((k) => [k.fingerprint, k]));
  const keyring =
    rangeTrust?.approved.length || revokedIn.size
      ? makeKeyring(
          [...[...trustedKeyring.keys.values()].map((k) => revokedIn.get(k.fingerprint) ?? k), ...(rangeTrust?.approved ?? [])],
          trustedKeyring.rejected,
          `${trustedKeyring.digest}+${rangeTrust!.digest}`,
        )
      : trustedKeyring;
  if (options.requireKeys && adopted && keyring.keys.size === 0) {
    const rejected = keyring.rejected.map((r) => `\n  ${r.source}: ${r.reason}`).join('');
    throw new ConfigError(
      `no trusted public key in ${config.keyring} at ${trust.description}${rejected}\n` +
        "Commit the signers' public keys there (`ai-attest init` exports yours to .ai-attest/keys/), or pass --keyring DIR.",
    );
  }
  const checks = config.policy.checks;
  checkPolicyNames(checks);
  const digest = createHash('sha256')
    .update(
      `ai-attest-verdict\n${RULES_VERSION}\n${toolVersion()}\n${keyring.digest}\n` +
        `${canonicalJson(config)}\n${exempt.anchor}\n${options.strict ? 'strict' : ''}\n` +
        `${rangeTrust?.digest ?? ''}`,
    )
    .digest('hex');
  return {
    cwd: options.cwd,
    env: options.env,
    paths,
    trust,
    rangeTrust,
    adopted,
    config,
    keyring,
    matchSensitive: rememberingMatcher(sensitiveMatcher(config.sensitive)),
    exempt,
    levelOf: (result, check) => checks[result] ?? checks[check] ?? defaultLevel(result),
    detail: options.detail ?? false,
    strict: options.strict ?? false,
    now: options.now ?? new Date(),
    digest,
  };
}

let version: string | undefined;

function toolVersion(): string {
  if (version === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(join(findPackageDir(import.meta.url), 'package.json'), 'utf8')) as { version?: string };
      version = pkg.version ?? 'unknown';
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** A misspelt name in policy.checks would silently leave a check at its default: refuse it. */
function checkPolicyNames(checks: Record<string, CheckLevel>): void {
  const known = new Set<string>([...CHECKS, ...Object.values(FAILURE_RESULTS).flat()]);
  const unknown = Object.keys(checks).filter((name) => !known.has(name));
  if (unknown.length) {
    throw new ConfigError(
      `policy.checks in .ai-attest/config.json names ${unknown.map((u) => `"${u}"`).join(', ')}, ` +
        `which verify does not report. Known names: ${[...known].join(', ')} (see docs/verify.md).`,
    );
  }
}
