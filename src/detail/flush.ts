import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DETAIL_NOTES_REF } from '../core/model.js';
import { addNoteLines, anyParentsKey, readNote } from '../git/notes.js';
import type { GitOptions } from '../git/run.js';
import { parseRecord, recordDigest } from './record.js';

const PENDING_RECORD = /^([0-9a-f]{40,64})\.detail$/;

/** Trees of the records commit-msg left in `pending/<tree>.detail` for a post-commit that never filed them. */
export async function pendingDetailTrees(gitDir: string): Promise<string[]> {
  const names = await readdir(join(gitDir, 'ai-attest', 'pending')).catch(() => [] as string[]);
  return names.flatMap((n) => PENDING_RECORD.exec(n)?.[1] ?? []);
}

/**
 * Files detail records a commit left behind: `unfiled/<commit>.detail` (post-commit could not
 * write the note) and `pending/<tree>.detail` (the process died between commit-msg and
 * post-commit). A pending record goes to a commit of that tree whose signed statement binds its
 * digest, and nowhere else. `byTree`: the commits of each pending tree, from the replay's one
 * walk over refs and reflog (src/git/notes.ts `findCommitsByTreeAndParents`, `anyParentsKey`).
 * Returns the commits given a record.
 */
export async function flushDetailRecords(
  gitDir: string,
  options: GitOptions & { commonDir: string },
  byTree: ReadonlyMap<string, ReadonlyArray<{ commit: string; message: string }>>,
): Promise<string[]> {
  const filed: string[] = [];
  const unfiled = join(gitDir, 'ai-attest', 'unfiled');
  for (const name of await readdir(unfiled).catch(() => [] as string[])) {
    const match = PENDING_RECORD.exec(name);
    if (!match) continue;
    await fileRecord(match[1]!, await readFile(join(unfiled, name), 'utf8'), options);
    await rm(join(unfiled, name));
    filed.push(match[1]!);
  }
  const pending = join(gitDir, 'ai-attest', 'pending');
  for (const tree of await pendingDetailTrees(gitDir)) {
    const path = join(pending, `${tree}.detail`);
    const text = await readFile(path, 'utf8');
    let digest: string;
    try {
      digest = recordDigest(parseRecord(text));
    } catch {
      continue;
    }
    let owner: string | undefined;
    for (const c of byTree.get(anyParentsKey(tree)) ?? []) {
      // Format v1 carried the digest in an `Ai-Attest-Detail` trailer; v2 in the note's statement.
      if (c.message.includes(`sha256=${digest}`) || (await noteBinds(c.commit, tree, digest, gitDir, options))) {
        owner = c.commit;
        break;
      }
    }
    if (!owner) continue;
    await fileRecord(owner, text, options);
    await rm(path);
    filed.push(owner);
  }
  return filed;
}

/**
 * Format v2 keeps the detail digest in the statement's note part, not in a trailer: the commit's
 * note, or its note line still pending when post-commit never ran.
 */
async function noteBinds(commit: string, tree: string, digest: string, gitDir: string, options: GitOptions): Promise<boolean> {
  const needle = `"detail":{"sha256":"${digest}"}`;
  const pendingNote = await readFile(join(gitDir, 'ai-attest', 'pending', `${tree}.note`), 'utf8').catch(() => '');
  return pendingNote.includes(needle) || (await readNote(commit, options)).includes(needle);
}

async function fileRecord(commit: string, text: string, options: GitOptions & { commonDir: string }): Promise<void> {
  await addNoteLines(commit, [text.trim()], options, DETAIL_NOTES_REF);
}
