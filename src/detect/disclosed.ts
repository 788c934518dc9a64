import { CONFIDENCES, defaultCatalog, type Catalog, type Confidence } from './catalog.js';
import { signalsOfCommit, type CommitFacts, type SignalHit } from './match.js';

export function atLeast(confidence: Confidence, min: Confidence): boolean {
  return CONFIDENCES.indexOf(confidence) >= CONFIDENCES.indexOf(min);
}

/**
 * The AI tools a commit discloses by its own text and identities (trailers agents write, agent
 * authors, footers), at `min` confidence or more; automation accounts (`bot`) are not AI.
 * Map: tool family -> the strongest hit for it.
 */
export function disclosedTools(
  facts: CommitFacts,
  min: Confidence = 'medium',
  catalog: Catalog = defaultCatalog(),
): Map<string, SignalHit> {
  return toolsOfHits(signalsOfCommit(facts, catalog), min);
}

/** `disclosedTools` over hits already matched: tool family -> strongest hit (one naming a model preferred). */
export function toolsOfHits(hits: readonly SignalHit[], min: Confidence = 'medium'): Map<string, SignalHit> {
  const out = new Map<string, SignalHit>();
  for (const hit of hits) {
    if (hit.tool === 'bot' || !atLeast(hit.confidence, min)) continue;
    const prev = out.get(hit.tool);
    if (!prev || CONFIDENCES.indexOf(hit.confidence) > CONFIDENCES.indexOf(prev.confidence) || (!prev.model && hit.model))
      out.set(hit.tool, hit);
  }
  return out;
}
