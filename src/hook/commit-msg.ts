import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPredicate, signPredicate, type SignedAttestation } from '../core/attest.js';
import { decodeTrailers, type DecodedTrailers } from '../core/attestation-trailers.js';
import type { Answers } from '../core/model.js';
import { parseTrailers } from '../core/trailers.js';
import { loadConfig } from '../config/load.js';
import { matchSensitive, type SensitiveMatch } from '../config/sensitive.js';
import type { Config } from '../config/types.js';
import { loadSigningKey } from '../crypto/signing-key.js';
import { PolicyError } from '../errors.js';
import { commitMessage } from '../git/commit-text.js';
import { detailForCommit } from '../detail/commit.js';
import { EMPTY_TREE } from '../git/staged.js';
import { stagedFacts, type PipedFacts } from '../git/staged-facts.js';
import { isAmendCommit } from '../git/commit-kind.js';
import { readMessageBlock, replaceBlock, reuseChecker, warnContradiction } from './message-block.js';
import { answersFromEnv } from '../answers/env.js';
import { settingsOnlyAnswers } from './settings-commit.js';
import { askPassphrase } from './passphrase-prompt.js';
import { signerWarnings } from './signer-warning.js';
import { archiveCaptured, captureForCommit } from '../answers/commit-time.js';
import { onlyFromGitAi, recommittedCommits } from '../answers/git-ai.js';
import { withCapture, type CapturePrefill } from '../answers/capture.js';
import { atomicWrite, pendingNotePath, takeAnswers } from './state.js';

export interface CommitMsgContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Overridable for tests; defaults to looking at the git process that runs the hook. */
  isAmend?: () => boolean;
  /**
   * The staged facts the commit-msg stub gathered and piped in (src/hook/commit-entry.ts), read
   * once the key is loading; null when the stub could not (then they are gathered here).
   */
  pipedFacts?: () => PipedFacts | null;
}

export type CommitMsgOutcome =
  | { action: 'signed'; attestation: SignedAttestation; warnings?: string[] }
  | { action: 'skipped'; reason: string };

/**
 * The one Node process of a commit: gathers the answers (environment, prompt answers saved by
 * prepare-commit-msg, the amended commit's, or the policy's), binds them to the tree, parents
 * and patch-id being committed, signs, writes the trailers into the message file and leaves the
 * note line for post-commit.
 */
export async function runCommitMsg(messageFile: string, ctx: CommitMsgContext): Promise<CommitMsgOutcome> {
  const opts = { cwd: ctx.cwd, env: ctx.env };
  const message = await readFile(messageFile, 'utf8');
  if (isEffectivelyEmpty(message)) return { action: 'skipped', reason: 'empty message: git will abort the commit' };

  const signing = loadSigningKey({ env: ctx.env, passphrase: askPassphrase(ctx.env) });
  signing.catch(() => undefined); // awaited below; a throw in between must not leave it unhandled
  const piped = ctx.pipedFacts?.() ?? null;
  const amend = piped ? piped.amend : (ctx.isAmend ?? isAmendCommit)();
  const [staged, signer] = await Promise.all([piped ? piped.staged : stagedFacts(amend, opts), signing]);
  const { head, parents, tree, files, patchId } = staged;
  const paths = { gitDir: staged.gitDir, commonDir: staged.commonDir, top: staged.top };
  const inProgress = sequencerState(paths.gitDir);
  const block = readMessageBlock(message);
  const existing = block.decoded;
  // A cherry-pick finished after a conflict runs commit-msg: it is carried below, not skipped.
  if (inProgress && inProgress !== 'cherry-pick' && existing.kind !== 'none') {
    return { action: 'skipped', reason: `${inProgress} in progress: the attestation is carried by post-rewrite` };
  }
  const base = parents[0] ?? EMPTY_TREE;
  const { config } = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
  const sensitive = matchSensitive(files, config.sensitive);
  // `git merge --squash` and a conflicted cherry-pick replay attested commits: carry their answers.
  const replay = existsSync(join(paths.gitDir, 'SQUASH_MSG')) || existsSync(join(paths.gitDir, 'CHERRY_PICK_HEAD'));
  const carried = replay
    ? await (await import('../rewrite/commit-time.js')).carryAtCommit({
        cwd: ctx.cwd,
        env: ctx.env,
        gitDir: paths.gitDir,
        commonDir: paths.commonDir,
        top: paths.top,
        config,
        base,
        tree,
        parents,
        patchId,
        files,
      })
    : null;

  const capture = await captureForCommit({
    cwd: ctx.cwd,
    env: ctx.env,
    gitDir: paths.gitDir,
    base,
    files,
    sensitive,
    tree,
    gitAi: { commonDir: paths.commonDir, sources: recommittedCommits(paths.gitDir, amend, head) },
  });
  const gathered = await gatherAnswers({
    cwd: ctx.cwd,
    capture,
    env: ctx.env,
    config,
    sensitive,
    files,
    carried: carried?.answers ?? null,
    gitDir: paths.gitDir,
    head,
    amendedMessage: amend && head ? await commitMessage(head, opts) : null,
    existing,
    reuse: reuseChecker({
      commonDir: paths.commonDir,
      keyringDir: join(paths.top ?? ctx.cwd, config.keyring),
      staged: { tree, parents, patchId },
      warn: (text) => process.stderr.write(text),
    }),
    isMerge: parents.length > 1,
  });
  if (!gathered) return { action: 'skipped', reason: 'merge commit without answers (merges are exempt by policy)' };
  await warnContradiction(block, gathered.ai, (text) => process.stderr.write(text));
  // Captured answers taken as they are were not confirmed by anyone; `events` otherwise means
  // the human accepted them at the prompt.
  const how = gathered === capture?.answers ? 'capture' : gathered.source === 'prompt' || gathered.source === 'events' ? 'prompt' : 'other';
  const answers = withCapture(gathered, capture, how);

  const detail = await detailForCommit({
    gitDir: paths.gitDir,
    top: paths.top,
    tree,
    files,
    answers,
    policy: config.detail,
    base,
    captured: capture?.entries ?? null,
    git: opts,
  });
  const predicate = buildPredicate(detail.answers, { tree, parents, patchId }, signer, new Date(), carried?.carriedFrom);
  if (detail.sha256) predicate.detail = { sha256: detail.sha256 };
  const attestation = signPredicate(predicate, signer);
  const rewritten = replaceBlock(message, block, attestation.trailers);
  await writeFile(messageFile, rewritten);
  const noteLines = [attestation.noteLine, ...(carried?.evidence ?? [])];
  await atomicWrite(pendingNotePath(paths.gitDir, tree), `${noteLines.join('\n')}\n`);
  archiveCaptured(capture, paths.gitDir, paths.commonDir, { tree, parents, patchId });
  return {
    action: 'signed',
    attestation,
    warnings: [...signerWarnings(signer.fingerprint, { env: ctx.env, top: paths.top, keyring: config.keyring }), ...detail.warnings],
  };
}

interface GatherInput {
  cwd: string;
  capture: CapturePrefill | null;
  env: NodeJS.ProcessEnv;
  config: Config;
  sensitive: SensitiveMatch[];
  files: string[];
  /** Answers carried from the commits a squash or cherry-pick replays. */
  carried: Answers | null;
  gitDir: string;
  head: string | null;
  amendedMessage: string | null;
  existing: DecodedTrailers;
  /** The answers of a block already in a message, when a trusted key signed them for this change. */
  reuse: (decoded: DecodedTrailers, amend: boolean) => Promise<import('../core/model.js').Predicate | null>;
  isMerge: boolean;
}

/** Precedence: environment, answers given at the prompt, agents' events, reuse, policy. */
async function gatherAnswers(input: GatherInput): Promise<Answers | null> {
  const fromEnv = answersFromEnv(input.env, input.config, input.sensitive);
  if (fromEnv) return fromEnv;
  const prompted = await takeAnswers(input.gitDir, input.head);
  if (prompted) return withSensitive(prompted, input.sensitive);
  if (input.carried) return input.carried;
  // git-ai's notes on an amended commit rank below the answers a human signed for it.
  if (input.capture?.answers && !onlyFromGitAi(input.capture)) return input.capture.answers;
  if (input.amendedMessage !== null) {
    const previous = await input.reuse(decodeTrailers(parseTrailers(input.amendedMessage)), true);
    if (previous && previous.ai !== 'undeclared') {
      return withSensitive({ ...previous, source: 'amend' }, input.sensitive, previous.sensitive);
    }
  }
  const existing = await input.reuse(input.existing, false);
  if (existing && existing.ai !== 'undeclared') {
    // A message that already carries an attestation (commit -C/-F, reword): re-bind its answers.
    return withSensitive({ ...existing }, input.sensitive, existing.sensitive);
  }
  if (input.capture?.answers) return input.capture.answers;
  if (input.isMerge) return null;
  const settingsOnly = await settingsOnlyAnswers(input.files, input.sensitive, input.config, { cwd: input.cwd, env: input.env });
  if (settingsOnly) return settingsOnly;
  if (input.config.policy.noAnswers === 'fail') {
    throw new PolicyError(
      'no AI attestation answers and no terminal to ask on. Commit again with answers in the environment, e.g.\n' +
        '  AI_ATTEST_TOOLS=none git commit ...\n' +
        '  AI_ATTEST_TOOLS=claude-code:claude-sonnet-4-5-20250929 AI_ATTEST_PROPORTION=40 git commit ...\n' +
        'or from a terminal. (Skip ai-attest once with AI_ATTEST=0.) Your message is kept in .git/COMMIT_EDITMSG.',
    );
  }
  return { ai: 'undeclared', tools: [], share: 0, sensitive: input.sensitive.map((s) => ({ ...s, ai: [] })), source: 'policy' };
}

/**
 * Sensitive files are always recomputed from what is staged now; which AI touched a file is
 * kept from earlier answers where known, and otherwise assumed to be every declared tool.
 */
function withSensitive(answers: Answers, staged: SensitiveMatch[], previous: Answers['sensitive'] = answers.sensitive): Answers {
  const tools = answers.ai === 'used' ? answers.tools.map((t) => t.tool) : [];
  const known = new Map(previous.map((s) => [s.path, s.ai]));
  return { ...answers, sensitive: staged.map((s) => ({ ...s, ai: known.get(s.path) ?? [...tools] })) };
}

function sequencerState(gitDir: string): string | null {
  if (existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply'))) return 'rebase';
  if (existsSync(join(gitDir, 'CHERRY_PICK_HEAD'))) return 'cherry-pick';
  if (existsSync(join(gitDir, 'REVERT_HEAD'))) return 'revert';
  return null;
}

/** Only comments, blank lines and a verbose diff below the scissors: git aborts such a commit. */
export function isEffectivelyEmpty(message: string): boolean {
  for (const line of message.split(/\r?\n/)) {
    if (/^# -+ >8 -+$/.test(line)) break;
    if (line.startsWith('#')) continue;
    if (line.trim()) return false;
  }
  return true;
}
