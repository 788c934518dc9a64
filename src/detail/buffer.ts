import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BufferedPart } from './types.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * Sealed (redacted, encrypted) parts wait in `$GIT_DIR/ai-attest/detail/<id>.json` for the
 * commit that contains their files. Nothing here is in clear: the commit hook only reads the
 * file list and the ciphertext, and hashes. No heavy imports: this runs inside commit-msg.
 */
export function detailBufferDir(gitDir: string): string {
  return join(gitDir, 'ai-attest', 'detail');
}

export function pendingDetailPath(gitDir: string, tree: string): string {
  return join(gitDir, 'ai-attest', 'pending', `${tree}.detail`);
}

/** The record commit-msg leaves for post-commit, next to the pending note (ciphertext only). */
export async function writePendingRecord(gitDir: string, tree: string, text: string): Promise<void> {
  await writeWhole(pendingDetailPath(gitDir, tree), text);
}

/** Written whole then renamed, readable by the user only: a process killed mid-write leaves nothing torn. */
async function writeWhole(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text, { mode: 0o600, mkdir: 0o700 });
}

export async function writeBufferedPart(gitDir: string, part: BufferedPart): Promise<string> {
  const path = join(detailBufferDir(gitDir), `${part.id}.json`);
  await writeWhole(path, JSON.stringify(part));
  return path;
}

export async function readBufferedParts(gitDir: string): Promise<BufferedPart[]> {
  const dir = detailBufferDir(gitDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const parts: BufferedPart[] = [];
  for (const name of names) {
    if (!/^[0-9a-f]{32}\.json$/.test(name)) continue;
    try {
      const part = JSON.parse(await readFile(join(dir, name), 'utf8')) as BufferedPart;
      if (part.version === 1 && typeof part.data === 'string' && Array.isArray(part.files)) parts.push(part);
    } catch {
      // Unreadable: left for `ai-attest doctor`, never fatal to a commit.
    }
  }
  return parts;
}

export async function removeBufferedParts(gitDir: string, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => rm(join(detailBufferDir(gitDir), `${id}.json`), { force: true })));
}
