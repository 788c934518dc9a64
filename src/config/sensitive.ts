import { hasUnsafeCharacters } from '../core/unsafe-text.js';
import { compileGlob, GlobError, type PathTest } from './glob.js';
import type { SensitiveCategory } from './types.js';

/**
 * Sensitive-path matching: pure and dependency-free (it runs in the commit hook). A category
 * matches a path by its globs (case-insensitive unless `caseSensitive`) or by its words: a word
 * matches a whole word of the path, split at `/ . - _`, spaces, camelCase and digits
 * (`auth` matches `src/auth/x.ts`, `authService.ts`, `OAuthClient.java`, `user_auth.py`, never
 * `author.ts`), a trailing plural `s` allowed. A path whose name holds control or bidi characters
 * is always sensitive: nobody can review what they cannot read.
 */

export interface SensitiveMatch {
  path: string;
  category: string;
}

export type SensitiveMatcher = (path: string) => string | null;

/** The category of a path named with control characters, escape sequences or bidi overrides. */
export const UNREADABLE_PATH_CATEGORY = 'unreadable-path-name';

interface CompiledCategory {
  category: string;
  globs: PathTest[];
  words: ReadonlySet<string>;
}

/** Compiles the categories once; the matcher returns a path's first matching category. */
export function sensitiveMatcher(categories: readonly SensitiveCategory[]): SensitiveMatcher {
  const compiled = compileCategories(categories);
  const needWords = compiled.some((c) => c.words.size > 0);
  return (path) => {
    if (hasUnsafeCharacters(path)) return UNREADABLE_PATH_CATEGORY;
    const words = needWords ? pathWords(path) : [];
    for (const c of compiled) {
      if (c.words.size && words.some((w) => c.words.has(w) || (w.length > 3 && w.endsWith('s') && c.words.has(w.slice(0, -1)))))
        return c.category;
      if (c.globs.some((test) => test(path))) return c.category;
    }
    return null;
  };
}

export function matchSensitive(paths: readonly string[], categories: readonly SensitiveCategory[]): SensitiveMatch[] {
  const match = sensitiveMatcher(categories);
  const out: SensitiveMatch[] = [];
  for (const path of paths) {
    const category = match(path);
    if (category) out.push({ path, category });
  }
  return out;
}

/** What is wrong with the categories' globs (each refused at config load with its place). */
export function sensitiveProblems(categories: readonly SensitiveCategory[]): Array<{ where: Array<string | number>; message: string }> {
  const out: Array<{ where: Array<string | number>; message: string }> = [];
  categories.forEach((c, i) => {
    (c.globs ?? []).forEach((glob, j) => {
      try {
        compileGlob(glob, { caseSensitive: c.caseSensitive ?? false });
      } catch (error) {
        if (!(error instanceof GlobError)) throw error;
        out.push({ where: [i, 'globs', j], message: `${error.message}` });
      }
    });
    if (!c.globs?.length && !c.words?.length) out.push({ where: [i], message: `category "${c.category}" needs globs or words` });
  });
  return out;
}

function compileCategories(categories: readonly SensitiveCategory[]): CompiledCategory[] {
  return categories.map((c) => ({
    category: c.category,
    globs: (c.globs ?? []).flatMap((glob) => {
      try {
        return [compileGlob(glob, { caseSensitive: c.caseSensitive ?? false })];
      } catch (error) {
        // Refused at config load (sensitiveProblems); a cached or hand-built config that slips
        // through must not crash the hook: a glob that cannot compile matches nothing.
        if (error instanceof GlobError) return [];
        throw error;
      }
    }),
    words: new Set((c.words ?? []).map((w) => w.toLowerCase())),
  }));
}

/**
 * The words of a path, lower-cased: split at non-alphanumerics, at lower-to-upper case changes
 * (`authService`), before the last capital of a run of capitals (`OAuthClient` -> o, auth, client;
 * `HTTPServer` -> http, server) and between letters and digits (`oauth2` -> oauth, 2).
 */
export function pathWords(path: string): string[] {
  const out: string[] = [];
  let start = 0;
  let previous = SEPARATOR;
  const cut = (end: number) => {
    if (end > start) out.push(path.slice(start, end).toLowerCase());
    start = end;
  };
  for (let i = 0; i < path.length; i++) {
    const kind = charKind(path, i);
    if (kind === SEPARATOR) {
      cut(i);
      start = i + 1;
    } else if (previous !== SEPARATOR) {
      const camel = kind === UPPER && previous === LOWER;
      const capitalRun = kind === UPPER && previous === UPPER && charKind(path, i + 1) === LOWER;
      const digitEdge = (kind === DIGIT) !== (previous === DIGIT);
      if (camel || capitalRun || digitEdge) cut(i);
    }
    previous = kind;
  }
  cut(path.length);
  return out;
}

const SEPARATOR = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function charKind(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (Number.isNaN(code)) return SEPARATOR;
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  if (code < 128) return SEPARATOR;
  const ch = text[i]!;
  if (ch.toLowerCase() !== ch) return UPPER;
  if (ch.toUpperCase() !== ch) return LOWER;
  return /[\p{L}\p{N}]/u.test(ch) ? LOWER : SEPARATOR;
}

export interface SensitiveSurvey {
  /** Files looked at (tracked files, for init). */
  files: number;
  categories: Array<{ category: string; files: number; examples: string[] }>;
}

/** Which of these files the categories match: counts per category and the first few paths. */
export function surveySensitive(paths: readonly string[], categories: readonly SensitiveCategory[], examples = 3): SensitiveSurvey {
  const byCategory = new Map<string, { category: string; files: number; examples: string[] }>();
  for (const c of categories) byCategory.set(c.category, { category: c.category, files: 0, examples: [] });
  const match = sensitiveMatcher(categories);
  for (const path of paths) {
    const category = match(path);
    if (!category) continue;
    const entry = byCategory.get(category) ?? { category, files: 0, examples: [] };
    byCategory.set(category, entry);
    entry.files++;
    if (entry.examples.length < examples) entry.examples.push(path);
  }
  return { files: paths.length, categories: [...byCategory.values()] };
}
