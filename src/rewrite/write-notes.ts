import { NOTES_REF } from '../core/model.js';
import { collectCommits } from '../git/log.js';
import { withNotesLock } from '../git/notes.js';
import { runGit, type GitOptions } from '../git/run.js';

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
    const records = await collectCommits(targets, { cwd: options.cwd, env: options.env, logOptions: ['--no-walk=unsorted'] });
    const current = new Map(records.map((r) => [r.commit, r.note]));
    const changed: string[] = [];
    for (const [commit, lines] of additions) {
      const existing = (current.get(commit) ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const merged = [...new Set([...existing, ...lines.map((l) => l.trim()).filter(Boolean)])];
      if (merged.length === existing.length) continue;
      await runGit(['notes', `--ref=${NOTES_REF}`, 'add', '-f', '-F', '-', commit], { ...options, input: `${merged.join('\n')}\n` });
      changed.push(commit);
    }
    return changed;
  });
}
