import { git, runGit, type GitOptions } from './run.js';

/** Points `ref` at `value`; with `expected` only if it still points there ('' = only if it does not exist yet). */
export async function updateRef(ref: string, value: string, options: GitOptions, expected?: string): Promise<void> {
  await git(['update-ref', ref, value, ...(expected === undefined ? [] : [expected])], options);
}

/** The commits the remote-tracking branches of `remote` point at. */
export async function remoteTrackingTips(remote: string, options: GitOptions): Promise<string[]> {
  const out = await git(['for-each-ref', '--format=%(objectname)', `refs/remotes/${remote}/`], options);
  return out.split('\n').filter(Boolean);
}

/** Whether anything was ever fetched from a remote (any remote-tracking branch exists). */
export async function hasRemoteTrackingBranches(options: GitOptions): Promise<boolean> {
  return (await git(['for-each-ref', '--count=1', '--format=%(refname)', 'refs/remotes/'], options)).trim() !== '';
}

/** The current branch's short name; null on a detached or unborn-less HEAD. */
export async function currentBranch(options: GitOptions): Promise<string | null> {
  const r = await runGit(['symbolic-ref', '-q', '--short', 'HEAD'], { ...options, okCodes: [1, 128] });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** HEAD's upstream as a short name (`origin/main`); null when HEAD has none. */
export async function headUpstream(options: GitOptions): Promise<string | null> {
  const r = await runGit(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], { ...options, okCodes: [1, 128] });
  return r.status === 0 ? r.stdout.trim() || null : null;
}

export interface BranchState {
  /** The checked-out branch's upstream (short name), '' when it has none or HEAD is detached. */
  upstream: string;
  /** The upstream's remote branch was deleted ("[gone]"). */
  upstreamGone: boolean;
  /** HEAD is on a branch (a local branch is checked out). */
  onBranch: boolean;
  hasRemoteTrackingBranches: boolean;
}

/** HEAD's branch with its upstream, and whether anything was fetched, from one `git for-each-ref`. */
export async function headBranchState(options: GitOptions): Promise<BranchState> {
  const out = await git(
    ['for-each-ref', '--format=%(HEAD)%00%(upstream:short)%00%(upstream:track)%00%(refname)', 'refs/heads/', 'refs/remotes/'],
    options,
  );
  const lines = out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\0'));
  const current = lines.find((l) => l[0] === '*');
  return {
    upstream: current?.[1] ?? '',
    upstreamGone: current?.[2] === '[gone]',
    onBranch: current !== undefined,
    hasRemoteTrackingBranches: lines.some((l) => l[3]?.startsWith('refs/remotes/')),
  };
}

/**
 * HEAD's upstream (full ref name, '' when none) and which of `refs` exist, from one
 * `git for-each-ref` (no walk: the upstream's ahead/behind is not asked).
 */
export async function headUpstreamAndRefs(
  refs: readonly string[],
  options: GitOptions,
): Promise<{ upstream: string; present: Set<string> }> {
  const out = await git(['for-each-ref', '--format=%(HEAD)%00%(upstream)%00%(refname)', 'refs/heads/', ...refs], options);
  const lines = out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\0'));
  return { upstream: lines.find((l) => l[0] === '*')?.[1] ?? '', present: new Set(lines.map((l) => l[2]!)) };
}
