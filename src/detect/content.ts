import { addedLines } from '../git/patch-log.js';
import type { AdditionSizeSignal, Catalog, LineSignal } from './catalog.js';
import type { SignalHit } from './match.js';

/** Hits quoted per signal and commit: enough to judge, not a copy of a generated file. */
const HITS_PER_SIGNAL = 3;
/** Longer lines are minified or data, where phrasing signals mean nothing (and cost the most). */
const LONGEST_LINE = 1000;

export interface ContentScan {
  hits: SignalHit[];
  /** Added lines outside ignored paths (the addition-size signal's measure). */
  added: number;
  files: number;
}

/** Content signals of one commit's zero-context patch. */
export function scanPatch(patch: string, catalog: Catalog, signals: readonly LineSignal[]): ContentScan {
  const hits: SignalHit[] = [];
  const perSignal = new Map<string, number>();
  let added = 0;
  const files = new Set<string>();
  let lastPath = '';
  let ignored = false;
  for (const { path, line, text } of addedLines(patch)) {
    if (path !== lastPath) {
      lastPath = path;
      ignored = catalog.contentIgnore.some((r) => r.test(path));
    }
    if (ignored) continue;
    added++;
    files.add(path);
    if (text.length > LONGEST_LINE) continue;
    for (const s of signals) {
      if (!s.pattern.test(text)) continue;
      const n = perSignal.get(s.id) ?? 0;
      perSignal.set(s.id, n + 1);
      if (n >= HITS_PER_SIGNAL) continue;
      const quoted = text.trim();
      hits.push({
        signal: s.id,
        kind: 'added-line',
        tool: s.tool,
        known: true,
        confidence: s.confidence,
        where: `${path}:${line}`,
        evidence: quoted.length > 200 ? `${quoted.slice(0, 199)}…` : quoted,
      });
    }
  }
  return { hits, added, files: files.size };
}

export interface AuthorAddition {
  commit: string;
  author: string;
  added: number;
  files: number;
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * Commits that add far more than their author usually does in the range: at least `minLines`
 * added lines and `factor` times the median of the author's other commits, when the author has
 * at least `minHistory` other commits to compare with (a newcomer's first commit is no signal).
 */
export function largeAdditions(all: readonly AuthorAddition[], signal: AdditionSizeSignal): Map<string, SignalHit> {
  const byAuthor = new Map<string, AuthorAddition[]>();
  for (const a of all) (byAuthor.get(a.author) ?? byAuthor.set(a.author, []).get(a.author)!).push(a);
  const out = new Map<string, SignalHit>();
  for (const commits of byAuthor.values()) {
    if (commits.length - 1 < signal.minHistory) continue;
    const candidates = commits.filter((c) => c.added >= signal.minLines);
    if (!candidates.length) continue;
    for (const c of candidates) {
      const others = commits.filter((o) => o !== c).map((o) => o.added);
      const usual = median(others);
      if (c.added < signal.factor * Math.max(usual, 1)) continue;
      out.set(c.commit, {
        signal: signal.id,
        kind: 'addition-size',
        tool: signal.tool,
        known: true,
        confidence: signal.confidence,
        where: 'diff',
        evidence:
          `+${c.added} lines in ${c.files} file${c.files === 1 ? '' : 's'} in one commit; this ` +
          `author's median is +${Math.round(usual)} over ${others.length} other commits`,
      });
    }
  }
  return out;
}
