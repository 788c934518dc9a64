import { AttestError, ExitCode } from '../errors.js';
import { hookFailure, hookTracer } from './exit.js';

/**
 * Entry of `dist/hook.js` (`ai-attest hook <name> ...`): prepare-commit-msg, post-rewrite and
 * pre-push, and commit-msg when a hook runs the CLI itself (AI_ATTEST_BIN, stubs from an older
 * install). The installed commit-msg stub runs the code-cached bundle instead
 * (src/hook/commit-entry.ts). Kept apart from the CLI so a hook loads no argument parser, schema
 * library or colour library.
 */
async function main(argv: string[]): Promise<number> {
  const [name = '', ...args] = argv;
  const ctx = { cwd: process.cwd(), env: process.env };
  const trace = hookTracer(name);
  if (process.env.AI_ATTEST === '0') return ExitCode.Ok;
  switch (name) {
    case 'commit-msg': {
      const { commitMsgHook } = await import('./commit-main.js');
      trace(await commitMsgHook(args));
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
  // The detached half of record's hand-over to the detail tier at an agent's Stop.
  'seal-detail': async () => (await import('../commands/seal-detail.js')).sealDetailEntry,
  'post-rewrite': async () => (await import('./post-rewrite.js')).runPostRewrite,
  'pre-push': async () => (await import('./pre-push.js')).prePushHook,
};

let code: number;
try {
  code = await main(process.argv.slice(3));
} catch (error) {
  code = hookFailure(error, process.argv[3] ?? '', process.argv.slice(4));
}
// Hook output may go to a pipe (GUI clients): let it drain before exiting.
const drained = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => (stream.writableLength ? stream.write('', () => resolve()) : resolve()));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
