import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';

export interface GitOptions {
  cwd: string;
  /** Environment for git; defaults to process.env, which inside a hook carries GIT_INDEX_FILE & co. */
  env?: NodeJS.ProcessEnv;
  input?: string | Uint8Array;
  /** Exit codes that are answers rather than failures (e.g. 1 from `git config --get`). */
  okCodes?: number[];
}

export interface GitResult {
  stdout: string;
  stderr: string;
  status: number;
}

/**
 * The one primitive that starts git. Hooks are disabled for every call we make, so that a
 * git command run from inside a hook cannot re-enter ai-attest.
 */
export function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const fullArgs = ['-c', 'core.hooksPath=/dev/null', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('git', fullArgs, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      reject(new GitError(`could not run git (${error.message}): is git installed and on PATH?`, args));
    });
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const status = code ?? -1;
      if (status === 0 || options.okCodes?.includes(status)) {
        resolve({ stdout, stderr, status });
      } else {
        reject(gitFailure(args, stderr, status));
      }
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input (e.g. on a bad revision); the exit status tells.
    });
    child.stdin.end(options.input ?? '');
  });
}

export async function git(args: readonly string[], options: GitOptions): Promise<string> {
  return (await runGit(args, options)).stdout;
}

function gitFailure(args: readonly string[], stderr: string, status: number): GitError {
  const first =
    stderr
      .trim()
      .split('\n')
      .find((line) => line.trim()) ?? `exit status ${status}`;
  if (/not a git repository/i.test(stderr)) {
    return new GitError(
      'this folder is not a git repository (nor inside one): run ai-attest inside a clone of your repository.',
      args,
      stderr,
      status,
    );
  }
  const revision = revisionProblem(stderr);
  if (revision) return new GitError(revision, args, stderr, status);
  const hint = '';
  return new GitError(`git ${args.slice(0, 2).join(' ')} failed: ${first.replace(/^fatal: /, '')}.${hint}`, args, stderr, status);
}

/**
 * A revision git could not resolve, said without the git command that tried: in a repository
 * with no commits yet HEAD names nothing, which "bad revision 'HEAD'" does not make plain.
 */
export function revisionProblem(stderr: string): string | null {
  const match = /(?:bad revision|ambiguous argument|unknown revision or path not in the working tree)[^']*'([^']*)'/i.exec(stderr);
  if (!match) return null;
  const rev = match[1] ?? '';
  if (/^(HEAD|@)([~^].*)?$/.test(rev.replace(/^\^/, '').replace(/\.\..*$/, '')) && /HEAD|@/.test(rev)) {
    return `"${rev}" names no commit: this branch has no commits yet (or not that many). Make a commit first, or give a range that exists.`;
  }
  return `"${rev}" names a commit, branch or tag that is not here (check the spelling, or fetch it: git fetch --tags). Check the range (e.g. v1.0..v2.0, main..HEAD).`;
}

/** `git A | git B` without a shell: for `diff | patch-id` in one step. */
export function pipeGit(first: readonly string[], second: readonly string[], options: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = options.env ?? process.env;
    const a = spawn('git', ['-c', 'core.hooksPath=/dev/null', ...first], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const b = spawn('git', ['-c', 'core.hooksPath=/dev/null', ...second], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    a.stdout.pipe(b.stdin);
    const out: Buffer[] = [];
    const errA: Buffer[] = [];
    const errB: Buffer[] = [];
    a.stderr.on('data', (c: Buffer) => errA.push(c));
    b.stderr.on('data', (c: Buffer) => errB.push(c));
    b.stdout.on('data', (c: Buffer) => out.push(c));
    let statusA: number | null = null;
    let statusB: number | null = null;
    const finish = () => {
      if (statusA === null || statusB === null) return;
      if (statusA !== 0) reject(gitFailure(first, Buffer.concat(errA).toString(), statusA));
      else if (statusB !== 0) reject(gitFailure(second, Buffer.concat(errB).toString(), statusB));
      else resolve(Buffer.concat(out).toString('utf8'));
    };
    a.on('error', (e) => reject(new GitError(`could not run git (${e.message})`, first)));
    b.on('error', (e) => reject(new GitError(`could not run git (${e.message})`, second)));
    a.on('close', (code) => {
      statusA = code ?? -1;
      finish();
    });
    b.on('close', (code) => {
      statusB = code ?? -1;
      finish();
    });
  });
}
