import { ownString } from '../../core/own-string.js';
import { round2 } from './round.js';
import { ratio, type FolderRow, type GroupRow } from './types.js';

interface GroupAcc {
  commits: number;
  changedLines: number;
  aiWeightedLines: number;
  sensitiveCommits: number;
  related: Set<string>;
}

/**
 * Counts per key (tool, model, integration path). A commit counts under each distinct key it
 * lists; its AI-weighted lines are split equally among them, so the rows add up to the total.
 */
export class GroupCounter {
  private readonly groups = new Map<string, GroupAcc>();

  add(entries: ReadonlyArray<{ key: string; related: string }>, changed: number, aiWeighted: number, sensitive: boolean): void {
    const keys = new Map<string, Set<string>>();
    for (const e of entries) {
      let rel = keys.get(e.key);
      if (!rel) keys.set(e.key, (rel = new Set()));
      rel.add(e.related);
    }
    if (keys.size === 0) return;
    const part = aiWeighted / keys.size;
    for (const [key, related] of keys) {
      let g = this.groups.get(key);
      if (!g)
        this.groups.set(ownString(key), (g = { commits: 0, changedLines: 0, aiWeightedLines: 0, sensitiveCommits: 0, related: new Set() }));
      g.commits++;
      g.changedLines += changed;
      g.aiWeightedLines += part;
      if (sensitive) g.sensitiveCommits++;
      for (const r of related) if (!g.related.has(r)) g.related.add(ownString(r));
    }
  }

  merge(other: GroupCounter): void {
    for (const [key, o] of other.groups) {
      let g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { commits: 0, changedLines: 0, aiWeightedLines: 0, sensitiveCommits: 0, related: new Set() }));
      g.commits += o.commits;
      g.changedLines += o.changedLines;
      g.aiWeightedLines += o.aiWeightedLines;
      g.sensitiveCommits += o.sensitiveCommits;
      for (const r of o.related) g.related.add(r);
    }
  }

  rows(aiCommits: number): GroupRow[] {
    return [...this.groups]
      .map(([key, g]) => ({
        key,
        commits: g.commits,
        shareOfAiCommits: ratio(g.commits, aiCommits),
        changedLines: g.changedLines,
        aiWeightedLines: round2(g.aiWeightedLines),
        sensitiveCommits: g.sensitiveCommits,
        related: [...g.related].sort(),
      }))
      .sort((a, b) => b.commits - a.commits || b.aiWeightedLines - a.aiWeightedLines || a.key.localeCompare(b.key));
  }
}

interface FolderAcc {
  commits: number;
  /** Commits with a verified attestation (used, none, undeclared): without one the share is unknown. */
  attested: number;
  changedLines: number;
  aiWeightedLines: number;
}

/** Changed and AI-weighted lines per top-level folder (a commit's share applied to each of its files). */
export class FolderCounter {
  private readonly folders = new Map<string, FolderAcc>();

  add(perFolder: ReadonlyMap<string, number>, share: number, attested: boolean): void {
    for (const [folder, changed] of perFolder) {
      let f = this.folders.get(folder);
      if (!f) this.folders.set(ownString(folder), (f = { commits: 0, attested: 0, changedLines: 0, aiWeightedLines: 0 }));
      f.commits++;
      if (attested) f.attested++;
      f.changedLines += changed;
      f.aiWeightedLines += (changed * share) / 100;
    }
  }

  merge(other: FolderCounter): void {
    for (const [folder, o] of other.folders) {
      let f = this.folders.get(folder);
      if (!f) this.folders.set(folder, (f = { commits: 0, attested: 0, changedLines: 0, aiWeightedLines: 0 }));
      f.commits += o.commits;
      f.attested += o.attested;
      f.changedLines += o.changedLines;
      f.aiWeightedLines += o.aiWeightedLines;
    }
  }

  rows(): FolderRow[] {
    return [...this.folders]
      .map(([folder, f]) => ({
        folder,
        commits: f.commits,
        changedLines: f.changedLines,
        aiWeightedLines: round2(f.aiWeightedLines),
        aiWeightedShare: f.attested ? ratio(f.aiWeightedLines, f.changedLines) : null,
      }))
      .sort((a, b) => b.changedLines - a.changedLines || a.folder.localeCompare(b.folder));
  }
}
