import type { GitOptions } from '../git/run.js';
import { resolveRevisions } from '../git/tree-files.js';
import type { RangeSpec } from './range.js';

type Resolved = Awaited<ReturnType<typeof resolveRevisions>>;

const resolutions = new WeakMap<RangeSpec, Promise<Resolved>>();

/**
 * The range's revisions as commit ids (`git rev-parse --revs-only`), asked of git once per range:
 * the adoption point's trust revision and the scan of the range's `.ai-attest/` changes both
 * need them while one verify loads its context.
 */
export function rangeRevisions(range: RangeSpec, options: GitOptions): Promise<Resolved> {
  let resolved = resolutions.get(range);
  if (!resolved) {
    resolved = resolveRevisions(range.revisions, options);
    resolutions.set(range, resolved);
  }
  return resolved;
}
