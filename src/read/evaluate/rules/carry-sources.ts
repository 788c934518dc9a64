import { describeDeclaration } from '../../../core/declaration.js';
import type { Predicate, ToolUse } from '../../../core/model.js';

/**
 * A carry statement re-signs answers made for other commits (the ones a rebase or squash
 * replaced). It stands only when every commit it names in `carriedFrom` has a statement that
 * verifies, and its answers are those statements' answers carried: no tool or AI use that no
 * source declared, none dropped, a share within the sources' range (a squash weights them by
 * lines). `sources`: the verified statements of each named commit that is here. Pure: null when
 * founded, else why not.
 */
export function unfoundedCarry(carry: Predicate, sources: ReadonlyMap<string, readonly Predicate[]>): string | null {
  const from = carry.carriedFrom ?? [];
  if (from.length === 0) return 'a carry statement that names no commit it carries (carriedFrom is empty): nothing backs its answers';
  if (carry.ai === 'undeclared') return null;
  const chosen: Predicate[] = [];
  for (const id of from) {
    const found = (sources.get(id) ?? []).filter((p) => p.ai !== 'undeclared');
    if (found.length === 0)
      return (
        `carries the answers of commit ${id.slice(0, 12)}, which ` +
        `${sources.has(id) ? 'has no declared statement that verifies' : 'is not in this repository'}: ` +
        `nothing backs the carried answers`
      );
    chosen.push(found.find((p) => carries(carry, p)) ?? found[0]!);
  }
  const dropped = chosen.find((p) => !carries(carry, p));
  if (dropped)
    return (
      `drops answers of the statement it carries (${describeDeclaration(dropped, toolKey)}; the ` +
      `carry says ${describeDeclaration(carry, toolKey)})`
    );
  const declared = new Set(chosen.flatMap((p) => p.tools.map(toolKey)));
  const added = carry.tools.filter((t) => !declared.has(toolKey(t)));
  if (added.length) return `declares ${added.map(toolKey).join(', ')}, which none of the carried statements declares`;
  if (carry.ai === 'used' && chosen.every((p) => p.ai !== 'used')) return 'declares AI use that none of the carried statements declares';
  const shares = chosen.map((p) => (p.ai === 'used' ? p.share : 0));
  if (carry.share < Math.min(...shares) || carry.share > Math.max(...shares)) {
    return `declares a ${carry.share}% share, outside the carried statements' ${Math.min(...shares)}-${Math.max(...shares)}%`;
  }
  return null;
}

/** `carry` keeps every tool of `source`, and its AI use. */
function carries(carry: Predicate, source: Predicate): boolean {
  if (source.ai === 'used' && carry.ai !== 'used') return false;
  const kept = new Set(carry.tools.map(toolKey));
  return source.tools.every((t) => kept.has(toolKey(t)));
}

function toolKey(t: ToolUse): string {
  return `${t.tool}:${t.model}`;
}
