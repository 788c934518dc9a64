import type { SensitiveMatcher } from '../../config/sensitive.js';
import { ownString } from '../../core/own-string.js';

/** Paths remembered at most; a range rarely touches more distinct files, and the map is cleared when it does. */
const LIMIT = 20_000;

/**
 * The sensitive-path matcher, remembering its answer per path: a range changes the same files
 * again and again (10,000 commits of the bench history: 30,000 changed files, 200 distinct), and
 * each answer otherwise costs the words of the path and every category's globs. Same answers.
 */
export function rememberingMatcher(match: SensitiveMatcher): SensitiveMatcher {
  const known = new Map<string, string | null>();
  return (path) => {
    const hit = known.get(path);
    if (hit !== undefined) return hit;
    const category = match(path);
    if (known.size >= LIMIT) known.clear();
    // A path read from git's output is a slice of it: kept as a key, it would keep the output alive.
    known.set(ownString(path), category);
    return category;
  };
}
