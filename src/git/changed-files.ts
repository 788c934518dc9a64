import { git, type GitOptions } from './run.js';

export interface ChangedFilesRequest {
  commit: string;
  /** The commit to compare against (first parent); null for a root commit. */
  base: string | null;
}

/**
 * Files each commit changes against its base, for many commits from one `git diff-tree
 * --stdin` call. Output order follows input order, which tells a commit header from a path
 * even when a path looks like an object id.
 */
export async function changedFiles(requests: readonly ChangedFilesRequest[], options: GitOptions): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(requests.map((r) => [r.commit, []]));
  if (requests.length === 0) return result;
  const input = requests.map((r) => (r.base ? `${r.commit} ${r.base}\n` : `${r.commit}\n`)).join('');
  const out = await git(['diff-tree', '--stdin', '--root', '-r', '--name-only', '-z', '--no-renames'], { ...options, input });
  const tokens = out.split('\0');
  let index = 0;
  let current: string[] | undefined;
  for (const token of tokens) {
    const next = requests[index];
    if (next && token === next.commit) {
      current = result.get(next.commit);
      index++;
      continue;
    }
    if (token && current) current.push(token);
  }
  return result;
}
