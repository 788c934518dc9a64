import { fstatSync, writeSync } from 'node:fs';
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
    toStderr(summarise(outcome.attestation.predicate, { isTTY: stderrIsTerminal() }));
  }
  if (outcome.action === 'signed') for (const warning of outcome.warnings ?? []) toStderr(`ai-attest: warning: ${warning}\n`);
  return outcome.action;
}

/*
 * The lines a signed commit prints go straight to file descriptor 2: on a terminal,
 * process.stderr would load Node's tty and net modules (a dozen internal modules, ~2 ms) for one
 * line. A terminal is a character device; so is /dev/null, where colour does no harm.
 */
function stderrIsTerminal(): boolean {
  try {
    return fstatSync(2).isCharacterDevice();
  } catch {
    return false;
  }
}

function toStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    process.stderr.write(text);
  }
}
