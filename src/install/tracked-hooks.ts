import { isAbsolute, relative } from 'node:path';
import type { Layout } from './layout.js';

/**
 * A core.hooksPath folder inside the work tree (`.githooks/`, say) is the team's, usually
 * committed: ai-attest must not rename its scripts or write this machine's paths into it. It
 * is treated like husky's: stubs in the git dir, one guarded line per script that calls them.
 */
export function hooksFolderInWorkTree(layout: Pick<Layout, 'manager' | 'hooksDir' | 'top'>): boolean {
  if (layout.manager !== 'other') return false;
  const rel = relative(layout.top, layout.hooksDir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
