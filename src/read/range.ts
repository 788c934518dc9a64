import { AttestError } from '../errors.js';
import { headBranchState } from '../git/refs.js';
import { resolveCommit } from '../git/repo.js';
import type { GitOptions } from '../git/run.js';

/** What to hand `git log`, and how to say it to a person. */
export interface RangeSpec {
  revisions: string[];
  logOptions: string[];
  description: string;
  /**
   * What a caller resolved already, in the same batch read as its own questions (pre-push): the
   * commits the range includes, and the id of `.ai-attest` at each commit it names (null: none).
   */
  known?: { include: readonly string[]; trustDirs: ReadonlyMap<string, string | null> };
}

const REVISION_OPTIONS = /^--(all|not|branches(=.+)?|remotes(=.+)?|tags(=.+)?|glob=.+)$/;

/**
 * Arguments are revisions as git log takes them: `origin/main..HEAD`, `v1.0..v2.0`, `^A B`,
 * `--not`, `--all`; a plain revision means its whole history (like git log), `REV^!` the commit
 * alone. No arguments: the default range (see defaultRange).
 */
export async function resolveRange(args: readonly string[], options: GitOptions): Promise<RangeSpec> {
  if (args.length === 0) return defaultRange(options);
  for (const arg of args) {
    // Anything else starting with '-' would reach git log as an option of its own.
    if (arg.startsWith('-') && !REVISION_OPTIONS.test(arg)) {
      throw new AttestError(`"${arg}" is not a revision or range: give e.g. origin/main..HEAD, v1.0..v2.0, or REV^! for one commit.`);
    }
  }
  // `--all` would also walk refs/notes/*: the notes' own history is not code to verify.
  const revisions = args.flatMap((arg) => (arg === '--all' ? ['--exclude=refs/notes/*', '--all'] : [arg]));
  return { revisions, logOptions: [], description: args.join(' ') };
}

/**
 * The commits a push would publish: HEAD's commits not on its upstream. Without an upstream,
 * HEAD's commits not on any remote-tracking branch; in a repository with no remote-tracking
 * branches at all, the whole history of HEAD. An unborn HEAD has nothing to verify.
 */
export async function defaultRange(options: GitOptions): Promise<RangeSpec> {
  // One call answers the common case: the '*' line is HEAD's branch, with its upstream.
  const state = await headBranchState(options);
  if (!state.onBranch && !(await resolveCommit('HEAD', options))) {
    return { revisions: [], logOptions: [], description: 'nothing: HEAD has no commits yet' };
  }
  // An upstream whose remote branch was deleted is "[gone]": there is nothing to compare with.
  const up = state.upstreamGone ? '' : state.upstream;
  if (up) return { revisions: [`${up}..HEAD`], logOptions: [], description: `commits on HEAD not on its upstream ${up}` };
  if (state.hasRemoteTrackingBranches) {
    return {
      revisions: ['HEAD', '--not', '--remotes'],
      logOptions: [],
      description: 'commits on HEAD not on any remote-tracking branch (HEAD has no upstream)',
    };
  }
  return { revisions: ['HEAD'], logOptions: [], description: 'the whole history of HEAD (no upstream and no remote-tracking branches)' };
}
