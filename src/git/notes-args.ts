/**
 * The arguments of notes-probe.ts's git commands, apart: bin/ai-attest.cjs's sh part runs the
 * same for detect (src/git/prefetch-detect.ts), and the benchmark's floor of a cold detect.
 */

/** The `git rev-parse` notesTips runs (see there). */
export function notesTipsArgs(ref: string, other: string | null): string[] {
  const args = ['rev-parse', '--git-common-dir'];
  const exactly = (name: string | null) =>
    name && NOTES_NAME.test(name) ? `--glob=refs/[n]otes/${name.slice(NOTES_PREFIX.length)}` : null;
  const own = exactly(ref);
  const others = exactly(other);
  if (own) args.push(own);
  if (others) args.push('--not', others);
  return args;
}

const NOTES_PREFIX = 'refs/notes/';
const NOTES_NAME = /^refs\/notes\/[^*?[\\\s]+$/;

/**
 * The `git grep` notesContaining runs: the names of the notes under `ref` (a notes commit or ref)
 * holding one of `needles`.
 */
export function notesSearchArgs(ref: string, needles: readonly string[], paths?: readonly string[]): string[] {
  return [
    // git's threads only contend over the object store when the files are a tree's blobs:
    // one thread reads 10,000 notes in less time, and less CPU, than the default.
    '-c',
    'grep.threads=1',
    'grep',
    '--no-color',
    '--text',
    '--fixed-strings',
    '--no-textconv',
    '--files-with-matches',
    '-z',
    ...needles.flatMap((n) => ['-e', n]),
    ref,
    '--',
    ...(paths ?? []),
  ];
}
