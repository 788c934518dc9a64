import { git, type GitOptions } from './run.js';
import { isObjectId } from '../core/object-id.js';

export interface CommitHead {
  tree: string;
  parents: string[];
}

/**
 * Tree and parents of many commits from one `git log --no-walk --stdin` call. Commits this
 * repository does not have (never fetched, pruned) are left out rather than failing the call.
 */
export async function commitHeads(ids: readonly string[], options: GitOptions): Promise<Map<string, CommitHead>> {
  const result = new Map<string, CommitHead>();
  const wanted = [...new Set(ids.filter(isObjectId))];
  if (wanted.length === 0) return result;
  const out = await git(['log', '--no-walk=unsorted', '--ignore-missing', '--stdin', '--format=%H %T %P'], {
    ...options,
    input: wanted.join('\n') + '\n',
  });
  for (const line of out.split('\n')) {
    const [commit, tree, ...parents] = line.trim().split(' ').filter(Boolean);
    if (commit && tree) result.set(commit, { tree, parents });
  }
  return result;
}
