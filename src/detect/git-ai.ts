import { familyOfTool } from './agent-name.js';
import type { Catalog, Confidence } from './catalog.js';
import type { SignalHit } from './match.js';

export const GIT_AI_REF = 'refs/notes/ai';

interface AgentId {
  tool?: unknown;
  model?: unknown;
}

/**
 * Signals of a git-ai note (`refs/notes/ai`, schema authorship/3.x): an attestation section, a
 * `---` line, then JSON whose `prompts` and `sessions` name each agent (`agent_id.tool`,
 * `agent_id.model`). One hit per (tool, model); a note that does not parse is one hit of its own
 * (git-ai wrote something about AI in this commit) with no tool, so it is never silently lost.
 */
export function signalsOfGitAiNote(note: string, signalId: string, confidence: Confidence, catalog: Catalog): SignalHit[] {
  const sep = note.search(/^---\s*$/m);
  const json = sep === -1 ? note : note.slice(sep).replace(/^---\s*/, '');
  const where = GIT_AI_REF;
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return [
      { signal: signalId, kind: 'git-ai-note', tool: 'ai', known: false, confidence, where, evidence: 'a git-ai note that does not parse' },
    ];
  }
  const schema = typeof meta.schema_version === 'string' ? meta.schema_version : 'unknown schema';
  const seen = new Map<string, SignalHit>();
  const lines = new Map<string, number>();
  for (const group of [meta.prompts, meta.sessions]) {
    if (!group || typeof group !== 'object') continue;
    for (const entry of Object.values(group as Record<string, unknown>)) {
      const agent = (entry as { agent_id?: AgentId } | null)?.agent_id;
      if (!agent || typeof agent.tool !== 'string' || !agent.tool) continue;
      const model = typeof agent.model === 'string' && agent.model && agent.model !== 'unknown' ? agent.model : undefined;
      const key = `${agent.tool}\0${model ?? ''}`;
      const accepted = (entry as { accepted_lines?: unknown }).accepted_lines;
      if (typeof accepted === 'number') lines.set(key, (lines.get(key) ?? 0) + accepted);
      if (seen.has(key)) continue;
      const family = familyOfTool(agent.tool, catalog);
      seen.set(key, {
        signal: signalId,
        kind: 'git-ai-note',
        tool: family,
        known: catalog.names.has(agent.tool.toLowerCase()) || family !== agent.tool.toLowerCase(),
        ...(model ? { model } : {}),
        confidence,
        where,
        evidence: '',
      });
    }
  }
  if (!seen.size)
    return [
      {
        signal: signalId,
        kind: 'git-ai-note',
        tool: 'ai',
        known: false,
        confidence,
        where,
        evidence: `git-ai note (${schema}) naming no agent`,
      },
    ];
  return [...seen.entries()].map(([key, hit]) => {
    const [tool, model] = key.split('\0');
    const n = lines.get(key);
    return {
      ...hit,
      evidence: `git-ai note (${schema}): ${tool}${model ? ` model=${model}` : ''}${n !== undefined ? `, ${n} accepted lines` : ''}`,
    };
  });
}
