import { posix } from 'node:path';
import { createHash } from 'node:crypto';
import { approvalBytes, parseApproval } from '../../core/key-approval.js';
import type { Config } from '../../config/types.js';
import { loadKeyringFiles, type Keyring } from '../../crypto/keyring.js';
import type { PublicKeyEntry } from '../../crypto/types.js';
import { KeyringEntryError } from '../../errors.js';
import { changedFiles } from '../../git/changed-files.js';
import type { GitOptions } from '../../git/run.js';
import { changesUnder, isZeroOid, pathObjectIds, readBlobs, type RawChange } from '../../git/tree-files.js';
import { rangeRevisions } from '../range-revisions.js';
import { rangeCommitsAfter } from '../../git/exempt-facts.js';
import { configChanges } from '../evaluate/rules/config-changes.js';
import type { RangeSpec } from '../range.js';
import { APPROVALS_DIR, keyringEntries, keyringFolder, TRUST_DIR } from './files.js';
import { CONFIG_PATH } from '../../config/defaults.js';
import { recipientChangeLine } from '../../detail/policy.js';

/** What a range does to trust: reported for review, never applied, except keys approved by a trusted key. */
export interface RangeTrust {
  /** Each commit of the range that changes `.ai-attest/` or the keyring, with one line per change. */
  changes: Map<string, string[]>;
  /** Keys the range adds and no trusted key approved: fingerprint -> the commits adding them. */
  proposed: Map<string, Set<string>>;
  /** Commits whose only change is adding key files: a signature by such a key there is a proposal, not a forgery. */
  onlyAddKeys: Set<string>;
  /** Keys the range adds that a key trusted at the trust revision approved: trusted for this range. */
  approved: PublicKeyEntry[];
  /** Trusted keys the range revokes, with their revocations: applied, as they only take trust away. */
  revoked: PublicKeyEntry[];
  /** sha256 over all of the above: part of a cached verdict's key. */
  digest: string;
}

const EMPTY: RangeTrust = { changes: new Map(), proposed: new Map(), onlyAddKeys: new Set(), approved: [], revoked: [], digest: '' };

/**
 * One path-limited `git log --raw` over the range finds the commits that change trust (usually
 * none: then that is all it costs); their files are read in one `cat-file --batch`.
 */
export async function scanRangeTrust(
  range: RangeSpec,
  trusted: { commit: string | null; config: Config; keyring: Keyring; oids: ReadonlyMap<string, string> },
  options: GitOptions,
  /** `trustDirChanges(range)`, started early: used when the keyring is inside `.ai-attest/`. */
  prefetched?: Promise<Map<string, RawChange[]>>,
): Promise<RangeTrust> {
  if (range.revisions.length === 0) return EMPTY;
  const folder = keyringFolder(trusted.config.keyring);
  const inside = folder.startsWith(`${TRUST_DIR}/`);
  const recipientsFolder = detailRecipientsFolder(trusted.config);
  // The detail recipients are trust too (src/detail/trust.ts): a folder outside .ai-attest/ is scanned beside it.
  const outside = [
    ...(inside ? [] : [folder]),
    ...(recipientsFolder && !`${recipientsFolder}/`.startsWith(`${TRUST_DIR}/`) && recipientsFolder !== folder ? [recipientsFolder] : []),
  ];
  const found = await (outside.length === 0 && prefetched
    ? prefetched
    : changesUnder(range.revisions, range.logOptions, [TRUST_DIR, ...outside], options));
  if (found.size === 0) return EMPTY;
  // Commits the trust revision already contains were accepted into it: only the others change trust.
  const after = trusted.commit ? await rangeCommitsAfter(range.revisions, range.logOptions, trusted.commit, options) : null;
  const byCommit = new Map([...found].filter(([commit]) => !after || after.has(commit)));
  if (byCommit.size === 0) return EMPTY;
  const oids = [...byCommit.values()]
    .flat()
    .flatMap((c) => [c.oldOid, c.newOid])
    .filter((o) => !isZeroOid(o));
  const blobs = await readBlobs(oids, options);
  const text = (oid: string) => Buffer.from(blobs.get(oid) ?? new Uint8Array()).toString('utf8');

  const changes = new Map<string, string[]>();
  const added = new Map<string, { entry: PublicKeyEntry; commits: Set<string> }>();
  const revoked = new Map<string, PublicKeyEntry>();
  const approvals = new Map<string, string>();
  const keyAdders: string[] = [];
  for (const [commit, all] of byCommit) {
    const lines: string[] = [];
    let addsKeys = false;
    // A file left as the trust revision holds it is no change to trust (the adoption commit in a range judged by its own config).
    const raw = all.filter((c) => (isZeroOid(c.newOid) ? trusted.oids.has(c.path) : trusted.oids.get(c.path) !== c.newOid));
    for (const c of raw) {
      if (c.path === CONFIG_PATH) {
        lines.push(...configLines(c, text));
      } else if (isKeyPath(c.path, folder)) {
        const keyLines = await keyChange(c, folder, blobs, commit, added, revoked);
        if (keyLines.added) addsKeys = true;
        lines.push(...keyLines.lines);
      } else if (c.path.startsWith(`${APPROVALS_DIR}/`) && !isZeroOid(c.newOid)) {
        const verdict = judgeApproval(text(c.newOid), trusted.keyring);
        if (typeof verdict === 'string') lines.push(`${c.path}: an approval that does not count (${verdict})`);
        else {
          approvals.set(verdict.fingerprint, verdict.approver);
          lines.push(`approves key ${verdict.fingerprint}, signed by trusted key ${verdict.approver}`);
        }
      } else if (recipientsFolder && c.path.startsWith(`${recipientsFolder}/`)) {
        lines.push(recipientChangeLine(c.path, c.status));
      } else {
        lines.push(`${c.path}: ${c.status === 'A' ? 'added' : c.status === 'D' ? 'removed' : 'changed'}`);
      }
    }
    if (addsKeys) keyAdders.push(commit);
    if (lines.length) changes.set(commit, lines);
  }

  const approved: PublicKeyEntry[] = [];
  const proposed = new Map<string, Set<string>>();
  for (const [fpr, { entry, commits }] of added) {
    if (trusted.keyring.keys.has(fpr)) continue;
    if (approvals.has(fpr)) approved.push(entry);
    else proposed.set(fpr, commits);
  }
  const onlyAddKeys = new Set<string>();
  if (keyAdders.length) {
    const touched = await changedFiles(
      keyAdders.map((commit) => ({ commit, base: null })),
      options,
    );
    for (const commit of keyAdders) {
      const all = touched.get(commit) ?? [];
      if (all.length && all.every((p) => isKeyPath(p, folder))) onlyAddKeys.add(commit);
    }
  }
  for (const [commit, lines] of changes) {
    changes.set(
      commit,
      lines.map((l) => {
        const fpr = /^adds key ([0-9A-F]{40})/.exec(l)?.[1];
        if (!fpr || trusted.keyring.keys.has(fpr)) return l;
        const approval = approvals.has(fpr)
          ? `approved by trusted key ${approvals.get(fpr)}`
          : 'not approved by a trusted key: not trusted';
        return `${l}, ${approval}`;
      }),
    );
  }
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        [...changes],
        [...proposed].map(([f, c]) => [f, [...c].sort()]),
        [...onlyAddKeys].sort(),
        approved.map((a) => a.fingerprint).sort(),
        [...revoked.keys()].sort(),
      ]),
    )
    .digest('hex');
  const revocations = [...revoked.values()].filter((k) => trusted.keyring.keys.has(k.fingerprint));
  return { changes, proposed, onlyAddKeys, approved, revoked: revocations, digest };
}

/**
 * The range's changes under `.ai-attest/`: start it as soon as the range is known. When every tip
 * of the range holds the trust revision's `.ai-attest/` tree, there is nothing to review or
 * approve and the range is not walked at all (two small git calls instead of a path-limited log).
 */
export async function trustDirChanges(
  range: RangeSpec,
  trustCommit: Promise<string | null>,
  options: GitOptions,
): Promise<Map<string, RawChange[]>> {
  if (range.revisions.length === 0) return new Map();
  const { known } = range;
  const [{ include }, trust] = await Promise.all([known ?? rangeRevisions(range, options), trustCommit]);
  if (trust && include.length) {
    const named = [trust, ...include];
    const [trusted, ...tips] = named.every((c) => known?.trustDirs.has(c))
      ? named.map((c) => known!.trustDirs.get(c) ?? null)
      : await pathObjectIds(
          named.map((c) => `${c}:${TRUST_DIR}`),
          options,
        );
    if (tips.every((t) => t === trusted)) return new Map();
  }
  return changesUnder(range.revisions, range.logOptions, [TRUST_DIR], options);
}

/** An approval that verifies with a key trusted at the trust revision, or why it does not count. */
export function judgeApproval(text: string, keyring: Keyring, now = new Date()): { fingerprint: string; approver: string } | string {
  const approval = parseApproval(text);
  if (typeof approval === 'string') return approval;
  const result = keyring.verify(approvalBytes(approval), new Uint8Array(Buffer.from(approval.signature, 'base64')), now);
  if (!result.ok)
    return result.reason === 'unknown-key' ? `signed by a key not trusted at the trust revision (${approval.approver})` : result.detail;
  if (result.fingerprint !== approval.approver)
    return `signed by ${result.fingerprint}, not by the approver it names (${approval.approver})`;
  if (approval.fingerprint === approval.approver) return 'a key cannot approve itself';
  return { fingerprint: approval.fingerprint, approver: approval.approver };
}

function isKeyPath(path: string, folder: string): boolean {
  return path.startsWith(`${folder}/`) && /\.(asc|gpg)$/i.test(path.slice(folder.length + 1).split('/')[0] ?? '');
}

function configLines(c: RawChange, text: (oid: string) => string): string[] {
  const parse = (oid: string): unknown => {
    if (isZeroOid(oid)) return undefined;
    try {
      return JSON.parse(text(oid));
    } catch {
      return '(not valid JSON)';
    }
  };
  return configChanges(parse(c.oldOid), parse(c.newOid)).map((l) => `config ${l}`);
}

async function keyChange(
  c: RawChange,
  folder: string,
  blobs: Map<string, Uint8Array>,
  commit: string,
  added: Map<string, { entry: PublicKeyEntry; commits: Set<string> }>,
  revoked: Map<string, PublicKeyEntry>,
): Promise<{ lines: string[]; added: boolean }> {
  const keysOf = async (oid: string, mode: string): Promise<PublicKeyEntry[] | string> => {
    if (isZeroOid(oid)) return [];
    try {
      keyringEntries([{ path: c.path, mode, type: mode === '160000' ? 'commit' : 'blob', oid, size: blobs.get(oid)?.length ?? 0 }], folder);
    } catch (error) {
      if (error instanceof KeyringEntryError) return error.what;
      throw error;
    }
    const ring = await loadKeyringFiles([{ path: c.path, bytes: blobs.get(oid) ?? new Uint8Array() }]);
    if (ring.keys.size === 0) return `no usable key (${ring.rejected.map((r) => r.reason).join('; ') || 'empty'})`;
    return [...ring.keys.values()];
  };
  const before = await keysOf(c.oldOid, c.oldMode);
  const after = await keysOf(c.newOid, c.newMode);
  if (typeof after === 'string') return { lines: [`keyring entry ${c.path} ${after}: it would be refused`], added: false };
  const old = typeof before === 'string' ? [] : before;
  const lines: string[] = [];
  let adds = false;
  for (const k of after) {
    if (old.some((o) => o.fingerprint === k.fingerprint)) continue;
    const seen = added.get(k.fingerprint);
    if (seen) seen.commits.add(commit);
    else added.set(k.fingerprint, { entry: k, commits: new Set([commit]) });
    adds = true;
    lines.push(`adds key ${k.fingerprint} (${k.userIds.join(', ') || 'no user id'}) in ${c.path}`);
  }
  for (const k of after) {
    const was = old.find((o) => o.fingerprint === k.fingerprint);
    if (!was || k.revocations.length <= was.revocations.length) continue;
    // A revocation only takes trust away: applied at once, unlike every other change.
    revoked.set(k.fingerprint, k);
    const r = k.revocations.at(-1)!;
    lines.push(
      `revokes key ${k.fingerprint} (${k.userIds[0] ?? 'no user id'}) as of ` +
        `${r.created.toISOString()}${r.text ? `: "${r.text}"` : ''}; applied to this verification, ` +
        `since it only takes trust away`,
    );
  }
  for (const k of old)
    if (!after.some((a) => a.fingerprint === k.fingerprint))
      lines.push(
        `removes key ${k.fingerprint} (${k.userIds.join(', ') || 'no user id'}) from ${c.path}: it ` +
          `stays trusted until the removal is in the trusted revision`,
      );
  if (!lines.length && !isZeroOid(c.newOid)) lines.push(`changes key file ${c.path}`);
  return { lines, added: adds };
}

/** The trusted detail recipients folder as a repository path, or undefined when it names none (".", "../x", "/x"). */
function detailRecipientsFolder(config: Config): string | undefined {
  const raw = config.detail?.recipients;
  if (!raw) return undefined;
  const folder = posix.normalize(raw.replace(/\/+$/, ''));
  return folder === '.' || folder === '..' || folder.startsWith('../') || posix.isAbsolute(folder) ? undefined : folder;
}
