import { readFile } from 'node:fs/promises';
import { importKey, type StoredKeyInfo } from '../crypto/keystore.js';
import { KeyError } from '../errors.js';
import { readStdin } from '../io/stdin.js';
import { passphraseFromEnv } from './passphrase-env.js';

/**
 * A key (public, or secret with its passphrase) into the user's key store, from a file or `-`
 * for stdin (read to the end, so that a key can be pasted).
 */
export async function importUserKey(
  file: string,
  options: { passphraseEnv?: string; makeDefault?: boolean },
  env: NodeJS.ProcessEnv,
): Promise<StoredKeyInfo> {
  const armored = file === '-' ? new Uint8Array(await readStdin()) : await readKeyFile(file);
  return importKey({ armored, passphrase: passphraseFromEnv(options.passphraseEnv, env), makeDefault: options.makeDefault });
}

async function readKeyFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new KeyError(
      `Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
        `give the path of an exported key, or - for stdin.`,
    );
  }
}
