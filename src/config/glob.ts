/**
 * Globs compiled to a matcher that runs in time linear in the path (times the glob's length),
 * whatever the glob: a regular expression built from `**\/a*a*a*a*a*a*a*a*a*a*a*b` backtracks for
 * minutes, and this runs in the commit hook. Pure and dependency-free.
 *
 * Syntax (picomatch's, with `dot: true`): `*` any characters but `/`; `?` one character but `/`;
 * `[abc]`, `[a-z]`, `[!a]` / `[^a]` a class; `**` as a whole segment any number of segments
 * (`**\/x` matches `x` and `a/b/x`; `a/**` matches `a` and everything under it); `{a,b}`
 * alternatives; `\` escapes the next character. Matching is case-insensitive unless asked.
 */

export class GlobError extends Error {}

/** Limits that keep compiling and matching cheap; a glob past them is refused at config load. */
export const GLOB_MAX_LENGTH = 300;
const MAX_ALTERNATIVES = 64;

type Token =
  | { kind: 'char'; char: string }
  | { kind: 'any' }
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> }
  | { kind: 'star' }
  /** Zero or more whole segments, each with its `/`. */
  | { kind: 'segments' }
  /** Nothing, or `/` and anything after it (a trailing `/**`). */
  | { kind: 'rest' }
  /** Anything at all (the glob `**`). */
  | { kind: 'all' };

export type PathTest = (path: string) => boolean;

export function compileGlob(glob: string, options: { caseSensitive?: boolean } = {}): PathTest {
  if (glob.length === 0) throw new GlobError('a glob cannot be empty');
  if (glob.length > GLOB_MAX_LENGTH) throw new GlobError(`a glob may have at most ${GLOB_MAX_LENGTH} characters`);
  const source = options.caseSensitive ? glob : glob.toLowerCase();
  const programs = expandBraces(source).map((pattern) => {
    const tokens = tokenize(pattern);
    return { tokens, required: longestLiteral(tokens) };
  });
  const fold = !options.caseSensitive;
  return (path) => {
    const subject = fold ? path.toLowerCase() : path;
    // Every literal of a glob must occur in a path it matches: most paths fail that cheap test.
    return programs.some((p) => subject.includes(p.required) && run(p.tokens, subject));
  };
}

function longestLiteral(tokens: readonly Token[]): string {
  let best = '';
  let run = '';
  for (const token of tokens) {
    if (token.kind === 'char') {
      run += token.char;
      if (run.length > best.length) best = run;
    } else run = '';
  }
  return best;
}

/** `{a,b}` alternatives, expanded (nested braces too), at most MAX_ALTERNATIVES patterns. */
function expandBraces(glob: string): string[] {
  const open = findUnescaped(glob, '{', 0);
  if (open < 0) return [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new GlobError(`unclosed "{" in "${glob}"`);
  const before = glob.slice(0, open);
  const after = glob.slice(close + 1);
  const cuts = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    for (const expanded of expandBraces(`${before}${glob.slice(cuts[k]! + 1, cuts[k + 1])}${after}`)) {
      out.push(expanded);
      if (out.length > MAX_ALTERNATIVES) throw new GlobError(`"${glob}" expands to more than ${MAX_ALTERNATIVES} alternatives`);
    }
  }
  return out;
}

function findUnescaped(text: string, char: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

function tokenize(glob: string): Token[] {
  const segments = (glob.startsWith('./') ? glob.slice(2) : glob).split('/');
  const tokens: Token[] = [];
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (!last) tokens.push({ kind: 'segments' });
      else if (i === 0) tokens.push({ kind: 'all' });
      else {
        // `a/**`: the `/` before it was written by the previous segment; take it back.
        tokens.pop();
        tokens.push({ kind: 'rest' });
      }
      return;
    }
    tokens.push(...segmentTokens(segment));
    if (!last) tokens.push({ kind: 'char', char: '/' });
  });
  return tokens;
}

function segmentTokens(segment: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) out.push({ kind: 'char', char: segment[++i]! });
    else if (c === '*') {
      // `**` inside a segment is a `*`; consecutive stars are one.
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'any' });
    else if (c === '[') {
      const parsed = parseClass(segment, i);
      if (parsed) {
        out.push(parsed.token);
        i = parsed.end;
      } else out.push({ kind: 'char', char: c });
    } else out.push({ kind: 'char', char: c });
  }
  return out;
}

function parseClass(segment: string, start: number): { token: Token; end: number } | null {
  let i = start + 1;
  const negated = segment[i] === '!' || segment[i] === '^';
  if (negated) i++;
  const ranges: Array<[string, string]> = [];
  let first = true;
  for (; i < segment.length; i++) {
    let c = segment[i]!;
    if (c === ']' && !first) return { token: { kind: 'class', negated, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < segment.length) c = segment[++i]!;
    if (segment[i + 1] === '-' && i + 2 < segment.length && segment[i + 2] !== ']') {
      let to = segment[i + 2]!;
      i += 2;
      if (to === '\\' && i + 1 < segment.length) to = segment[++i]!;
      ranges.push([c, to]);
    } else ranges.push([c, c]);
  }
  return null;
}

/**
 * Thompson simulation: the set of positions in the token list the path can be at, advanced one
 * character at a time. States 0..n are positions (n accepts); n+1+i is the "inside" half of token
 * i (`segments` within a segment, `rest` after its `/`).
 */
function run(tokens: Token[], path: string): boolean {
  const n = tokens.length;
  const size = 2 * (n + 1);
  let current: number[] = [];
  let next: number[] = [];
  const seen = new Int32Array(size).fill(-1);
  let step = 0;

  const add = (list: number[], state: number) => {
    if (seen[state] === step) return;
    seen[state] = step;
    list.push(state);
    if (state >= n) return;
    const token = tokens[state]!;
    // Tokens that may match nothing lead on to the next position at once.
    if (token.kind === 'star' || token.kind === 'segments' || token.kind === 'rest' || token.kind === 'all') add(list, state + 1);
  };

  add(current, 0);
  for (let p = 0; p < path.length; p++) {
    const c = path[p]!;
    step++;
    next.length = 0;
    for (const state of current) {
      if (state === n) continue;
      if (state > n) {
        // Inside a `segments` or `rest` token.
        const i = state - n - 1;
        const token = tokens[i]!;
        if (token.kind === 'rest') {
          add(next, state);
          add(next, i + 1);
        } else if (c === '/') add(next, i);
        else add(next, state);
        continue;
      }
      const token = tokens[state]!;
      switch (token.kind) {
        case 'char':
          if (c === token.char) add(next, state + 1);
          break;
        case 'any':
          if (c !== '/') add(next, state + 1);
          break;
        case 'class':
          if (c !== '/' && inClass(token, c)) add(next, state + 1);
          break;
        case 'star':
          if (c !== '/') add(next, state);
          break;
        case 'segments':
          if (c === '/') add(next, state);
          else add(next, n + 1 + state);
          break;
        case 'rest':
          if (c === '/') {
            add(next, n + 1 + state);
            add(next, state + 1);
          }
          break;
        case 'all':
          add(next, state);
          break;
      }
    }
    if (next.length === 0) return false;
    [current, next] = [next, current];
  }
  return current.includes(n);
}

function inClass(token: Extract<Token, { kind: 'class' }>, c: string): boolean {
  const hit = token.ranges.some(([from, to]) => c >= from && c <= to);
  return token.negated ? !hit : hit;
}
