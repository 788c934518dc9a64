import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface LocatedRepo {
  top: string;
  gitDir: string;
  commonDir: string;
}

/**
 * The repository around `cwd`, found on disk without starting git: `record` runs after every
 * agent edit and starting git costs more than the rest of it. Handles a `.git` directory and a
 * `.git` file (worktrees, submodules); honours GIT_DIR/GIT_WORK_TREE as git does.
 */
export function locateRepo(cwd: string, env: NodeJS.ProcessEnv = process.env): LocatedRepo | null {
  if (env.GIT_DIR) {
    const gitDir = resolve(cwd, env.GIT_DIR);
    const top = env.GIT_WORK_TREE ? resolve(cwd, env.GIT_WORK_TREE) : cwd;
    return { top, gitDir, commonDir: commonDirOf(gitDir) };
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const kind = statKind(dotGit);
    if (kind === 'dir') return { top: dir, gitDir: dotGit, commonDir: commonDirOf(dotGit) };
    if (kind === 'file') {
      const match = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
      if (match) {
        const gitDir = isAbsolute(match[1]!) ? match[1]! : resolve(dir, match[1]!);
        return { top: dir, gitDir, commonDir: commonDirOf(gitDir) };
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

function statKind(path: string): 'dir' | 'file' | null {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

function commonDirOf(gitDir: string): string {
  try {
    const rel = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
    return isAbsolute(rel) ? rel : resolve(gitDir, rel);
  } catch {
    return gitDir;
  }
}
