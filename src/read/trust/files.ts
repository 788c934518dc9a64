import { posix } from 'node:path';
import { configFromText } from '../../config/load.js';
import { CONFIG_PATH, KEYRING_PATH, defaultConfig } from '../../config/defaults.js';
import type { Config } from '../../config/types.js';
import { MAX_KEY_FILE_BYTES, type KeyFile } from '../../crypto/keyring.js';
import { ConfigError, KeyringEntryError } from '../../errors.js';
import type { GitOptions } from '../../git/run.js';
import { listTreeFiles, readBlobs, type TreeEntry } from '../../git/tree-files.js';
import { cachedTrustFiles, rememberTrustFiles, type TrustFilesEntry } from './files-cache.js';
import { isObjectId } from '../../core/object-id.js';

/** The trust a commit's objects hold: its config and its keyring's key files. */
export interface TrustFiles {
  config: Config;
  /** The commit has `.ai-attest/config.json` (else: the defaults, and ai-attest is not set up there). */
  configFound: boolean;
  keyFiles: KeyFile[];
  /** Approval files under `.ai-attest/approvals/` (see ./approvals.ts), by path. */
  approvals: Map<string, Uint8Array>;
  /** Object id of every file under `.ai-attest/` and the keyring folder: a range's change that ends equal to these is already trusted. */
  oids: Map<string, string>;
}

export const TRUST_DIR = '.ai-attest';
export const APPROVALS_DIR = '.ai-attest/approvals';

/**
 * `config.keyring` names a folder of the repository: relative, and never leaving it. Anything else
 * would let a config name /etc or a path a symlink makes up, whatever the trusted objects say.
 */
export function keyringFolder(keyring: string): string {
  const normalized = posix.normalize(keyring.replace(/\/+$/, ''));
  if (
    !keyring ||
    posix.isAbsolute(keyring) ||
    /^[A-Za-z]:|\\/.test(keyring) ||
    normalized === '..' ||
    normalized.startsWith('../') ||
    normalized === '.'
  ) {
    throw new ConfigError(
      `"keyring": "${keyring}" in ${CONFIG_PATH} must be a folder inside the repository (e.g. ".ai-attest/keys"): fix the config.`,
    );
  }
  return normalized;
}

/**
 * Reads the config, keyring and approvals from a commit's objects: never from the work tree, so
 * an untracked or modified file is never trusted. One `ls-tree` and one `cat-file --batch` (one
 * more `ls-tree` when the keyring lives outside `.ai-attest/`). Keyring entries that are not
 * regular files (symlinks, submodules, folders named like keys) are refused by name.
 */
export async function readTrustFiles(
  commit: string,
  options: GitOptions & {
    commonDir?: string;
    /**
     * The id of `.ai-attest` at `commit`, when the caller read it already (pre-push): files read
     * before from the same folder come from a cache (src/read/trust/files-cache.ts).
     */
    folder?: string;
  },
): Promise<TrustFiles> {
  const { commonDir, folder: folderId } = options;
  // A commit id covers every object under it as a folder id does: whichever the caller has.
  const commitKey = isObjectId(commit) ? `commit ${commit}` : null;
  if (commonDir && (folderId || commitKey)) {
    const hit =
      (folderId ? await cachedTrustFiles(commonDir, folderId) : null) ?? (commitKey ? await cachedTrustFiles(commonDir, commitKey) : null);
    if (hit) return trustFilesFrom(hit, commit, commonDir);
  }
  const entries = await listTreeFiles(commit, [`${TRUST_DIR}/`], options);
  const configEntry = entries.find((e) => e.path === CONFIG_PATH);
  if (configEntry && !isRegular(configEntry)) {
    throw new ConfigError(
      `${CONFIG_PATH} at ${commit.slice(0, 12)} is not a regular file (mode ${configEntry.mode}): commit the config file itself.`,
    );
  }
  // One read for the config and everything the default keyring and approvals folders hold.
  const likely = entries.filter(
    (e) =>
      isRegular(e) &&
      e.size <= MAX_KEY_FILE_BYTES &&
      (e === configEntry || e.path.startsWith(`${KEYRING_PATH}/`) || e.path.startsWith(`${APPROVALS_DIR}/`)),
  );
  const blobs = await readBlobs(
    likely.map((e) => e.oid),
    options,
  );
  const configText = configEntry ? Buffer.from(blobs.get(configEntry.oid) ?? new Uint8Array()).toString('utf8') : null;
  const config =
    configText === null
      ? defaultConfig()
      : await configFromText(configText, {
          label: `${CONFIG_PATH} at ${commit.slice(0, 12)}`,
          ...(options.commonDir ? { commonDir: options.commonDir } : {}),
        });
  const folder = keyringFolder(config.keyring);
  const inside = folder === TRUST_DIR || folder.startsWith(`${TRUST_DIR}/`);
  const keyEntries = inside ? entries : await listTreeFiles(commit, [`${folder}/`], options);
  const keys = keyringEntries(keyEntries, folder);
  const approvalEntries = entries.filter(
    (e) => e.path.startsWith(`${APPROVALS_DIR}/`) && e.path.endsWith('.json') && isRegular(e) && e.size <= MAX_KEY_FILE_BYTES,
  );
  const missing = [...keys, ...approvalEntries].filter((e) => !blobs.has(e.oid));
  if (missing.length)
    for (const [oid, bytes] of await readBlobs(
      missing.map((e) => e.oid),
      options,
    ))
      blobs.set(oid, bytes);
  const bytesOf = (e: TreeEntry): Uint8Array => blobs.get(e.oid) ?? new Uint8Array();
  const oids = [...entries, ...(inside ? [] : keyEntries)].map((e): [string, string] => [e.path, e.oid]);
  // A folder id covers a keyring inside the folder only; a commit id covers one anywhere.
  const key = commonDir ? (folderId && inside ? folderId : commitKey) : null;
  if (commonDir && key) {
    await rememberTrustFiles(commonDir, key, {
      configText,
      keyFiles: keys.map((e) => [e.path, Buffer.from(bytesOf(e)).toString('base64')]),
      approvals: approvalEntries.map((e) => [e.path, Buffer.from(bytesOf(e)).toString('base64')]),
      oids,
    });
  }
  return {
    config,
    configFound: configEntry !== undefined,
    keyFiles: keys.map((e) => ({ path: e.path, bytes: bytesOf(e) })),
    approvals: new Map(approvalEntries.map((e) => [e.path, bytesOf(e)])),
    oids: new Map(oids),
  };
}

/** What readTrustFiles read before from the same folder: the config is validated again (through its own cache). */
async function trustFilesFrom(entry: TrustFilesEntry, commit: string, commonDir: string): Promise<TrustFiles> {
  const config =
    entry.configText === null
      ? defaultConfig()
      : await configFromText(entry.configText, { label: `${CONFIG_PATH} at ${commit.slice(0, 12)}`, commonDir });
  keyringFolder(config.keyring);
  const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
  return {
    config,
    configFound: entry.configText !== null,
    keyFiles: entry.keyFiles.map(([path, base64]) => ({ path, bytes: bytes(base64) })),
    approvals: new Map(entry.approvals.map(([path, base64]) => [path, bytes(base64)])),
    oids: new Map(entry.oids),
  };
}

export function isRegular(e: TreeEntry): boolean {
  return e.type === 'blob' && (e.mode === '100644' || e.mode === '100755');
}

/**
 * The key files directly in the keyring folder, as the work-tree loader takes them (`*.asc`,
 * `*.gpg`); an entry with such a name that is not a regular blob is a named error.
 */
export function keyringEntries(entries: readonly TreeEntry[], folder: string): TreeEntry[] {
  const keys: TreeEntry[] = [];
  for (const e of entries) {
    if (!e.path.startsWith(`${folder}/`)) continue;
    const rest = e.path.slice(folder.length + 1);
    const [name = '', ...deeper] = rest.split('/');
    if (!/\.(asc|gpg)$/i.test(name)) continue;
    if (deeper.length) throw new KeyringEntryError(`${folder}/${name}`, 'is a directory');
    if (e.mode === '120000') throw new KeyringEntryError(e.path, 'is a symbolic link (git stores a link, not the key)');
    if (e.mode === '160000') throw new KeyringEntryError(e.path, 'is a submodule');
    if (!isRegular(e)) throw new KeyringEntryError(e.path, `is not a regular file (mode ${e.mode})`);
    if (e.size > MAX_KEY_FILE_BYTES)
      throw new KeyringEntryError(e.path, `is ${e.size} bytes, larger than any key (limit ${MAX_KEY_FILE_BYTES})`);
    keys.push(e);
  }
  return keys.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
