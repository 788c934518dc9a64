import { TraceError } from './errors.js';

/**
 * -L values are passed through to git (blame and log -L share the syntax: `a,b`, `a,+n`,
 * `a,-n`, `/regex/,b`, `:funcname`); only what git would misread here is refused early.
 */
export function checkSpecs(specs: readonly string[], file: string): string[] {
  if (specs.length === 0)
    throw new TraceError(
      `which lines? add -L START,END (e.g. ai-attest trace ${shellWord(file)} -L 10,29), -L START,+COUNT or -L :FUNCNAME.`,
    );
  return specs.map((spec) => {
    const trimmed = spec.trim();
    if (!trimmed) throw new TraceError('-L is empty: give START,END, START,+COUNT or :FUNCNAME.');
    // `git log -L 10,20:path` style: the path is a separate argument here.
    const withPath = /^(\d+,[+-]?\d+):(.+)$/.exec(trimmed);
    if (withPath) {
      throw new TraceError(
        `-L ${trimmed}: give the file as the argument and the lines alone: ai-attest trace ${shellWord(withPath[2]!)} -L ${withPath[1]}.`,
      );
    }
    if (/^\d+$/.test(trimmed) || /^\d+,\d+$/.test(trimmed)) {
      const [start, end] = trimmed.split(',').map(Number);
      if (start === 0 || end === 0) throw new TraceError(`-L ${trimmed}: lines count from 1.`);
    }
    return trimmed;
  });
}

/** `-L spec:path` for log, where the path is everything after the range, colons included. */
export function logRangeArgs(specs: readonly string[], path: string): string[] {
  return specs.flatMap((spec) => ['-L', `${spec}:${path}`]);
}

export function blameRangeArgs(specs: readonly string[]): string[] {
  return specs.flatMap((spec) => ['-L', spec]);
}

function shellWord(text: string): string {
  return /^[\w./@+-]+$/.test(text) && !text.startsWith('-') ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The line numbers one `a,b`, `a,+n` or `a,-n` selects, in order. Null for a pattern or a
 * function name, whose lines only git knows, and for several ranges: log -L prints only the
 * ranges a commit touches, so their lines cannot be told apart in its output.
 */
export function numericLines(specs: readonly string[]): number[] | null {
  const lines = new Set<number>();
  if (specs.length !== 1) return null;
  for (const spec of specs) {
    const m = /^(\d+),([+-]?)(\d+)$/.exec(spec);
    if (!m) return null;
    const a = Number(m[1]);
    const n = Number(m[3]);
    if (n === 0 && m[2]) return null;
    let [start, end] = m[2] === '+' ? [a, a + n - 1] : m[2] === '-' ? [a - n + 1, a] : [a, n];
    if (start > end) [start, end] = [end, start];
    if (start < 1 || end - start > 1_000_000) return null;
    for (let l = start; l <= end; l++) lines.add(l);
  }
  return [...lines].sort((x, y) => x - y);
}
