import { familyOfTool } from './agent-name.js';
import type { Catalog, Confidence } from './catalog.js';
import type { SignalHit } from './match.js';

/** What capture recorded for a commit: the statement's `ai-attest.capture` entries (tool, exact model). */
export interface CapturedEvent {
  tool: string;
  model?: string;
}

/** One hit per (tool, model) the captured events of a commit name. */
export function signalsOfCapturedEvents(
  events: readonly CapturedEvent[],
  signalId: string,
  confidence: Confidence,
  catalog: Catalog,
): SignalHit[] {
  const out = new Map<string, SignalHit>();
  const counts = new Map<string, number>();
  for (const e of events) {
    if (!e || typeof e.tool !== 'string' || !e.tool) continue;
    const model = typeof e.model === 'string' && e.model ? e.model : undefined;
    const key = `${e.tool}\0${model ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (out.has(key)) continue;
    out.set(key, {
      signal: signalId,
      kind: 'captured-event',
      tool: familyOfTool(e.tool, catalog),
      known: true,
      ...(model ? { model } : {}),
      confidence,
      where: 'captured events',
      evidence: '',
    });
  }
  return [...out.entries()].map(([key, hit]) => {
    const [tool, model] = key.split('\0');
    const n = counts.get(key)!;
    return {
      ...hit,
      evidence: `captured ${tool}${model ? ` model=${model}` : ''}${n > 1 ? ` (${n} entries)` : ''} in the statement's ai-attest.capture`,
    };
  });
}
