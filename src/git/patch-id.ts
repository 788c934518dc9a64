import { git, pipeGit, type GitOptions } from './run.js';
import { PATCH_DIFF_OPTIONS } from './staged.js';

export interface PatchIdRequest {
  commit: string;
  /** The commit to diff against (the first parent); null for a root commit. */
  base: string | null;
}

/**
 * Patch-ids of many commits from one `git diff-tree --stdin | git patch-id --stable` pipeline,
 * with the same diff options as the patch-id taken from the index at commit time. Commits
 * with an empty diff get ''.
 */
export async function commitPatchIds(requests: readonly PatchIdRequest[], options: GitOptions): Promise<Map<string, string>> {
  const result = new Map<string, string>(requests.map((r) => [r.commit, '']));
  if (requests.length === 0) return result;
  const out = await pipeGit(['diff-tree', '--stdin', '--root', ...PATCH_DIFF_OPTIONS], ['patch-id', '--stable'], {
    ...options,
    input: requests.map((r) => (r.base ? `${r.commit} ${r.base}\n` : `${r.commit}\n`)).join(''),
  });
  return idsByCommit(out, result);
}

/**
 * The diff every zero-context patch-id is taken from. The ids of a commit (`changedLineIds`), of
 * a squash (`rangeChangedLineId`) and of a staged change (`stagedChangedLineId`) are compared
 * with each other, so they must see the same diff: one definition, whatever the user's diff config.
 */
const ZERO_CONTEXT_DIFF = [
  '-p',
  '-U0',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-renames',
  '--full-index',
  '--binary',
] as const;

/**
 * The patch-id of each commit's zero-context diff. `git patch-id --stable` hashes context lines
 * too, so a clean rebase next to an upstream edit changes it; without context only the lines
 * the commit adds and removes count, which is what an attestation's answers are about.
 */
export async function changedLineIds(commits: readonly string[], options: GitOptions): Promise<Map<string, string>> {
  const result = new Map<string, string>(commits.map((c) => [c, '']));
  if (commits.length === 0) return result;
  const out = await pipeGit(
    ['log', '--no-walk=unsorted', '--format=commit %H', ...ZERO_CONTEXT_DIFF, ...commits, '--'],
    ['patch-id', '--stable'],
    options,
  );
  return idsByCommit(out, result);
}

/** The zero-context patch-id of the change from `base` to `tip` (a squash of the commits between). */
export async function rangeChangedLineId(base: string, tip: string, options: GitOptions): Promise<string> {
  return firstId(await pipeGit(['diff-tree', ...ZERO_CONTEXT_DIFF, base, tip], ['patch-id', '--stable'], options));
}

/** The zero-context patch-id of the staged change against `base` (a commit being made). */
export async function stagedChangedLineId(base: string, options: GitOptions): Promise<string> {
  return firstId(await pipeGit(['diff-index', '--cached', ...ZERO_CONTEXT_DIFF, base], ['patch-id', '--stable'], options));
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

/** `git patch-id` prints `<id> <commit>` per commit; ids of commits not asked about are dropped. */
function idsByCommit(out: string, result: Map<string, string>): Map<string, string> {
  for (const line of out.split('\n')) {
    const [id, commit] = line.trim().split(/\s+/);
    if (id && commit && result.has(commit)) result.set(commit, id);
  }
  return result;
}

function firstId(out: string): string {
  return out.trim().split(/\s+/)[0] ?? '';
}
