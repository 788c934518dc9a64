import picomatch from 'picomatch';
import type { SensitiveCategory } from './types.js';

export interface SensitiveMatch {
  path: string;
  category: string;
}

export type SensitiveMatcher = (path: string) => string | null;

/** Compiles the configured globs once; returns the first matching category of a path. */
export function sensitiveMatcher(categories: readonly SensitiveCategory[]): SensitiveMatcher {
  const compiled = categories.map((c) => ({ category: c.category, test: picomatch(c.globs, { dot: true }) }));
  return (path) => compiled.find((c) => c.test(path))?.category ?? null;
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
