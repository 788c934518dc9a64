import { readFile } from 'node:fs/promises';
import type { PublicKeyEntry, RejectedKey } from './types.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/** Bumped whenever the entry shape or the validity rules change, so old caches are ignored. */
const VERSION = 2;

interface CacheFile {
  version: number;
  digest: string;
  keys: Array<
    Omit<PublicKeyEntry, 'point' | 'created' | 'expires' | 'revokedAt' | 'revocations'> & {
      point: string;
      created: string;
      expires: string | null;
      revokedAt: string | null;
      revocations: Array<{ created: string; reason: number; hard: boolean; text: string }>;
    }
  >;
  rejected: RejectedKey[];
}

export async function readKeyringCache(path: string, digest: string): Promise<{ keys: PublicKeyEntry[]; rejected: RejectedKey[] } | null> {
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as CacheFile;
  } catch {
    return null; // missing or damaged: rebuild
  }
  if (parsed.version !== VERSION || parsed.digest !== digest || !Array.isArray(parsed.keys)) return null;
  return {
    keys: parsed.keys.map((k) => ({
      ...k,
      point: new Uint8Array(Buffer.from(k.point, 'hex')),
      created: new Date(k.created),
      expires: k.expires ? new Date(k.expires) : null,
      revokedAt: k.revokedAt ? new Date(k.revokedAt) : null,
      revocations: k.revocations.map((r) => ({ ...r, created: new Date(r.created) })),
    })),
    rejected: parsed.rejected ?? [],
  };
}

/** Best effort: a cache that cannot be written only costs the next run its speed. */
export async function writeKeyringCache(
  path: string,
  value: { digest: string; keys: PublicKeyEntry[]; rejected: RejectedKey[] },
): Promise<void> {
  const file: CacheFile = {
    version: VERSION,
    digest: value.digest,
    keys: value.keys.map((k) => ({
      ...k,
      point: Buffer.from(k.point).toString('hex'),
      created: k.created.toISOString(),
      expires: k.expires?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
      revocations: k.revocations.map((r) => ({ ...r, created: r.created.toISOString() })),
    })),
    rejected: value.rejected,
  };
  try {
    await writeFileAtomic(path, JSON.stringify(file), { mkdir: true });
  } catch {
    // ignored on purpose
  }
}
