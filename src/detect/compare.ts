import { familyOfTool } from './agent-name.js';
import { CONFIDENCES, type Catalog, type Confidence } from './catalog.js';
import type { Claim } from './claim.js';
import type { SignalHit } from './match.js';

/**
 * - `unattested`: an AI signal on a commit with no attestation (or one committed without answers);
 * - `attested-none`: an AI signal on a commit attested "no AI";
 * - `other-tool`: the signal names a tool the attestation does not list;
 * - `other-model`: the signal names a model the attestation does not list for that tool.
 * Attested AI with no signal is not a finding.
 */
export const FINDING_RULES = ['unattested', 'attested-none', 'other-tool', 'other-model'] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export interface Judgement {
  rule: FindingRule;
  tool: string;
  model?: string;
  confidence: Confidence;
  signals: SignalHit[];
}

function strongest(hits: readonly SignalHit[]): Confidence {
  return hits.reduce<Confidence>((best, h) => (CONFIDENCES.indexOf(h.confidence) > CONFIDENCES.indexOf(best) ? h.confidence : best), 'low');
}

/** Model ids compared loosely: provider prefixes dropped, a dated id matches its undated alias. */
export function sameModel(a: string, b: string): boolean {
  const norm = (m: string) =>
    m
      .trim()
      .toLowerCase()
      .replace(/^[a-z0-9-]+\//, '')
      .replace(/^(?:bedrock|vertex|azure):/, '');
  const x = norm(a);
  const y = norm(b);
  return x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`) || x.startsWith(`${y}@`) || y.startsWith(`${x}@`);
}

/** Findings of one commit's signals against one claim, one per tool family the signals name. */
export function judge(hits: readonly SignalHit[], claim: Claim, catalog: Catalog): Judgement[] {
  const byTool = new Map<string, SignalHit[]>();
  for (const h of hits) (byTool.get(h.tool) ?? byTool.set(h.tool, []).get(h.tool)!).push(h);
  // Evidence that names no tool (content, an AI key) supports the finding of a tool named beside it.
  const named = [...byTool.keys()].filter((t) => t !== 'ai' && t !== 'bot');
  if (named.length) {
    const target = byTool.get(named[0]!)!;
    for (const vague of ['ai', 'bot']) {
      target.push(...(byTool.get(vague) ?? []));
      byTool.delete(vague);
    }
  }
  const attested = new Map<string, string[]>();
  for (const t of claim.tools) {
    const family = familyOfTool(t.tool, catalog);
    (attested.get(family) ?? attested.set(family, []).get(family)!).push(t.model);
  }
  const out: Judgement[] = [];
  for (const [tool, group] of byTool) {
    const confidence = strongest(group);
    const model = group.find((h) => h.model)?.model;
    const base = { tool, ...(model ? { model } : {}), confidence, signals: group };
    if (claim.ai === 'absent' || claim.ai === 'undeclared') {
      out.push({ rule: 'unattested', ...base });
      continue;
    }
    // An automation account is only worth a look when nobody answered for the commit.
    if (tool === 'bot') continue;
    if (claim.ai === 'none') {
      out.push({ rule: 'attested-none', ...base });
      continue;
    }
    if (tool === 'ai') continue;
    const models = attested.get(tool);
    if (!models) {
      out.push({ rule: 'other-tool', ...base });
      continue;
    }
    // Any evidence naming a model the attestation does not list for the tool.
    const unlisted = group.filter((h) => h.model && !models.some((m) => sameModel(m, h.model!)));
    if (unlisted.length) out.push({ rule: 'other-model', ...base, model: unlisted[0]!.model!, signals: unlisted });
  }
  return out;
}
