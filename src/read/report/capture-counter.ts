import { ownString } from '../../core/own-string.js';
import type { Claims } from './item.js';
import { OUTLIER_TEST } from './authors.js';
import { acceptedUnchanged, captureOf } from './capture.js';
import { ratio, type CaptureAuthorRow, type CaptureSummary } from './types.js';

/** Raw model output against what was committed, per model, from the capture extension. */
export class CaptureCounter {
  private commits = 0;
  private readonly models = new Map<string, { commits: number; rawLines: number; keptLines: number }>();

  /** Counts a verified AI commit's captured data; null when it has none. */
  add(claims: Claims): { unchanged: boolean } | null {
    const entries = captureOf(claims);
    if (!entries) return null;
    this.commits++;
    const seen = new Set<string>();
    for (const e of entries) {
      let m = this.models.get(e.model);
      if (!m) this.models.set(ownString(e.model), (m = { commits: 0, rawLines: 0, keptLines: 0 }));
      if (!seen.has(e.model)) m.commits++;
      seen.add(e.model);
      m.rawLines += e.rawLines;
      m.keptLines += e.keptLines;
    }
    return { unchanged: acceptedUnchanged(entries) };
  }

  merge(other: CaptureCounter): void {
    this.commits += other.commits;
    for (const [model, o] of other.models) {
      let m = this.models.get(model);
      if (!m) this.models.set(model, (m = { commits: 0, rawLines: 0, keptLines: 0 }));
      m.commits += o.commits;
      m.rawLines += o.rawLines;
      m.keptLines += o.keptLines;
    }
  }

  /** Models ranked by the share of their raw output that humans changed, most changed first. */
  summary(authors: CaptureAuthorRow[]): CaptureSummary {
    const models = [...this.models]
      .map(([model, m]) => {
        const kept = ratio(m.keptLines, m.rawLines);
        return { model, ...m, changedShare: kept === null ? null : 1 - kept };
      })
      .sort((a, b) => (b.changedShare ?? -1) - (a.changedShare ?? -1) || b.rawLines - a.rawLines || a.model.localeCompare(b.model));
    return { commits: this.commits, models, authors, test: OUTLIER_TEST };
  }
}
