import { join } from 'node:path';
import { unlinkIfExists } from './fs-util.js';

/**
 * The read commands' caches in `<git-common-dir>/ai-attest/`: each is derived from git's objects
 * and checked against them when read, so removing one costs only the next read's time. Uninstall
 * removes these; what holds data or a state nothing else can rebuild (captured events, pending
 * notes and answers, sync's and agents' records) stays. A new cache file belongs here: the test
 * of uninstall's caches finds every file name under `ai-attest/` in the source and fails on one
 * that is neither here nor in its list of kept files.
 */
export const CACHE_FILES = [
  'config-cache.json',
  'keyring-cache.json',
  'trust-cache.json',
  'trust-files-cache.json',
  'verify-cache.json',
  'detect-capture.json',
  'trace-cache.json',
] as const;

/** Removes the caches; returns the names of those that were there. */
export async function removeCaches(commonDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of CACHE_FILES) if (await unlinkIfExists(join(commonDir, 'ai-attest', name))) removed.push(name);
  return removed;
}
