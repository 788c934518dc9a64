import { ownString } from '../core/own-string.js';
import type { Catalog } from './catalog.js';

/**
 * The tool family a free-text agent name means, or null. Exact names only, after dropping what
 * tools add around a name (an email, a version, a parenthetical): "Claude Opus 4.5 (1M context)"
 * is Claude, "Claude Shannon" is nobody, "protoc 25.1" is not an AI tool.
 */
export function toolOfName(text: string, catalog: Catalog): string | null {
  let memo = nameMemo.get(catalog);
  if (!memo) nameMemo.set(catalog, (memo = new Map()));
  const known = memo.get(text);
  if (known !== undefined) return known;
  if (memo.size >= MEMO_MAX) memo.clear();
  const tool = lookUp(text, catalog);
  // A copy: the text as read is often a slice of git's output, which would keep its chunk alive.
  memo.set(ownString(text), tool);
  return tool;
}

/** Per catalog, the names seen: a range repeats a few agent names (`Assisted-by:` values) thousands of times. */
const nameMemo = new WeakMap<Catalog, Map<string, string | null>>();
const MEMO_MAX = 10_000;

function lookUp(text: string, catalog: Catalog): string | null {
  let name = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"'`*_]+|[\s"'`*_.,;:!]+$/g, '');
  if (!name) return null;
  for (let i = 0; i < 3; i++) {
    const tool = catalog.names.get(name);
    if (tool) return tool;
    // "Claude Code v1.0.3", "Claude Opus 4.5", "aider 0.86": drop one trailing version token.
    const shorter = name.replace(/\s+v?\d[\w.-]*$/, '');
    if (shorter === name) break;
    name = shorter;
  }
  return null;
}

/**
 * The family a tool id from an attestation belongs to: a registry id like `claude-code` or a
 * custom one like `claude` both mean Claude. Unknown ids are their own family.
 */
export function familyOfTool(toolId: string, catalog: Catalog): string {
  return catalog.names.get(toolId.toLowerCase()) ?? toolOfName(toolId.replace(/[-_]/g, ' '), catalog) ?? toolId.toLowerCase();
}
