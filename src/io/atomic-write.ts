import { chmod, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type AtomicWriteOptions, folderOptions, temporaryBeside } from './atomic-write-sync.js';

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
