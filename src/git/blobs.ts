import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';
import type { GitOptions } from './run.js';

/**
 * The contents of many `REV:PATH` objects from ONE `git cat-file --batch`; null for a path the
 * revision does not have (or that is not a blob).
 */
export async function readBlobs(specs: readonly string[], options: GitOptions): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(specs)].filter((s) => !s.includes('\n'));
  if (!unique.length) return out;
  const bytes = await catFileBatch(`${unique.join('\n')}\n`, options);
  let at = 0;
  for (const spec of unique) {
    const eol = bytes.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = bytes.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      out.set(spec, null); // "<spec> missing"
      continue;
    }
    const size = Number(m[2]);
    out.set(spec, m[1] === 'blob' ? bytes.subarray(at, at + size).toString('utf8') : null);
    at += size + 1;
  }
  return out;
}

function catFileBatch(input: string, options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.hooksPath=/dev/null', 'cat-file', '--batch'], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) =>
      reject(new GitError(`could not run git (${e.message}): is git installed and on PATH?`, ['cat-file', '--batch'])),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else
        reject(
          new GitError(`git cat-file --batch failed: ${Buffer.concat(err).toString('utf8').trim() || `exit ${code}`}.`, [
            'cat-file',
            '--batch',
          ]),
        );
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
