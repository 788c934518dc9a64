import type { BlameLine } from './blame.js';
import type { RangeChange, RangeRow } from './line-log.js';

/**
 * The blame view read off `git log -L`'s output, so that one git process gives both views
 * (git blame walks the whole file's history again and costs about twice log -L).
 *
 * log -L prints, for each commit, the tracked lines after it (context and '+' rows) and the
 * lines they came from before it (context and '-' rows); when it prints all of them, the lines
 * before one commit are, in the same order, the lines after the next older commit shown.
 * Following a current line down that chain until it is a '+' row names the commit that last
 * changed it, as git blame does with the same diff.
 *
 * log -L leaves out the tracked blocks a commit does not touch, and those are never empty, so
 * equal counts from one commit to the next prove every block was printed. Where the chain does
 * not hold (a block left out, a merge with changes of its own, a history cut short, an end
 * past the end of the file) this returns null and the caller asks git blame.
 */
export function deriveBlame(history: readonly RangeChange[], headLines: readonly number[]): BlameLine[] | null {
  if (history.length === 0 || history.some((h) => h.parents.length > 1 || h.path === null)) return null;
  const sides = history.map(side);
  if (sides[0]!.after.length !== headLines.length) return null;
  for (let i = 0; i + 1 < sides.length; i++) if (sides[i]!.before.size !== sides[i + 1]!.after.length) return null;

  const lines: BlameLine[] = [];
  for (let k = 0; k < headLines.length; k++) {
    let position = k;
    let found: BlameLine | null = null;
    for (let i = 0; i < sides.length && !found; i++) {
      const row = sides[i]!.after[position]!;
      if (row.kind === '+') {
        found = {
          line: headLines[k]!,
          commit: history[i]!.commit,
          path: history[i]!.path!,
          originalLine: row.new!,
          text: sides[0]!.after[k]!.text,
        };
      } else {
        const next = sides[i]!.before.get(row.old!);
        if (next === undefined) return null;
        position = next;
      }
    }
    if (!found) return null;
    lines.push(found);
  }
  return lines;
}

interface Side {
  /** The tracked lines after the commit, in file order. */
  after: RangeRow[];
  /** Ordinal of each tracked line before the commit, by its line number then. */
  before: Map<number, number>;
}

function side(change: RangeChange): Side {
  // A diff hunk that touches two ranges is printed under both: its rows come twice.
  const after = new Map<number, RangeRow>();
  const before = new Set<number>();
  for (const row of change.rows) {
    if (row.new !== undefined) after.set(row.new, row);
    if (row.old !== undefined) before.add(row.old);
  }
  const order = (a: number, b: number) => a - b;
  return {
    after: [...after.keys()].sort(order).map((n) => after.get(n)!),
    before: new Map([...before].sort(order).map((n, i) => [n, i])),
  };
}
