import { chmodSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// Apart from writeFileAtomic (atomic-write.ts) so that a synchronous writer does not load
// node:fs/promises.

export interface AtomicWriteOptions {
  /**
   * The file's permission bits, exactly: set on the temporary file before it is renamed, so
   * neither the umask nor a reader at the wrong moment sees other bits (secrets, hook scripts).
   */
  mode?: number;
  /** Create the folder first (with these permission bits, when a number). */
  mkdir?: boolean | number;
}

let sequence = 0;

/**
 * writeFileAtomic done synchronously, for a writer on a critical path that must not wait for the
 * thread pool (detect's kept capture search, the commit hooks' hand-over): the same temporary
 * file, rename, mode and clean-up.
 */
export function writeFileAtomicSync(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  if (options.mkdir !== undefined && options.mkdir !== false) mkdirSync(dirname(path), folderOptions(options.mkdir));
  const tmp = temporaryBeside(path);
  try {
    writeFileSync(tmp, content, options.mode === undefined ? {} : { mode: options.mode });
    if (options.mode !== undefined) chmodSync(tmp, options.mode);
    renameSync(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written, or a folder this user may not even look into
    }
    throw error;
  }
}

export function folderOptions(mkdir: true | number): { recursive: true; mode?: number } {
  return { recursive: true, ...(typeof mkdir === 'number' ? { mode: mkdir } : {}) };
}

/** In the same folder (so the rename stays on one file system), and never one another writer of this process uses. */
export function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++sequence}.tmp`);
}
