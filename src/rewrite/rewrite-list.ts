import { isObjectId } from '../core/object-id.js';
/** One commit git wrote during a rewrite, and the commits it replaces (several for squash and fixup). */
export interface RewriteGroup {
  newCommit: string;
  olds: string[];
}

/**
 * Reads post-rewrite's stdin: `<old> <new> [<extra>]` per line. Git lists a squash as several
 * lines with the same new commit; they become one group, olds in the order git gave them.
 * A line whose old and new are equal (a pick git fast-forwarded) needs nothing carried.
 */
export function parseRewriteList(text: string): RewriteGroup[] {
  const groups = new Map<string, RewriteGroup>();
  for (const line of text.split('\n')) {
    const [oldCommit, newCommit] = line.trim().split(/\s+/);
    if (!oldCommit || !newCommit || !isObjectId(oldCommit) || !isObjectId(newCommit) || oldCommit === newCommit) continue;
    const group = groups.get(newCommit) ?? { newCommit, olds: [] };
    if (!group.olds.includes(oldCommit)) group.olds.push(oldCommit);
    groups.set(newCommit, group);
  }
  return [...groups.values()];
}
