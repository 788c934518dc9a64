import { runGit, type GitOptions } from './run.js';

/** The newest tag reachable from HEAD (`git describe --tags --abbrev=0`), or null when none is. */
export async function lastTag(options: GitOptions): Promise<string | null> {
  const r = await runGit(['describe', '--tags', '--abbrev=0', 'HEAD'], { ...options, okCodes: [128] });
  const tag = r.stdout.trim();
  return r.status === 0 && tag ? tag : null;
}
