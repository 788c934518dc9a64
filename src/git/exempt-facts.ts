import { GitError } from '../errors.js';
import { git, gitFailure, runGit, spawnGitRunner, type GitOptions } from './run.js';

/**
 * What git knows that an exemption must prove: the adoption point's ancestry, git's own merge of
 * a merge's parents, and git's verdict on a commit's own signature. Each is one git call for a
 * whole range, except the merges (git 2.39's merge-tree takes one pair per call).
 */

/** Whether `commit` exists here as a commit. */
export async function commitExists(commit: string, options: GitOptions): Promise<boolean> {
  const r = await runGit(['cat-file', '-e', `${commit}^{commit}`], { ...options, okCodes: [1, 128] });
  return r.status === 0;
}

/**
 * The commits of a range NOT reachable from `boundary`: the walk stops where the boundary's
 * history begins, so its cost is the range's, never the old history's (generation numbers in
 * the commit-graph keep it so across merges).
 */
export async function rangeCommitsAfter(
  revisions: readonly string[],
  logOptions: readonly string[],
  boundary: string,
  options: GitOptions,
): Promise<Set<string>> {
  // Inside `--not` a revision is already negated; outside, `^` negates it.
  const negated = revisions.filter((r) => r === '--not').length % 2 === 1;
  const out = await git(['rev-list', ...logOptions, ...revisions, negated ? boundary : `^${boundary}`, '--'], options);
  return new Set(out.split('\n').filter(Boolean));
}

/** Every commit reachable from `boundary` (read commands that have no range to bound the walk). */
export async function ancestorsOf(boundary: string, options: GitOptions): Promise<Set<string>> {
  const out = await git(['rev-list', boundary, '--'], options);
  return new Set(out.split('\n').filter(Boolean));
}

/** A two-parent merge to prove: git's own merge of `parents` is computed and compared with the commit's tree. */
export interface MergePair {
  commit: string;
  parents: [string, string];
}

/**
 * The tree git's own merge of each merge's parents gives (`git merge-tree --write-tree`), or
 * null when that merge has conflicts or git refuses it (unrelated histories, which `git merge`
 * refuses too; a parent missing from a shallow clone): no merge of git's proves the commit. One
 * `git merge-tree --stdin` for the whole list where this git has it; else one process per merge,
 * a few side by side. Both give git's merge-ort result for the same merge
 * bases: test/merge-proof.test.ts compares them.
 */
export async function mergedTrees(pairs: readonly MergePair[], options: GitOptions): Promise<Map<string, string | null>> {
  if (pairs.length === 0) return new Map();
  return (await mergeTreeTakesStdin(options)) ? mergedTreesBatched(pairs, options) : mergedTreesOneByOne(pairs, options);
}

/** Answers per runner and PATH: a git without `--stdin` (2.38) must not be asked it again. */
const stdinSupport = new WeakMap<object, Map<string, Promise<boolean>>>();

/**
 * Whether this git's merge-tree reads many merges from stdin. Asked of git itself (an empty
 * batch: exit 0 where it is supported, a usage error where not) rather than read off the
 * version, once per process.
 */
export function mergeTreeTakesStdin(options: GitOptions): Promise<boolean> {
  const runner = options.git ?? spawnGitRunner;
  const path = (options.env ?? process.env).PATH ?? '';
  let known = stdinSupport.get(runner);
  if (!known) stdinSupport.set(runner, (known = new Map()));
  let answer = known.get(path);
  if (!answer) {
    answer = runGit(['merge-tree', '--write-tree', '--stdin'], { ...options, input: '', okCodes: [128, 129] }).then(
      (r) => r.status === 0,
      () => false,
    );
    known.set(path, answer);
  }
  return answer;
}

/** What git says when it stops at one pair rather than failing: the pair has no merge of git's. */
const REFUSED = /refusing to merge unrelated histories|not something we can merge/;

/**
 * Every merge in one `git merge-tree --stdin -z` process. git stops at a pair it refuses
 * (unrelated histories, a missing parent): the merges it finished are kept, that one is null, as
 * one process per merge says it, and a new process takes the rest.
 */
export async function mergedTreesBatched(pairs: readonly MergePair[], options: GitOptions): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  let rest = pairs;
  while (rest.length) {
    const args = ['merge-tree', '--write-tree', '--no-messages', '-z', '--stdin'];
    const input = rest.map((p) => `${p.parents[0]} ${p.parents[1]}\n`).join('');
    const r = await runGit(args, { ...options, input, okCodes: [1, 128] });
    const trees = parseMergeTreeBatch(r.stdout, args);
    if (trees.length > rest.length) throw new GitError(`git merge-tree --stdin answered ${trees.length} merges for ${rest.length}`, args);
    trees.forEach((tree, i) => result.set(rest[i]!.commit, tree));
    if (r.status === 0) {
      if (trees.length < rest.length) throw new GitError(`git merge-tree --stdin answered ${trees.length} merges for ${rest.length}`, args);
      break;
    }
    if (!REFUSED.test(r.stderr) || trees.length === rest.length) throw gitFailure(args, r.stderr, r.status);
    result.set(rest[trees.length]!.commit, null);
    rest = rest.slice(trees.length + 1);
  }
  return result;
}

/**
 * `git merge-tree --stdin -z --no-messages` output: per merge, its status (1 clean, 0
 * conflicted), the tree, the conflicted entries, then an empty field. A merge whose closing
 * field is missing (git stopped) is not counted.
 */
function parseMergeTreeBatch(stdout: string, args: readonly string[]): (string | null)[] {
  const fields = stdout.split('\0');
  const trees: (string | null)[] = [];
  let i = 0;
  while (i + 2 < fields.length) {
    const status = fields[i]!;
    const tree = fields[i + 1]!;
    let end = i + 2;
    while (end < fields.length && fields[end] !== '') end++;
    if (end >= fields.length) break;
    if ((status !== '0' && status !== '1') || !/^[0-9a-f]{40,64}$/.test(tree)) {
      throw new GitError(`git merge-tree --stdin printed an unexpected result: ${JSON.stringify(`${status} ${tree}`.slice(0, 100))}`, args);
    }
    trees.push(status === '1' ? tree : null);
    i = end + 1;
  }
  return trees;
}

/** One `git merge-tree` per merge, a few side by side: for a git without `--stdin`. */
export async function mergedTreesOneByOne(pairs: readonly MergePair[], options: GitOptions): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  let next = 0;
  const worker = async () => {
    while (next < pairs.length) {
      const { commit, parents } = pairs[next++]!;
      const args = ['merge-tree', '--write-tree', '--no-messages', parents[0], parents[1]];
      const r = await runGit(args, { ...options, okCodes: [1, 128] });
      if (r.status === 128 && !REFUSED.test(r.stderr)) throw gitFailure(args, r.stderr, r.status);
      result.set(commit, r.status === 0 ? r.stdout.split('\n')[0]!.trim() : null);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, pairs.length) }, worker));
  return result;
}

/** git's check of a commit's own signature (GnuPG or SSH, as `git verify-commit` does it). */
export interface GitSignature {
  /** %G?: G good, U good with unknown validity, X/Y expired, R revoked key, E cannot check, B bad, N none. */
  status: string;
  /** %GF: the signing key's fingerprint (an SSH key's SHA256:... form). */
  fingerprint: string;
  /** %GP: the primary key's fingerprint, for a GnuPG subkey signature. */
  primary: string;
}

/** Signatures of many commits from one `git log --no-walk --stdin` call. */
export async function commitSignatures(commits: readonly string[], options: GitOptions): Promise<Map<string, GitSignature>> {
  const result = new Map<string, GitSignature>();
  if (commits.length === 0) return result;
  const out = await git(['log', '--no-walk=unsorted', '--stdin', '--format=%H%x00%G?%x00%GF%x00%GP%x00'], {
    ...options,
    input: `${commits.join('\n')}\n`,
  });
  for (const line of out.split('\n')) {
    const [commit, status = 'N', fingerprint = '', primary = ''] = line.split('\0');
    if (commit && /^[0-9a-f]{40,64}$/.test(commit)) result.set(commit, { status, fingerprint, primary });
  }
  return result;
}
