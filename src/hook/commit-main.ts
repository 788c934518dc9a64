import { readPipedFacts } from '../git/staged-facts.js';
import { runCommitMsg, type CommitMsgContext } from './commit-msg.js';
import { summarise } from './summary.js';

/** Set by the commit-msg stub on the Node it starts: the staged facts come on stdin. */
const PIPED_FACTS_ENV = 'AI_ATTEST_STAGED';

/**
 * `ai-attest hook commit-msg FILE`, shared by both hook entries (the code-cached bundle the stub
 * runs, src/hook/commit-entry.ts, and dist/hook.js). Returns what happened, for tracing.
 */
export async function commitMsgHook(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const cwd = process.cwd();
  const piped = env[PIPED_FACTS_ENV] === 'stdin';
  // Not for the git processes this one starts.
  delete env[PIPED_FACTS_ENV];
  const ctx: CommitMsgContext = { cwd, env, pipedFacts: piped ? () => readPipedFacts(cwd) : undefined };
  const outcome = await runCommitMsg(args[0] ?? '.git/COMMIT_EDITMSG', ctx);
  if (outcome.action === 'signed' && env.AI_ATTEST_QUIET !== '1') {
    process.stderr.write(summarise(outcome.attestation.predicate, process.stderr));
  }
  if (outcome.action === 'signed') for (const warning of outcome.warnings ?? []) process.stderr.write(`ai-attest: warning: ${warning}\n`);
  return outcome.action;
}
