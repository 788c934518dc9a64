import type { Claims } from './item.js';

/**
 * Captured data compares the raw model output with what was committed. Capture writes it at
 * commit time (src/answers/capture.ts) as a predicate extension that this reads:
 *   extensions['ai-attest.capture'] = { rawLines, keptLines }                 (the commit's one model)
 *                                   | [{ tool?, model, rawLines, keptLines }]   (per model)
 * rawLines: lines the model produced; keptLines: of those, lines committed unchanged.
 */
export const CAPTURE_EXTENSION = 'ai-attest.capture';

export interface CaptureEntry {
  model: string;
  rawLines: number;
  keptLines: number;
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The commit's captured entries, or null when it carries none (or none this reader understands). */
export function captureOf(predicate: Claims): CaptureEntry[] | null {
  const value = predicate.extensions[CAPTURE_EXTENSION];
  if (value === undefined || value === null) return null;
  const items = Array.isArray(value) ? value : [value];
  const single = new Set(predicate.tools.map((t) => t.model));
  const fallbackModel = single.size === 1 ? [...single][0]! : '(several models)';
  const out: CaptureEntry[] = [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const { model, rawLines, keptLines } = item as Record<string, unknown>;
    if (!count(rawLines) || !count(keptLines) || keptLines > rawLines) continue;
    out.push({ model: typeof model === 'string' && model ? model : fallbackModel, rawLines, keptLines });
  }
  return out.length ? out : null;
}

/** Accepted unchanged: every line the model produced was committed as it was. */
export function acceptedUnchanged(entries: readonly CaptureEntry[]): boolean {
  const raw = entries.reduce((s, e) => s + e.rawLines, 0);
  const kept = entries.reduce((s, e) => s + e.keptLines, 0);
  return raw > 0 && kept === raw;
}
