import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';

/**
 * What readTrustFiles read from one `.ai-attest` folder, by the folder's git object id (pre-push
 * knows it) or by the commit's (`commit <id>`, every other read command): either id covers every
 * path, mode and byte under it, so the same id always reads the same. Kept under the git dir
 * beside verify's other caches (anyone who can write there can rewrite history itself); by
 * folder id, only folders that hold the keyring too are kept.
 */
export interface TrustFilesEntry {
  configText: string | null;
  keyFiles: Array<[path: string, base64: string]>;
  approvals: Array<[path: string, base64: string]>;
  oids: Array<[path: string, oid: string]>;
}

interface CacheFile {
  version: 1;
  /** Most recently used last. */
  entries: Array<[folder: string, entry: TrustFilesEntry]>;
}

/**
 * A team's trust changes rarely: a few folders cover the branches one pushes to, and a few
 * commits the trust revisions (a remote branch's tip) read since it last moved.
 */
const MAX_ENTRIES = 8;

const cachePath = (commonDir: string) => join(commonDir, 'ai-attest', 'trust-files-cache.json');

export async function cachedTrustFiles(commonDir: string, folder: string): Promise<TrustFilesEntry | null> {
  const file = await readCacheFile(commonDir);
  return file.entries.find(([id]) => id === folder)?.[1] ?? null;
}

export async function rememberTrustFiles(commonDir: string, folder: string, entry: TrustFilesEntry): Promise<void> {
  const file = await readCacheFile(commonDir);
  const entries = [...file.entries.filter(([id]) => id !== folder), [folder, entry] as [string, TrustFilesEntry]].slice(-MAX_ENTRIES);
  try {
    await writeFileAtomic(cachePath(commonDir), `${JSON.stringify({ version: 1, entries } satisfies CacheFile)}\n`, { mkdir: true });
  } catch {
    // A cache that cannot be written costs the next run two git reads, nothing else.
  }
}

async function readCacheFile(commonDir: string): Promise<CacheFile> {
  try {
    const parsed = JSON.parse(await readFile(cachePath(commonDir), 'utf8')) as CacheFile;
    if (parsed.version === 1 && Array.isArray(parsed.entries) && parsed.entries.every(isCached)) return parsed;
  } catch {
    // missing or unreadable: read from git
  }
  return { version: 1, entries: [] };
}

const isPairs = (value: unknown): boolean =>
  Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === 'string'));

/** A damaged or foreign file is ignored whole (read from git again), never half-trusted. */
function isCached(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return false;
  const entry = value[1] as Partial<TrustFilesEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    (entry.configText === null || typeof entry.configText === 'string') &&
    isPairs(entry.keyFiles) &&
    isPairs(entry.approvals) &&
    isPairs(entry.oids)
  );
}
