import type { GitCall, GitResult, GitRunner } from '../../src/git/run.js';

/** One scripted answer: the git command it answers (arguments joined by spaces) and what git says. */
export interface FakeAnswer {
  /** Exact command, or a pattern over it. */
  command: string | RegExp;
  stdout?: string | ((call: GitCall) => string);
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
  return {
    commands,
    inputs,
    async run(args: readonly string[], call: GitCall): Promise<GitResult> {
      const command = args.join(' ');
      commands.push(command);
      inputs.push(typeof call.input === 'string' ? call.input : Buffer.from(call.input ?? '').toString('utf8'));
      const answer = answers.find((a) => (typeof a.command === 'string' ? a.command === command : a.command.test(command)));
      if (!answer) throw new Error(`fake git has no answer for: git ${command}`);
      const stdout = typeof answer.stdout === 'function' ? answer.stdout(call) : (answer.stdout ?? '');
      return { stdout, stderr: answer.stderr ?? '', status: answer.status ?? 0 };
    },
  };
}
