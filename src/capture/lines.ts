import { createHash } from 'node:crypto';

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/**
 * A line's digest, for matching what an agent wrote against what is committed without keeping
 * the text: trailing whitespace and CR are ignored (editors and formatters change them), and
 * 64 bits keep accidental matches out of any realistic diff.
 */
export function lineDigest(line: string): string {
  return createHash('sha256').update(line.replace(/\s+$/, '')).digest('hex').slice(0, 16);
}

/** Blank lines match anything, so they are never counted as anyone's contribution. */
export function isCountable(line: string): boolean {
  return line.trim() !== '';
}

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Digests of the countable lines of `after` that `before` did not already have (as a multiset). */
export function writtenDigests(before: string, after: string): string[] {
  const had = new Map<string, number>();
  for (const line of splitLines(before)) if (isCountable(line)) bump(had, lineDigest(line));
  const out: string[] = [];
  for (const line of splitLines(after)) {
    if (!isCountable(line)) continue;
    const d = lineDigest(line);
    const n = had.get(d) ?? 0;
    if (n > 0) had.set(d, n - 1);
    else out.push(d);
  }
  return out;
}

/**
 * Where `snippet` sits in `content`, as 1-based inclusive line ranges (every occurrence when
 * `all`, else the first). Empty when the file no longer holds it (edited again since).
 */
export function locate(content: string, snippet: string, all = false): Array<[number, number]> {
  if (!snippet) return [];
  const ranges: Array<[number, number]> = [];
  const span = splitLines(snippet).length || 1;
  let from = 0;
  for (;;) {
    const at = content.indexOf(snippet, from);
    if (at < 0) break;
    const start = lineNumberAt(content, at);
    ranges.push([start, start + span - 1]);
    if (!all) break;
    from = at + snippet.length;
  }
  return ranges;
}

function lineNumberAt(content: string, offset: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i >= 0 && i < offset; i = content.indexOf('\n', i + 1)) line++;
  return line;
}

/** Sorted, overlapping or touching ranges joined. */
export function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...ranges].map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
