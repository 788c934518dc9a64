import { chmodSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
 * Writes a file whole or not at all: a temporary file in the same folder (so the rename stays on
 * one file system), then a rename over the target. A process killed mid-write, or a reader at the
 * same moment, sees the old file or the new one, never half of one; two writers in one process
 * never share a temporary file. On failure the temporary file is removed and the error thrown.
 */
export async function writeFileAtomic(
  path: string,
  /** Pieces (an iterable of strings) are written one after the other: a large file never has to be one string. */
  content: string | Uint8Array | Iterable<string>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  if (options.mkdir !== undefined && options.mkdir !== false) await mkdir(dirname(path), folderOptions(options.mkdir));
  const tmp = temporaryBeside(path);
  try {
    await writeFile(tmp, content, options.mode === undefined ? {} : { mode: options.mode });
    if (options.mode !== undefined) await chmod(tmp, options.mode);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

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

function folderOptions(mkdir: true | number): { recursive: true; mode?: number } {
  return { recursive: true, ...(typeof mkdir === 'number' ? { mode: mkdir } : {}) };
}

/** In the same folder (so the rename stays on one file system), and never one another writer of this process uses. */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++sequence}.tmp`);
}
