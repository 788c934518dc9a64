import { basename, join, resolve } from 'node:path';
import { KEYRING_PATH } from '../../config/defaults.js';
import { readKeyFiles, type KeyFile } from '../../crypto/keyring.js';
import type { RepoPaths } from '../../git/repo.js';

/**
 * The key files a cold verify's workers parse before the trust revision is known: the work
 * tree's keyring folder, named as the trusted objects name theirs (src/read/trust/files.ts), then
 * `--keyring`'s, as the context loads them. Usually the trusted keyring is made of exactly these;
 * when it is not (another revision, a changed key, a config naming another folder), the workers'
 * parse and checks are not used. null when there is nothing to read.
 */
export async function workTreeKeyFiles(paths: Promise<RepoPaths>, cwd: string, keyringDirs: readonly string[]): Promise<KeyFile[] | null> {
  try {
    const { top } = await paths;
    if (!top) return null;
    const own = (await readKeyFiles([join(top, KEYRING_PATH)])).map((f) => ({
      path: `${KEYRING_PATH}/${basename(f.path)}`,
      bytes: f.bytes,
    }));
    const extra = await readKeyFiles(keyringDirs.map((d) => resolve(cwd, d)));
    return [...own, ...extra];
  } catch {
    // A folder the loader would refuse: the trusted keyring is read as usual.
    return null;
  }
}
