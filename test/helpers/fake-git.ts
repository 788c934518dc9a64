import type { GitCall, GitResult, GitRunner, GitScript } from '../../src/git/run.js';

/**
 * One scripted answer: the git command it answers (arguments joined by spaces) and what git says.
 * A shell script of git commands (GitRunner.script) is answered as `sh NAME ARGS...`.
 */
export interface FakeAnswer {
  /** Exact command, or a pattern over it. */
  command: string | RegExp;
  /** Bytes for output that is not text (blobs, commits in Latin-1). */
  stdout?: string | Buffer | ((call: GitCall) => string);
  stderr?: string;
  status?: number;
}

export interface FakeGit extends GitRunner {
  /** Every command run, arguments joined by spaces, in order. */
  readonly commands: string[];
  /** What each command was given on stdin, by position in `commands`. */
  readonly inputs: string[];
}

/**
 * A git that answers from a script instead of a repository: library functions take it as
 * `options.git`. A command nobody scripted fails the test with the command in the message, so a
 * change in what a function asks git shows up here rather than passing by accident.
 */
export function fakeGit(answers: readonly FakeAnswer[]): FakeGit {
  const commands: string[] = [];
  const inputs: string[] = [];
  const answer = (command: string, call: GitCall): GitResult => {
    commands.push(command);
    inputs.push(typeof call.input === 'string' ? call.input : Buffer.from(call.input ?? '').toString('utf8'));
    const scripted = answers.find((a) => (typeof a.command === 'string' ? a.command === command : a.command.test(command)));
    if (!scripted) throw new Error(`fake git has no answer for: ${command.startsWith('sh ') ? command : `git ${command}`}`);
    const out = typeof scripted.stdout === 'function' ? scripted.stdout(call) : (scripted.stdout ?? '');
    const bytes = typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
    return {
      stdout: typeof out === 'string' ? out : out.toString('utf8'),
      bytes,
      stderr: scripted.stderr ?? '',
      status: scripted.status ?? 0,
    };
  };
  return {
    commands,
    inputs,
    async run(args: readonly string[], call: GitCall): Promise<GitResult> {
      return answer(args.join(' '), call);
    },
    async script(script: GitScript, args: readonly string[], call: Omit<GitCall, 'input'>): Promise<GitResult> {
      return answer(['sh', script.name, ...args].join(' '), call);
    },
  };
}
