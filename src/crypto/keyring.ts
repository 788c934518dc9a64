import { createHash, type KeyObject } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { KeyringEntryError } from '../errors.js';
import { join, sep } from 'node:path';
import type { Key } from 'openpgp';
import { isArmored } from './armor.js';
import { ed25519PublicKey } from './ed25519.js';
import { isMissing } from './home.js';
import { readKeyringCache, writeKeyringCache } from './keyring-cache.js';
import { inspectKey, openpgp, type OpenPgp } from './openpgp-key.js';
import { UnsupportedSignatureError, parseSignature, type ParsedSignature } from './signature-packet.js';
import type { PublicKeyEntry, RejectedKey, Revocation, VerifyResult } from './types.js';
import { verifyParsed } from './verify-fast.js';

/** Signatures a little ahead of the verifier's clock are a skewed laptop, not a forgery. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface Keyring {
  /** Trusted public keys by upper-case fingerprint. */
  keys: Map<string, PublicKeyEntry>;
  /** Files or keys that were found but cannot be used, with why. */
  rejected: RejectedKey[];
  /** sha256 over the sorted key files' contents: changes whenever any trusted key material does. */
  digest: string;
  /**
   * Checks a binary v4 signature over `data` with node:crypto only. Key validity is judged at the
   * signature's creation time; `at` (default: now) only bounds the signature's own lifetime.
   */
  verify(data: Uint8Array, signature: Uint8Array, at?: Date): VerifyResult;
}

export interface LoadKeyringOptions {
  /**
   * A file to remember the parsed keyring in, keyed by `digest`: a warm load then reads no key
   * with openpgp.js (and does not import it). It must live where only the user can write,
   * e.g. under $GIT_DIR.
   */
  cacheFile?: string;
  /**
   * Parses the files when the cache has no keyring for them (default parseKeyFiles; a cold
   * verify's worker may have parsed them already).
   */
  parse?: (files: readonly KeyFile[]) => Promise<ParsedKeys>;
}

/** The keys a set of key files holds, and the files or keys that cannot be used. */
export interface ParsedKeys {
  keys: PublicKeyEntry[];
  rejected: RejectedKey[];
}

export interface KeyFile {
  path: string;
  bytes: Uint8Array;
}

/** No key file is this large: a bigger entry is a mistake or an attempt to exhaust memory. */
export const MAX_KEY_FILE_BYTES = 1024 * 1024;

/** Reads every *.asc and *.gpg file in `dirs` (missing directories are an empty keyring). */
export async function loadKeyring(dirs: readonly string[], options: LoadKeyringOptions = {}): Promise<Keyring> {
  return loadKeyringFiles(await readKeyFiles(dirs), options);
}

/** Where a repository remembers its parsed keyring: under the git dir its worktrees share, which only the user writes. */
export function keyringCacheFile(commonDir: string): string {
  return join(commonDir, 'ai-attest', 'keyring-cache.json');
}

/**
 * The keyring a work tree holds (`dir`: the config's `keyring` folder in it; null, no work tree:
 * an empty keyring), parsed with openpgp.js only when its files changed since the last load.
 */
export function loadWorkTreeKeyring(dir: string | null, commonDir: string): Promise<Keyring> {
  return loadKeyring(dir === null ? [] : [dir], { cacheFile: keyringCacheFile(commonDir) });
}

/** The keyring of key files already read (from a revision's objects, say). */
export async function loadKeyringFiles(files: readonly KeyFile[], options: LoadKeyringOptions = {}): Promise<Keyring> {
  const digest = digestOf(files);
  if (options.cacheFile) {
    const cached = await readKeyringCache(options.cacheFile, digest);
    if (cached) return makeKeyring(cached.keys, cached.rejected, digest);
  }
  const { keys, rejected } = await (options.parse ?? parseKeyFiles)(files);
  if (options.cacheFile) await writeKeyringCache(options.cacheFile, { digest, keys, rejected });
  return makeKeyring(keys, rejected, digest);
}

/** The *.asc and *.gpg files of `dirs`, each checked to be a regular key file (see readRegularFile). */
export async function readKeyFiles(dirs: readonly string[]): Promise<KeyFile[]> {
  const files: KeyFile[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isMissing(error)) continue;
      throw error;
    }
    for (const name of names.sort()) {
      if (!/\.(asc|gpg)$/i.test(name)) continue;
      const path = join(dir, name);
      refuseLinkOutside(path, dir);
      files.push({ path, bytes: readRegularFile(path) });
    }
  }
  return files;
}

/** A symbolic link in a keyring folder may only name a file inside that folder. */
function refuseLinkOutside(path: string, dir: string): void {
  if (!lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) return;
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    throw new KeyringEntryError(path, 'is a dangling symbolic link');
  }
  const inside = realpathSync(dir);
  if (!target.startsWith(inside + sep)) throw new KeyringEntryError(path, `is a symbolic link to ${target}, outside the keyring folder`);
}

/**
 * A key file's bytes, refusing what is not a regular file of sane size: a directory, a FIFO (which
 * would block the read forever), a device such as /dev/zero, a dangling link. Opened without
 * blocking and checked on the open descriptor, so the file checked is the file read. Synchronous:
 * a few small files, and the commit hook's bundle has no asynchronous file handles.
 */
function readRegularFile(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeyringEntryError(
      path,
      code === 'ENOENT' ? 'is a dangling symbolic link' : `cannot be opened (${code ?? (error as Error).message})`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new KeyringEntryError(path, `is ${kindOf(stat)}`);
    if (stat.size > MAX_KEY_FILE_BYTES)
      throw new KeyringEntryError(path, `is ${stat.size} bytes, larger than any key (limit ${MAX_KEY_FILE_BYTES})`);
    return new Uint8Array(readFileSync(fd));
  } finally {
    closeSync(fd);
  }
}

function digestOf(files: readonly KeyFile[]): string {
  const each = files.map((f) => createHash('sha256').update(f.bytes).digest('hex')).sort();
  return createHash('sha256')
    .update(`ai-attest-keyring-v1\n${each.join('\n')}`)
    .digest('hex');
}

/** Reads every key of the files with openpgp.js and judges it (self-signatures, flags, expiry, revocations). */
export async function parseKeyFiles(files: readonly KeyFile[]): Promise<ParsedKeys> {
  const rejected: RejectedKey[] = [];
  if (files.length === 0) return { keys: [], rejected };
  const pgp = await openpgp();
  // Several files may carry the same key (an update, a revocation): merge them before judging.
  const byFpr = new Map<string, { key: Key; source: string }>();
  const revocationCerts: Array<{ text: string; source: string }> = [];
  for (const file of files) {
    let keys: Key[];
    try {
      keys = await readAll(file.bytes, pgp);
    } catch (error) {
      if (isArmored(file.bytes) && /SIGNATURE|PUBLIC KEY/.test(Buffer.from(file.bytes.subarray(0, 64)).toString('latin1'))) {
        revocationCerts.push({ text: Buffer.from(file.bytes).toString('utf8'), source: file.path });
      } else {
        rejected.push({ source: file.path, reason: `not an OpenPGP key: ${(error as Error).message}` });
      }
      continue;
    }
    for (const key of keys) {
      const fpr = key.getFingerprint().toUpperCase();
      const seen = byFpr.get(fpr);
      byFpr.set(fpr, { key: seen ? await seen.key.toPublic().update(key.toPublic()) : key.toPublic(), source: seen?.source ?? file.path });
    }
  }
  for (const cert of revocationCerts) {
    if (!(await applyRevocationCertificate(cert.text, byFpr, pgp))) {
      rejected.push({ source: cert.source, reason: 'neither a key nor a revocation certificate for a key in the keyring' });
    }
  }
  const keys: PublicKeyEntry[] = [];
  for (const [fingerprint, { key, source }] of byFpr) {
    try {
      const { info, point, revocations } = await inspectKey(key, pgp);
      keys.push({ ...info, point, revocations, source });
    } catch (error) {
      rejected.push({ source, fingerprint, reason: (error as Error).message });
    }
  }
  return { keys, rejected };
}

async function readAll(bytes: Uint8Array, pgp: OpenPgp): Promise<Key[]> {
  if (!isArmored(bytes)) return pgp.readKeys({ binaryKeys: bytes });
  // `gpg --export --armor A B` writes one block; `cat a.asc b.asc` writes several.
  const text = Buffer.from(bytes).toString('utf8');
  const blocks = text.match(/-----BEGIN PGP [^-]+-----[\s\S]*?-----END PGP [^-]+-----/g) ?? [text];
  const keys: Key[] = [];
  for (const block of blocks) keys.push(...(await pgp.readKeys({ armoredKeys: block })));
  return keys;
}

/** A bare revocation certificate (`gpg --gen-revoke`, openpgp.js' revocationCertificate) dropped in the keyring. */
async function applyRevocationCertificate(text: string, byFpr: Map<string, { key: Key; source: string }>, pgp: OpenPgp): Promise<boolean> {
  for (const [fpr, entry] of byFpr) {
    try {
      const { publicKey } = await pgp.revokeKey({ key: entry.key.toPublic(), revocationCertificate: text, format: 'object' });
      byFpr.set(fpr, { ...entry, key: publicKey });
      return true;
    } catch {
      // not this key's certificate
    }
  }
  return false;
}

export function makeKeyring(entries: PublicKeyEntry[], rejected: RejectedKey[], digest: string): Keyring {
  const keys = new Map(entries.map((e) => [e.fingerprint, e]));
  const byKeyId = new Map(entries.map((e) => [e.keyId, e]));
  const keyObjects = new Map<string, KeyObject>();
  const keyObject = (entry: PublicKeyEntry): KeyObject => {
    let ko = keyObjects.get(entry.fingerprint);
    if (!ko) keyObjects.set(entry.fingerprint, (ko = ed25519PublicKey(entry.point)));
    return ko;
  };
  return {
    keys,
    rejected,
    digest,
    verify(data, signature, at = new Date()) {
      let sig: ParsedSignature;
      try {
        sig = parseSignature(signature);
      } catch (error) {
        if (error instanceof UnsupportedSignatureError) {
          const refused = refusedKey(rejected, error.issuerFingerprint ?? error.issuerKeyId);
          if (refused) return refused;
        }
        return { ok: false, reason: 'malformed', detail: `not a usable OpenPGP signature: ${(error as Error).message}` };
      }
      const entry = sig.issuerFingerprint ? keys.get(sig.issuerFingerprint) : sig.issuerKeyId ? byKeyId.get(sig.issuerKeyId) : undefined;
      if (!entry) return unknownKey(sig, rejected);
      const fingerprint = entry.fingerprint;
      if (!verifyParsed(sig, data, keyObject(entry))) {
        return {
          ok: false,
          reason: 'bad-signature',
          fingerprint,
          detail: `the signature by ${fingerprint} does not match the signed data`,
        };
      }
      return judgeValidity(entry, sig, at);
    },
  };
}

function judgeValidity(entry: PublicKeyEntry, sig: ParsedSignature, at: Date): VerifyResult {
  const { fingerprint } = entry;
  const made = sig.created.getTime();
  const when = sig.created.toISOString();
  if (made < entry.created.getTime()) {
    return {
      ok: false,
      reason: 'not-yet-valid',
      fingerprint,
      detail: `signed at ${when}, before key ${fingerprint} was created (${entry.created.toISOString()})`,
    };
  }
  if (made > at.getTime() + CLOCK_SKEW_MS) {
    return { ok: false, reason: 'not-yet-valid', fingerprint, detail: `signed at ${when}, which is in the future` };
  }
  const revocation = revocationFor(entry.revocations, made);
  if (revocation) {
    const why = revocation.text ? `: "${revocation.text}"` : '';
    const scope = revocation.hard ? 'which invalidates all its signatures' : `before this signature was made`;
    return {
      ok: false,
      reason: 'revoked',
      fingerprint,
      detail: `key ${fingerprint} was revoked at ${revocation.created.toISOString()} (${reasonName(revocation.reason)}${why}), ${scope}`,
    };
  }
  if (entry.expires && made >= entry.expires.getTime()) {
    return {
      ok: false,
      reason: 'expired',
      fingerprint,
      detail: `signed at ${when}, after key ${fingerprint} expired (${entry.expires.toISOString()})`,
    };
  }
  if (sig.expiresAfter !== null && at.getTime() >= made + sig.expiresAfter * 1000) {
    return { ok: false, reason: 'expired', fingerprint, detail: `the signature made at ${when} expired after ${sig.expiresAfter} s` };
  }
  return { ok: true, fingerprint, created: sig.created, userIds: entry.userIds };
}

/**
 * A hard revocation (compromise, no reason, an unknown reason) reaches back to the key's first
 * signature, because nobody knows since when the secret was out; a soft one (superseded,
 * retired) only ends the key's life, so earlier signatures stand (RFC 9580 5.2.3.31).
 */
function revocationFor(revocations: Revocation[], made: number): Revocation | undefined {
  return revocations.find((r) => r.hard) ?? revocations.find((r) => r.created.getTime() <= made);
}

function reasonName(reason: number): string {
  return (
    ({ 0: 'no reason given', 1: 'superseded', 2: 'compromised', 3: 'retired' } as Record<number, string>)[reason] ?? `reason ${reason}`
  );
}

function unknownKey(sig: ParsedSignature, rejected: RejectedKey[]): VerifyResult {
  const id = sig.issuerFingerprint ?? sig.issuerKeyId;
  if (!id) return { ok: false, reason: 'malformed', detail: 'the signature names no issuer key' };
  return (
    refusedKey(rejected, id) ?? {
      ok: false,
      reason: 'unknown-key',
      ...(sig.issuerFingerprint ? { fingerprint: sig.issuerFingerprint } : {}),
      detail:
        `key ${id} is not in the trusted keyring: add its public key (\`ai-attest keys export\`) ` + `to the repository's .ai-attest/keys/`,
    }
  );
}

/** A signer whose key file is there but unusable: say why, rather than "unknown". */
function refusedKey(rejected: RejectedKey[], id: string | null): VerifyResult | undefined {
  const refused = id ? rejected.find((r) => r.fingerprint?.endsWith(id)) : undefined;
  if (!refused?.fingerprint) return undefined;
  return {
    ok: false,
    reason: 'unknown-key',
    fingerprint: refused.fingerprint,
    detail: `key ${refused.fingerprint} in ${refused.source} is not usable: ${refused.reason}`,
  };
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}
