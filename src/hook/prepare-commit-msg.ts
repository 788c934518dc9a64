import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeTrailers } from '../core/attestation-trailers.js';
import type { Answers } from '../core/model.js';
import { parseTrailers } from '../core/trailers.js';
import { loadConfig } from '../config/load.js';
import { matchSensitive } from '../config/sensitive.js';
import { commitParentsAndMessage } from '../git/commit-text.js';
import { repoPaths, resolveCommit } from '../git/repo.js';
import { EMPTY_TREE, stagedFiles } from '../git/staged.js';
import { isAmendCommit } from '../git/commit-kind.js';
import { captureForCommit } from '../answers/commit-time.js';
import { rejectedAnswers } from './retry-answers.js';
import { typedAgentDisclosures } from './message-block.js';
import { saveAnswers } from './state.js';

export interface PrepareContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

type Kind = 'normal' | 'amend' | 'merge' | 'squash' | 'message' | 'template' | 'retry';

/**
 * Asks the questions on the terminal and saves the answers for commit-msg. The shell stub only
 * starts Node here when a terminal is usable and the environment gave no answers; without a
 * terminal this returns at once and commit-msg applies the policy.
 */
export async function runPrepareCommitMsg(args: string[], ctx: PrepareContext): Promise<'asked' | 'skipped'> {
  const [messageFile = '', source = '', sha = ''] = args;
  if (ctx.env.AI_ATTEST_TOOLS?.trim() || ctx.env.AI_ATTEST_NO_PROMPT === '1') return 'skipped';
  // Merges are exempt by default, so don't ask; a squash carries the squashed commits' answers.
  if (source === 'merge' || source === 'squash') return 'skipped';
  const opts = { cwd: ctx.cwd, env: ctx.env };
  // Rebase and cherry-pick replay attested commits: post-rewrite and commit-msg carry them.
  const paths = await repoPaths(opts);
  // A revert is attested by post-commit, as the inverse of the reverted change: nothing to ask.
  if (['rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD', 'REVERT_HEAD'].some((f) => existsSync(join(paths.gitDir, f)))) return 'skipped';
  const { openTerminal } = await import('../prompt/terminal.js');
  const terminal = openTerminal();
  if (!terminal) return 'skipped';
  // Loading the prompt library takes longer than the git reads below: overlap the two.
  const prompts = import('../prompt/ask.js').then((m) => {
    m.preloadPrompts();
    return m;
  });
  try {
    const head = await resolveCommit('HEAD', opts);
    // `--amend` passes "commit HEAD" (the word, not the id); `--amend -m` passes "message".
    const amend = head !== null && (source === 'message' || (source === 'commit' && (sha === head || sha === 'HEAD'))) && isAmendCommit();
    const previousCommit = amend ? head : source === 'commit' ? sha : '';
    let base = head ?? EMPTY_TREE;
    let defaults: Answers | undefined;
    const retry = amend ? null : await rejectedAnswers(paths.gitDir, head);
    if (retry) defaults = retry;
    else if (previousCommit) {
      const { parents, message } = await commitParentsAndMessage(previousCommit, opts);
      if (amend) base = parents[0] ?? EMPTY_TREE;
      const previous = decodeTrailers(parseTrailers(message));
      if (previous.kind === 'ok' && previous.predicate.ai !== 'undeclared') defaults = { ...previous.predicate, source: 'amend' };
    }
    const [{ config }, files] = await Promise.all([loadConfig({ top: paths.top, commonDir: paths.commonDir }), stagedFiles(base, opts)]);
    const sensitive = matchSensitive(files, config.sensitive);
    defaults ??= (await captureForCommit({ ...opts, gitDir: paths.gitDir, base, files, sensitive, handOver: true }))?.answers ?? undefined;
    const kind: Kind = retry
      ? 'retry'
      : amend
        ? 'amend'
        : source === 'squash'
          ? 'squash'
          : source === 'message'
            ? 'message'
            : source === 'template'
              ? 'template'
              : 'normal';
    const disclosures = await typedAgentDisclosures(parseTrailers(await readFile(messageFile, 'utf8').catch(() => '')));
    const { askAnswers } = await prompts;
    const answers = await askAnswers({ config, sensitive, defaults, kind, disclosures }, terminal);
    await saveAnswers(paths.gitDir, answers, head);
    return 'asked';
  } finally {
    terminal.close();
  }
}
