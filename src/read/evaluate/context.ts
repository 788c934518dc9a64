import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalJson } from '../../core/canonical-json.js';
import { loadConfig } from '../../config/load.js';
import { sensitiveMatcher, type SensitiveMatcher } from '../../config/sensitive.js';
import type { CheckLevel, Config } from '../../config/types.js';
import { loadKeyring, type Keyring } from '../../crypto/keyring.js';
import { ConfigError } from '../../errors.js';
import { findPackageDir } from '../../install/package-dir.js';
import { repoPaths, type RepoPaths } from '../../git/repo.js';
import { exemptRule, type ExemptRule } from './exempt.js';
import { CHECKS, defaultLevel, FAILURE_RESULTS, type CheckName, type FailureResult } from './types.js';

/**
 * Bumped whenever the evaluation rules change what a verdict says, so that cached verdicts
 * from an older rule set are never reused.
 */
export const RULES_VERSION = 2;

export interface EvaluationContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  paths: RepoPaths;
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
}

/** Everything an evaluation needs, loaded once: config and keyring come from their caches when warm. */
export async function loadEvaluationContext(options: ContextOptions): Promise<EvaluationContext> {
  const opts = { cwd: options.cwd, env: options.env };
  const paths = options.paths ?? (await repoPaths(opts));
  const { config } = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
  const dirs = [
    ...(paths.top ? [join(paths.top, config.keyring)] : []),
    ...(options.keyringDirs ?? []).map((d) => resolve(options.cwd, d)),
  ];
  const [keyring, exempt] = await Promise.all([
    loadKeyring(dirs, { cacheFile: join(paths.commonDir, 'ai-attest', 'keyring-cache.json') }),
    exemptRule(config.policy.exempt, opts),
  ]);
  if (options.requireKeys && keyring.keys.size === 0) {
    const rejected = keyring.rejected.map((r) => `\n  ${r.source}: ${r.reason}`).join('');
    throw new ConfigError(
      `no trusted public key in ${dirs.join(', ') || '(no keyring folder: not in a work tree)'}${rejected}\n` +
        'Add the signers\' public keys there (`ai-attest init` exports yours to .ai-attest/keys/), or pass --keyring DIR.',
    );
  }
  const checks = config.policy.checks;
  checkPolicyNames(checks);
  const digest = createHash('sha256')
    .update(`ai-attest-verdict\n${RULES_VERSION}\n${toolVersion()}\n${keyring.digest}\n${canonicalJson(config)}\n${exempt.anchor}\n${options.strict ? 'strict' : ''}`)
    .digest('hex');
  return {
    cwd: options.cwd,
    env: options.env,
    paths,
    config,
    keyring,
    matchSensitive: sensitiveMatcher(config.sensitive),
    exempt,
    levelOf: (result, check) => checks[result] ?? checks[check] ?? defaultLevel(result),
    detail: options.detail ?? false,
    strict: options.strict ?? false,
    now: new Date(),
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
      `policy.checks in .ai-attest/config.json names ${unknown.map((u) => `"${u}"`).join(', ')}, which verify does not report. Known names: ${[...known].join(', ')} (see docs/verify.md).`,
    );
  }
}
