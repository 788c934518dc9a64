import { DETAIL_NOTES_REF } from '../core/model.js';
import { DetailError } from '../detail/errors.js';
import { parseRecordNote } from '../detail/record.js';
import { loadRecipients } from '../detail/recipients.js';
import { readNotesOf } from '../git/notes-read.js';

/**
 * Whether each commit's detail record can be opened by a compliance recipient named at `rev`:
 * every sealed part must be encrypted to at least one of them. A record that is missing or does
 * not parse is unreadable too (verify reports which). One batched read of the detail notes;
 * openpgp.js loads only when some record is there to check.
 */
export async function detailReadability(
  commits: readonly string[],
  rev: string,
  git: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (!commits.length) return out;
  const notes = await readNotesOf(DETAIL_NOTES_REF, commits, git);
  let current: Set<string>;
  try {
    current = new Set((await loadRecipients({ ...git, rev })).recipients.map((r) => r.fingerprint.toUpperCase()));
  } catch (error) {
    if (!(error instanceof DetailError)) throw error;
    current = new Set();
  }
  for (const commit of commits) {
    const text = notes.get(commit);
    let readable = false;
    for (const record of text ? parseRecordNote(text) : []) {
      if (record instanceof Error) continue;
      if (record.parts.length > 0 && record.parts.every((p) => p.recipients.some((r) => current.has(r.toUpperCase())))) readable = true;
    }
    out.set(commit, readable);
  }
  return out;
}
