import { runGit, type GitOptions } from './run.js';

/**
 * Every note of a notes ref: commit id -> note blob id, from one `git notes list`. A ref that does
 * not exist has no notes (git exits 0 with nothing).
 */
export async function listNotes(ref: string, options: GitOptions): Promise<Map<string, string>> {
  const out = await runGit(['notes', `--ref=${ref}`, 'list'], { ...options, okCodes: [1] });
  const map = new Map<string, string>();
  for (const line of out.stdout.split('\n')) {
    const [blob, commit] = line.split(' ');
    if (blob && commit) map.set(commit, blob);
  }
  return map;
}

/**
 * The notes under `ref` of the given commits, from one `git log --no-walk --stdin` (commit ids on
 * stdin, so any number fits): commit id -> note text.
 */
export async function readNotesOf(ref: string, commits: readonly string[], options: GitOptions): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (!commits.length) return map;
  const out = await runGit(
    [
      '-c',
      'log.showSignature=false',
      'log',
      '--no-walk=unsorted',
      '--stdin',
      '-z',
      '--no-color',
      '--no-notes',
      `--notes=${ref}`,
      '--format=%H%x00%N',
    ],
    { ...options, input: `${[...new Set(commits)].join('\n')}\n` },
  );
  const tokens = out.stdout.split('\0');
  for (let i = 0; i + 1 < tokens.length; i += 2) if (tokens[i + 1]) map.set(tokens[i]!, tokens[i + 1]!);
  return map;
}
