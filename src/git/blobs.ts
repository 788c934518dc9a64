import { catFileObjects } from './tree-files.js';
import type { GitOptions } from './run.js';

/**
 * The contents of many `REV:PATH` objects from ONE `git cat-file --batch`; null for a path the
 * revision does not have (or that is not a blob).
 */
export async function readBlobs(specs: readonly string[], options: GitOptions): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(specs)].filter((s) => !s.includes('\n'));
  if (!unique.length) return out;
  const objects = await catFileObjects(unique, options);
  unique.forEach((spec, i) => {
    const object = objects[i];
    out.set(spec, object?.type === 'blob' ? object.content.toString('utf8') : null);
  });
  return out;
}
