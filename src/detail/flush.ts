import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DETAIL_NOTES_REF } from '../core/model.js';
import { addNoteLines, readNote } from '../git/notes.js';
import type { GitOptions } from '../git/run.js';
import { recentCommitTrees } from '../git/tree-files.js';
import { parseRecord, recordDigest } from './record.js';

/**
 * Files detail records a commit left behind: `unfiled/<commit>.detail` (post-commit could not
 * write the note) and `pending/<tree>.detail` (the process died between commit-msg and
 * post-commit). A pending record goes to the recent commit of that tree whose signed statement
 * binds its digest, and nowhere else. Returns the commits given a record.
 */
export async function flushDetailRecords(gitDir: string, options: GitOptions & { commonDir: string }): Promise<string[]> {
  const filed: string[] = [];
  const unfiled = join(gitDir, 'ai-attest', 'unfiled');
  for (const name of await readdir(unfiled).catch(() => [] as string[])) {
    const match = /^([0-9a-f]{40,64})\.detail$/.exec(name);
    if (!match) continue;
    await fileRecord(match[1]!, await readFile(join(unfiled, name), 'utf8'), options);
    await rm(join(unfiled, name));
    filed.push(match[1]!);
  }
  const pending = join(gitDir, 'ai-attest', 'pending');
  const names = (await readdir(pending).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{40,64}\.detail$/.test(n));
  if (names.length === 0) return filed;
  const commits = await recentCommitTrees(200, options);
  for (const name of names) {
    const text = await readFile(join(pending, name), 'utf8');
    let digest: string;
    try {
      digest = recordDigest(parseRecord(text));
    } catch {
      continue;
    }
    const tree = name.slice(0, -'.detail'.length);
    let owner: (typeof commits)[number] | undefined;
    for (const c of commits) {
      if (c.tree !== tree) continue;
      if (c.detail.includes(`sha256=${digest}`) || (await noteBinds(c.commit, tree, digest, gitDir, options))) {
        owner = c;
        break;
      }
    }
    if (!owner) continue;
    await fileRecord(owner.commit, text, options);
    await rm(join(pending, name));
    filed.push(owner.commit);
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
