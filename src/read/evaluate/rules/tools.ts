import type { ToolEntry } from '../../../config/types.js';
import type { Predicate } from '../../../core/model.js';
import type { StatementOrigin } from '../types.js';
import { finding, type Finding } from './finding.js';

/**
 * Every tool a statement declares must be in the registry and approved: one finding per tool
 * that is not, or one pass naming them all. Nothing when AI was not used. Pure.
 */
export function tools(
  predicate: Pick<Predicate, 'ai' | 'tools'>,
  source: StatementOrigin,
  registry: readonly Pick<ToolEntry, 'id' | 'name' | 'approved'>[],
): Finding[] {
  if (predicate.ai !== 'used') return [];
  const out: Finding[] = [];
  for (const use of predicate.tools) {
    const entry = registry.find((t) => t.id === use.tool);
    if (!entry)
      out.push(
        finding(
          'tools',
          'tool-unapproved',
          `tool "${use.tool}" is not in the registry (tools in .ai-attest/config.json): it has not been assessed`,
          source,
        ),
      );
    else if (!entry.approved) out.push(finding('tools', 'tool-unapproved', `tool "${use.tool}" (${entry.name}) is not approved`, source));
  }
  if (predicate.tools.length && out.length === 0)
    out.push(finding('tools', 'ok', `approved: ${predicate.tools.map((t) => t.tool).join(', ')}`, source));
  return out;
}
