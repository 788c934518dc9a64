import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyValidity } from './key-validity.js';

/**
 * The one name a public key gets in a repository keyring, whoever writes it (`init`, the command
 * `keys generate` prints): the email's local part, for people, and the key id, for uniqueness.
 */
export function keyringFileName(userId: string, fingerprint: string): string {
  const localPart = userId.replace(/.*<([^@>]*)@.*/, '$1').replace(/[^A-Za-z0-9._-]/g, '_') || 'key';
  return `${localPart}-${fingerprint.slice(-16)}.asc`;
}

/** The file in a keyring folder that holds this key, whatever its name, or null. Reads packets only. */
export function findKeyringFile(dir: string, fingerprint: string): string | null {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /\.(asc|gpg)$/.test(name));
  } catch {
    return null;
  }
  for (const name of names) {
    try {
      if (keyValidity(readFileSync(join(dir, name))).fingerprint === fingerprint) return join(dir, name);
    } catch {
      // Not a key this reader understands: verify reports it.
    }
  }
  return null;
}
