import { spawn } from 'node:child_process';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { GitError } from '../errors.js';
import { prefetchedOutput } from './prefetched.js';

export interface GitOptions {
  cwd: string;
  /** Environment for git; defaults to process.env, which inside a hook carries GIT_INDEX_FILE & co. */
  env?: NodeJS.ProcessEnv;
  input?: string | Uint8Array;
  /** Exit codes that are answers rather than failures (e.g. 1 from `git config --get`). */
  okCodes?: number[];
  /**
   * What runs git: the spawning runner unless given. Spread options keep it, so a fake handed to
   * a library function reaches every named git function it calls (unit tests without a repository).
   */
  git?: GitRunner;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  status: number;
  /** stdout as bytes, when the runner has them (binary output: blobs, commit objects in Latin-1). */
  bytes?: Buffer;
}

/** How one git command is started: what the runner needs besides the arguments. */
export interface GitCall {
  cwd: string;
  env: NodeJS.ProcessEnv;
  input?: string | Uint8Array;
}

/**
 * Runs one git command and reports how it ended, never judging the exit status (runGit does
 * that, the same way for every runner). `pipe` is `git A | git B`; a runner without it gets the
 * two run one after the other, A's output handed to B.
 */
export interface GitRunner {
  run(args: readonly string[], call: GitCall): Promise<GitResult>;
  pipe?(first: readonly string[], second: readonly string[], call: GitCall): Promise<{ first: GitResult; second: GitResult }>;
  /**
   * Starts git and hands over its streams, for output read as it arrives (a range of any length)
   * or a process kept for many requests (`cat-file --batch`). A runner without it is given the
   * whole input at once through `run` (see startGit).
   */
  start?(args: readonly string[], call: Omit<GitCall, 'input'>): GitProcess;
  /**
   * `sh -c TEXT NAME ARGS...`: a shell script whose commands are git's (the commit hook's staged
   * facts, which a shell gathers faster than Node can start processes). A fake answers it by name.
   */
  script?(script: GitScript, args: readonly string[], call: Omit<GitCall, 'input'>): Promise<GitResult>;
}

/** A git process started by a runner: write requests to stdin, read bytes from stdout. */
export interface GitProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  /** How it ended (stdout is read from the stream, so it is empty here). */
  readonly ended: Promise<GitResult>;
  kill(): void;
}

export interface GitScript {
  /** What a fake runner answers it by, and what errors call it. */
  name: string;
  text: string;
}

/**
 * The one primitive that starts git. Hooks are disabled for every call we make, so that a
 * git command run from inside a hook cannot re-enter ai-attest.
 */
export const spawnGitRunner: GitRunner = {
  run(args, call) {
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['-c', 'core.hooksPath=/dev/null', ...args], {
        cwd: call.cwd,
        // The whole output is collected: git's flush after each commit or line to a pipe (rev-list
        // of 10,000 commits: 10,000 writes, each a chunk for Node) only costs both sides time.
        env: { ...call.env, GIT_FLUSH: '0' },
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
        resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status: code ?? -1 });
      });
      child.stdin.on('error', () => {
        // git may exit before reading all input (e.g. on a bad revision); the exit status tells.
      });
      child.stdin.end(call.input ?? '');
    });
  },
  pipe(first, second, call) {
    return new Promise((resolve, reject) => {
      const guard = ['-c', 'core.hooksPath=/dev/null'];
      const a = spawn('git', [...guard, ...first], { cwd: call.cwd, env: call.env, stdio: ['pipe', 'pipe', 'pipe'] });
      const b = spawn('git', [...guard, ...second], { cwd: call.cwd, env: call.env, stdio: ['pipe', 'pipe', 'pipe'] });
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
        resolve({
          first: { stdout: '', stderr: Buffer.concat(errA).toString('utf8'), status: statusA },
          second: { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errB).toString('utf8'), status: statusB },
        });
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
      a.stdin.on('error', () => undefined);
      b.stdin.on('error', () => undefined);
      a.stdin.end(call.input ?? '');
    });
  },
  start(args, call) {
    return spawnProcess('git', ['-c', 'core.hooksPath=/dev/null', ...args], call, args);
  },
  async script(script, args, call) {
    const child = spawnProcess('sh', ['-c', script.text, script.name, ...args], call, [script.name]);
    child.stdin.end();
    const [bytes, ended] = await Promise.all([readAll(child.stdout), child.ended]);
    return { ...ended, stdout: bytes.toString('utf8'), bytes };
  },
};

function spawnProcess(command: string, argv: readonly string[], call: Omit<GitCall, 'input'>, args: readonly string[]): GitProcess {
  const child = spawn(command, argv, { cwd: call.cwd, env: call.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.on('error', () => {
    // git may exit before reading all input (e.g. on a bad revision); the exit status tells.
  });
  const ended = new Promise<GitResult>((resolve, reject) => {
    child.on('error', (error) => {
      reject(new GitError(`could not run ${command} (${error.message}): is ${command} installed and on PATH?`, args));
    });
    child.on('close', (code) => resolve({ stdout: '', stderr: Buffer.concat(err).toString('utf8'), status: code ?? -1 }));
  });
  // A caller that stops reading early kills the process; the rejection it then never awaits is not unhandled.
  ended.catch(() => undefined);
  return { stdin: child.stdin, stdout: child.stdout, ended, kill: () => child.kill() };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts `git <args>` through the options' runner. A runner that cannot stream (a fake) gets the
 * whole of stdin once it is ended and hands back its whole output: right for every caller that
 * writes its requests and then reads, which is all of them but a kept `cat-file --batch`.
 */
export function startGit(args: readonly string[], options: GitOptions): GitProcess {
  const runner = options.git ?? spawnGitRunner;
  const call = { cwd: options.cwd, env: options.env ?? process.env };
  if (runner.start) return runner.start(args, call);
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const input = readAll(stdin);
  const ended = input.then(async (bytes) => {
    const result = await runner.run(args, { ...call, input: bytes });
    stdout.end(result.bytes ?? Buffer.from(result.stdout, 'utf8'));
    return { ...result, stdout: '' };
  });
  ended.catch((error: unknown) => stdout.destroy(error as Error));
  return { stdin, stdout, ended, kill: () => stdout.destroy() };
}

/** The whole output of a started git as bytes, judged as runGit judges a status. */
export async function finishGit(
  child: GitProcess,
  args: readonly string[],
  okCodes?: readonly number[],
): Promise<GitResult & { bytes: Buffer }> {
  const [bytes, ended] = await Promise.all([readAll(child.stdout), child.ended]);
  if (ended.status !== 0 && !okCodes?.includes(ended.status)) throw gitFailure(args, ended.stderr, ended.status);
  return { ...ended, stdout: '', bytes };
}

/** Runs a shell script of git commands through the options' runner (see GitRunner.script). */
export async function runGitScript(script: GitScript, args: readonly string[], options: GitOptions): Promise<GitResult> {
  const runner = options.git ?? spawnGitRunner;
  if (!runner.script) throw new GitError(`this git runner cannot run the ${script.name} script`, [script.name]);
  return runner.script(script, args, { cwd: options.cwd, env: options.env ?? process.env });
}

/** Runs `git <args>` through the options' runner; a status outside 0 and `okCodes` throws a GitError. */
export async function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  // What bin/ai-attest.cjs's sh part ran already for exactly these arguments (src/git/prefetch.ts).
  const early = prefetchedOutput(args, options);
  const prefetched = early === null ? null : await early;
  if (prefetched !== null) return { stdout: prefetched, stderr: '', status: 0 };
  const runner = options.git ?? spawnGitRunner;
  const result = await runner.run(args, { cwd: options.cwd, env: options.env ?? process.env, input: options.input });
  if (result.status === 0 || options.okCodes?.includes(result.status)) return result;
  throw gitFailure(args, result.stderr, result.status);
}

export async function git(args: readonly string[], options: GitOptions): Promise<string> {
  return (await runGit(args, options)).stdout;
}

export function gitFailure(args: readonly string[], stderr: string, status: number): GitError {
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
  return (
    `"${rev}" names a commit, branch or tag that is not here (check the spelling, or fetch it: ` +
    `git fetch --tags). Check the range (e.g. v1.0..v2.0, main..HEAD).`
  );
}

/** `git A | git B` without a shell (for `diff | patch-id` in one step); `options.input` feeds A. */
export async function pipeGit(first: readonly string[], second: readonly string[], options: GitOptions): Promise<string> {
  const runner = options.git ?? spawnGitRunner;
  const call: GitCall = { cwd: options.cwd, env: options.env ?? process.env, input: options.input };
  const ran = runner.pipe
    ? await runner.pipe(first, second, call)
    : await runner.run(first, call).then(async (a) => ({ first: a, second: await runner.run(second, { ...call, input: a.stdout }) }));
  if (ran.first.status !== 0) throw gitFailure(first, ran.first.stderr, ran.first.status);
  if (ran.second.status !== 0) throw gitFailure(second, ran.second.stderr, ran.second.status);
  return ran.second.stdout;
}
