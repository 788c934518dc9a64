import { runGit, type GitOptions } from './run.js';

/** The paths git tracks in the index (`git ls-files -z`), as git stores them. */
export async function trackedFiles(options: GitOptions): Promise<string[]> {
  const { stdout } = await runGit(['ls-files', '-z', '--full-name'], options);
  return stdout.split('\0').filter(Boolean);
}
