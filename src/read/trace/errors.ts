import { AttestError, GitError } from '../../errors.js';
import { missingObjectProblem } from '../../git/nul-stream.js';

/** A trace that cannot run as asked: the message names the fix. */
export class TraceError extends AttestError {
  override readonly name: string = 'TraceError';
}

export interface FailureContext {
  file: string;
  rev: string;
  specs: readonly string[];
}

/**
 * git's own messages name the problem but not the fix, and differ between blame and log -L;
 * both are mapped to one message that says what to type next.
 */
export function explainGitFailure(error: unknown, ctx: FailureContext): unknown {
  if (!(error instanceof GitError)) return error;
  const text = error.stderr || error.message;
  const file = JSON.stringify(ctx.file);
  const missing = missingObjectProblem(`trace of ${file}`, text);
  if (missing) return new TraceError(missing);
  if (/not a git repository/i.test(text)) {
    return new TraceError('not inside a git repository: run `ai-attest trace` from the work tree that holds the file.');
  }
  if (/no such path .* in |there is no path .* in the commit|does not exist in ['"]?/i.test(text)) {
    return new TraceError(
      `${file} is not in ${ctx.rev}: give a path tracked at ${ctx.rev}, relative to the current directory (\`git ls-files\` lists them); ` +
        'for a file deleted since, pass --rev with a commit that still has it.',
    );
  }
  const only = /file .* has only (\d+) lines?/i.exec(text);
  if (only) {
    return new TraceError(`${file} has only ${only[1]} lines at ${ctx.rev}: give -L START,END within 1..${only[1]}.`);
  }
  if (/invalid line number|-L argument not|malformed -L/i.test(text)) {
    return new TraceError(`-L ${ctx.specs.join(' -L ')}: use -L START,END or -L START,+COUNT (lines count from 1), or -L :FUNCNAME.`);
  }
  const noMatch = /-L parameter '(.*)' starting at line \d+: no match/i.exec(text);
  if (noMatch) {
    return new TraceError(
      `-L: "${noMatch[1]}" matches nothing in ${file} at ${ctx.rev}: check the name or pattern (a ` +
        `regular expression), or give line numbers.`,
    );
  }
  if (/unknown revision|bad revision|ambiguous argument|bad object|not a valid object name/i.test(text)) {
    return new TraceError(`--rev ${ctx.rev} is not a commit here: give a branch, tag or commit id (\`git log --oneline\`).`);
  }
  if (/does not have any commits yet|no such ref: HEAD/i.test(text)) {
    return new TraceError('this repository has no commits yet: commit the file first, then trace it.');
  }
  return error;
}
