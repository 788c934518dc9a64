import { git, type GitOptions } from './run.js';
import { isObjectId } from '../core/object-id.js';

/** Committer dates (Unix seconds) of many commits from one `git log --no-walk --stdin`; missing ones are left out. */
export async function committerTimes(ids: readonly string[], options: GitOptions): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  const wanted = [...new Set(ids.filter(isObjectId))];
  if (wanted.length === 0) return result;
  const out = await git(['log', '--no-walk=unsorted', '--ignore-missing', '--stdin', '--format=%H %ct'], {
    ...options,
    input: `${wanted.join('\n')}\n`,
  });
  for (const line of out.split('\n')) {
    const [id, time] = line.trim().split(' ');
    if (id && time) result.set(id, Number(time));
  }
  return result;
}
