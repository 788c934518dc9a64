import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';
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
export function commitPatchIds(
  requests: readonly PatchIdRequest[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Map<string, string>> {
  const result = new Map<string, string>(requests.map((r) => [r.commit, '']));
  if (requests.length === 0) return Promise.resolve(result);
  return new Promise((resolve, reject) => {
    const env = options.env ?? process.env;
    const diff = spawn('git', ['-c', 'core.hooksPath=/dev/null', 'diff-tree', '--stdin', '--root', ...PATCH_DIFF_OPTIONS], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const patchId = spawn('git', ['patch-id', '--stable'], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    diff.stdout.pipe(patchId.stdin);
    const errors: Buffer[] = [];
    diff.stderr.on('data', (c: Buffer) => errors.push(c));
    patchId.stderr.on('data', (c: Buffer) => errors.push(c));
    let out = '';
    patchId.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const fail = (e: Error) => reject(new GitError(`could not compute patch-ids (${e.message})`));
    diff.on('error', fail);
    patchId.on('error', fail);
    patchId.on('close', (code) => {
      if (code !== 0 || diff.exitCode) {
        reject(new GitError(`git diff-tree | git patch-id failed: ${Buffer.concat(errors).toString().trim()}`));
        return;
      }
      for (const line of out.split('\n')) {
        const [id, commit] = line.trim().split(/\s+/);
        if (id && commit && result.has(commit)) result.set(commit, id);
      }
      resolve(result);
    });
    diff.stdin.on('error', () => undefined);
    diff.stdin.end(requests.map((r) => (r.base ? `${r.commit} ${r.base}\n` : `${r.commit}\n`)).join(''));
  });
}
