import { mulberry32 } from '../core/random.js';

/**
 * Which lines a drill investigates: ranges drawn at random, every line of every candidate file
 * equally likely, the same ranges for the same seed and tree (a drill can be re-run to check a fix).
 */
export interface SampleFile {
  path: string;
  /** Line count of the file at the drilled revision. */
  lines: number;
}

export interface SampledRange {
  path: string;
  start: number;
  end: number;
}

/**
 * `count` ranges of up to `span` lines, drawn without overlap where the files allow: a line is
 * drawn uniformly over all lines of all files, and the range starts there (clipped at the end
 * of the file). Files are taken in path order so the draw does not depend on git's listing.
 */
export function sampleRanges(files: readonly SampleFile[], count: number, seed: number, span = 10): SampledRange[] {
  const usable = files.filter((f) => f.lines > 0).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const total = usable.reduce((s, f) => s + f.lines, 0);
  if (total === 0 || count <= 0) return [];
  const random = mulberry32(seed);
  const taken = new Map<string, Array<[number, number]>>();
  const out: SampledRange[] = [];
  for (let attempt = 0; out.length < count && attempt < count * 20; attempt++) {
    let line = Math.floor(random() * total);
    const file = usable.find((f) => (line < f.lines ? true : ((line -= f.lines), false)))!;
    const start = line + 1;
    const end = Math.min(file.lines, start + span - 1);
    const ranges = taken.get(file.path) ?? [];
    if (ranges.some(([a, b]) => start <= b && end >= a)) continue;
    ranges.push([start, end]);
    taken.set(file.path, ranges);
    out.push({ path: file.path, start, end });
  }
  return out;
}

/** Lines of a text blob as git counts them (a last line without a newline counts); null for binary. */
export function countLines(content: Buffer): number | null {
  if (content.includes(0)) return null;
  if (content.length === 0) return 0;
  let n = 0;
  for (let i = content.indexOf(10); i >= 0; i = content.indexOf(10, i + 1)) n++;
  return content[content.length - 1] === 10 ? n : n + 1;
}

/**
 * At most `max` files, drawn with probability proportional to size (a stand-in for their line
 * counts, which are only known once read), so that a huge repository costs one bounded read.
 */
export function subsampleBySize<T extends { path: string; size: number }>(files: readonly T[], max: number, random: () => number): T[] {
  if (files.length <= max) return [...files];
  // Efraimidis-Spirakis: keep the `max` largest u^(1/w).
  return files
    .map((f) => ({ f, key: Math.log(random() || Number.MIN_VALUE) / Math.max(f.size, 1) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, max)
    .map((x) => x.f);
}
