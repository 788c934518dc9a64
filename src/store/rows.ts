import { captureOf } from '../read/report/capture.js';
import { aiWeightedLines, stateOf, type ReportItem } from '../read/report/item.js';

/** A cell as the appender takes it: TIMESTAMP cells are Unix seconds, JSON cells are serialised here. */
export type Cell = string | number | boolean | null;
export type Row = Cell[];

/** The rows one commit contributes, per table, in each table's column order (schema.ts). */
export interface CommitRows {
  commits: Row;
  commit_tools: Row[];
  commit_sensitive: Row[];
  commit_capture: Row[];
}

/** AI signals found in the commit by detect, when it ran: counted, never stored as text. */
export interface SignalCounts {
  signals: number;
  unattested: number;
}

/** One row per (commit, model): the dashboard counts a row as one commit of that model. */
function captureByModel(claims: NonNullable<ReportItem['claims']>): Array<[string, number, number]> {
  const byModel = new Map<string, [string, number, number]>();
  for (const e of captureOf(claims) ?? []) {
    const row = byModel.get(e.model) ?? [e.model, 0, 0];
    row[1] += e.rawLines;
    row[2] += e.keptLines;
    byModel.set(e.model, row);
  }
  return [...byModel.values()];
}

const month = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 7);
const time = (iso: string): number | null => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
};

export function commitRows(repository: string, item: ReportItem, signals: SignalCounts | null = null): CommitRows {
  const c = item.claims;
  const used = c?.ai === 'used';
  const sensitive = c?.sensitive ?? [];
  const commits: Row = [
    repository,
    item.commit,
    item.parents.length,
    item.authorName,
    item.authorEmail.toLowerCase(),
    item.authorTime,
    item.committerTime,
    month(item.committerTime),
    stateOf(item),
    item.status,
    JSON.stringify(item.reasons),
    used ? c.share : null,
    c ? c.attester.email.toLowerCase() : null,
    c ? c.attester.key : null,
    c ? time(c.time) : null,
    c ? c.source : null,
    item.lines ? item.lines.added : null,
    item.lines ? item.lines.deleted : null,
    item.lines ? aiWeightedLines(item) : null,
    sensitive.length,
    sensitive.filter((f) => f.ai.length > 0).length,
    used ? JSON.stringify(c.extensions) : null,
    signals?.signals ?? 0,
    signals?.unattested ?? 0,
  ];
  return {
    commits,
    commit_tools: used ? c.tools.map((t) => [repository, item.commit, t.tool, t.model, t.via]) : [],
    commit_sensitive: sensitive.map((f) => [repository, item.commit, f.path, f.category, JSON.stringify([...f.ai])]),
    commit_capture: used ? captureByModel(c).map(([model, raw, kept]) => [repository, item.commit, model, raw, kept]) : [],
  };
}
