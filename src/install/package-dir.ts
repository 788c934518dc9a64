import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttestError } from '../errors.js';

/**
 * The ai-attest package root, found upwards from a module of it: the bundled chunk sits in
 * dist/, the source in src/install/, and either must find hooks/ and bin/ the same way.
 */
export function findPackageDir(fromUrl: string): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'ai-attest') return dir;
    } catch {
      // not here: keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new AttestError(
        `cannot find the ai-attest package above ${fromUrl}: the installation looks broken; reinstall it (npm i -D ai-attest).`,
      );
    }
    dir = parent;
  }
}
