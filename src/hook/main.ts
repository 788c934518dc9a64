import { AttestError, ExitCode } from '../errors.js';

/**
 * Entry of `dist/hook.js` (`ai-attest hook <name> ...`), the code git hooks run. Kept apart
 * from the CLI so a commit loads no argument parser, schema library or colour library.
 */
async function main(argv: string[]): Promise<number> {
  const [name = '', ...args] = argv;
  const ctx = { cwd: process.cwd(), env: process.env };
  const started = performance.now();
  const trace = (what: string) => {
    if (process.env.AI_ATTEST_TRACE === '1') process.stderr.write(`ai-attest: ${name} ${what} in ${(performance.now() - started).toFixed(1)} ms\n`);
  };
  if (process.env.AI_ATTEST === '0') return ExitCode.Ok;
  switch (name) {
    case 'commit-msg': {
      const { runCommitMsg } = await import('./commit-msg.js');
      const { summarise } = await import('./summary.js');
      const outcome = await runCommitMsg(args[0] ?? '.git/COMMIT_EDITMSG', ctx);
      if (outcome.action === 'signed' && process.env.AI_ATTEST_QUIET !== '1') {
        process.stderr.write(summarise(outcome.attestation.predicate, process.stderr));
      }
      trace(outcome.action);
      return ExitCode.Ok;
    }
    case 'prepare-commit-msg': {
      const { runPrepareCommitMsg } = await import('./prepare-commit-msg.js');
      trace(await runPrepareCommitMsg(args, ctx));
      return ExitCode.Ok;
    }
    default: {
      const handler = extraHooks[name];
      if (!handler) throw new AttestError(`unknown hook "${name}"; reinstall the hooks with \`ai-attest install\`.`);
      return (await handler())(args, ctx);
    }
  }
}

type HookHandler = (args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }) => Promise<number>;

/** Hooks implemented by the read/rewrite side (pre-push, post-rewrite), loaded on demand. */
const extraHooks: Record<string, () => Promise<HookHandler>> = {
  // `ai-attest record` (agent hooks) runs here too: agents wait for it, so it gets the lean path.
  record: async () => (await import('../commands/record-entry.js')).recordEntry,
  'post-rewrite': async () => (await import('./post-rewrite.js')).runPostRewrite,
  'pre-push': async () => (await import('./pre-push.js')).prePushHook,
};

function interrupted(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'InterruptedError' || error.name === 'AbortPromptError');
}

let code: number;
try {
  code = await main(process.argv.slice(3));
} catch (error) {
  if (interrupted(error)) {
    process.stderr.write('\nai-attest: interrupted; the commit was aborted. Your message is kept in .git/COMMIT_EDITMSG.\n');
    code = ExitCode.Interrupted;
  } else if (error instanceof AttestError) {
    process.stderr.write(`ai-attest: ${error.message}\n`);
    code = error.exitCode === ExitCode.Ok ? ExitCode.PolicyFailure : error.exitCode;
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`ai-attest: unexpected error in the ${process.argv[3] ?? ''} hook (please report it): ${detail}\nSkip ai-attest once with AI_ATTEST=0.\n`);
    code = ExitCode.PolicyFailure;
  }
}
// Hook output may go to a pipe (GUI clients): let it drain before exiting.
const drained = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => (stream.writableLength ? stream.write('', () => resolve()) : resolve()));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
