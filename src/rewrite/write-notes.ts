import { collectCommitsById } from '../git/log.js';
import { withNotesLock, writeNote } from '../git/notes.js';
import type { GitOptions } from '../git/run.js';

/**
 * Adds lines to the notes of many commits under ONE hold of the notes lock: the current notes
 * are read in one git call (inside the lock, so nothing written meanwhile is lost), and each
 * note that gains a line is rewritten with every line it had.
 */
export async function addNoteLinesMany(
  additions: ReadonlyMap<string, readonly string[]>,
  options: GitOptions & { commonDir: string },
): Promise<string[]> {
  const targets = [...additions.keys()];
  if (targets.length === 0) return [];
  return withNotesLock(options.commonDir, async () => {
    const records = await collectCommitsById(targets, { cwd: options.cwd, env: options.env, git: options.git });
    const current = new Map(records.map((r) => [r.commit, r.note]));
    const changed: string[] = [];
    for (const [commit, lines] of additions) {
      const existing = (current.get(commit) ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const merged = [...new Set([...existing, ...lines.map((l) => l.trim()).filter(Boolean)])];
      if (merged.length === existing.length) continue;
      await writeNote(commit, `${merged.join('\n')}\n`, options);
      changed.push(commit);
    }
    return changed;
  });
}
