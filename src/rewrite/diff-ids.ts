import { git, pipeGit, type GitOptions } from '../git/run.js';

/** The diff options `git patch-id` sees here, so ids taken in different places compare. */
const DIFF = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--full-index', '--binary'];

/**
 * The patch-id of each commit's zero-context diff. `git patch-id --stable` hashes context lines
 * too, so a clean rebase next to an upstream edit changes it; without context only the lines
 * the commit adds and removes count, which is what an attestation's answers are about.
 */
export async function changedLineIds(commits: readonly string[], options: GitOptions): Promise<Map<string, string>> {
  const result = new Map<string, string>(commits.map((c) => [c, '']));
  if (commits.length === 0) return result;
  const out = await pipeGit(
    ['log', '--no-walk=unsorted', '--format=commit %H', '-p', '-U0', ...DIFF, ...commits, '--'],
    ['patch-id', '--stable'],
    options,
  );
  for (const line of out.split('\n')) {
    const [id, commit] = line.trim().split(/\s+/);
    if (id && commit && result.has(commit)) result.set(commit, id);
  }
  return result;
}

/** The zero-context patch-id of the change from `base` to `tip` (a squash of the commits between). */
export async function rangeChangedLineId(base: string, tip: string, options: GitOptions): Promise<string> {
  const out = await pipeGit(['diff-tree', '-p', '-U0', ...DIFF, base, tip], ['patch-id', '--stable'], options);
  return out.trim().split(/\s+/)[0] ?? '';
}

/** Lines added plus deleted by each commit against its first parent (binary files count 0). */
export async function changedLineCounts(commits: readonly string[], options: GitOptions): Promise<Map<string, number>> {
  const result = new Map<string, number>(commits.map((c) => [c, 0]));
  if (commits.length === 0) return result;
  const out = await git(
    ['log', '--no-walk=unsorted', '--format=%x01%H', '--numstat', '--no-renames', '--no-ext-diff', '--no-textconv', ...commits, '--'],
    options,
  );
  let current: string | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('\x01')) {
      current = line.slice(1).trim();
      continue;
    }
    const m = /^(\d+)\t(\d+)\t/.exec(line);
    if (m && current && result.has(current)) result.set(current, result.get(current)! + Number(m[1]) + Number(m[2]));
  }
  return result;
}
