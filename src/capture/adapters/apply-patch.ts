import type { Edit } from './types.js';

/**
 * Codex' apply_patch format: `*** Add File: P` (every line `+`), `*** Update File: P` (optionally
 * `*** Move to: Q`) with `@@` hunks of ` `/`-`/`+` lines, `*** Delete File: P`. Each run of added
 * lines becomes one edit, so it can be located in the file as it is after the patch.
 */
export function parseApplyPatch(patch: string): Edit[] {
  const edits: Edit[] = [];
  let path: string | null = null;
  let adding = false;
  let added: string[] = [];
  let removed: string[] = [];
  const flush = () => {
    if (path && added.length) {
      edits.push({
        path,
        written: `${added.join('\n')}\n`,
        ...(removed.length ? { replaced: `${removed.join('\n')}\n` } : {}),
        ...(adding ? { wholeFile: true } : {}),
      });
    }
    added = [];
    removed = [];
  };
  for (const line of patch.split('\n')) {
    const header = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line);
    if (header) {
      flush();
      path = header[1] === 'Delete' ? null : header[2]!.trim();
      adding = header[1] === 'Add';
      continue;
    }
    const move = /^\*\*\* Move to: (.+)$/.exec(line);
    if (move) {
      path = move[1]!.trim();
      continue;
    }
    if (line.startsWith('***')) {
      flush();
      continue;
    }
    if (!path) continue;
    if (line.startsWith('+')) added.push(line.slice(1));
    else if (line.startsWith('-')) removed.push(line.slice(1));
    else if (!adding) flush();
  }
  flush();
  return edits;
}
