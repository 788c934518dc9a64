import type { VerdictStatus } from '../evaluate.js';
import type { BlameLine } from '../../git/blame.js';
import type { BlameRange, LineSummary, TraceAi, TracedCommit } from './model.js';

/** Consecutive lines from the same commit (and the same original run) become one range. */
export function groupLines(lines: readonly BlameLine[]): BlameRange[] {
  const ranges: BlameRange[] = [];
  for (const l of [...lines].sort((a, b) => a.line - b.line)) {
    const last = ranges[ranges.length - 1];
    if (
      last &&
      last.commit === l.commit &&
      last.path === l.path &&
      last.end + 1 === l.line &&
      last.originalStart + (l.line - last.start) === l.originalLine
    ) {
      last.end = l.line;
      last.text.push(l.text);
    } else {
      ranges.push({ start: l.line, end: l.line, commit: l.commit, path: l.path, originalStart: l.originalLine, text: [l.text] });
    }
  }
  return ranges;
}

export function summarize(ranges: readonly BlameRange[], commits: Readonly<Record<string, TracedCommit>>): LineSummary {
  const byAi: Record<TraceAi | 'unverified', number> = { used: 0, none: 0, undeclared: 0, unattested: 0, unverified: 0 };
  const byStatus: Record<VerdictStatus, number> = { ok: 0, carried: 0, exempt: 0, warn: 0, fail: 0 };
  const models = new Map<string, { tool: string; model: string; via: string; lines: number }>();
  let lines = 0;
  for (const range of ranges) {
    const count = range.end - range.start + 1;
    const c = commits[range.commit];
    if (!c) continue;
    lines += count;
    byStatus[c.verification.status] += count;
    const a = c.attestation;
    byAi[a.verified || a.ai === 'unattested' ? a.ai : 'unverified'] += count;
    if (!a.verified) continue;
    for (const t of c.attestation.tools) {
      const key = `${t.tool}\u0000${t.model}\u0000${t.via}`;
      const entry = models.get(key) ?? { tool: t.tool, model: t.model, via: t.via, lines: 0 };
      entry.lines += count;
      models.set(key, entry);
    }
  }
  return { lines, byAi, byStatus, models: [...models.values()].sort((a, b) => b.lines - a.lines) };
}
