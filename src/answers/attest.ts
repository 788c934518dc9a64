import { buildPredicate, signPredicate } from '../core/attest.js';
import type { Answers } from '../core/model.js';
import { loadConfig } from '../config/load.js';
import { matchSensitive, type SensitiveMatch } from '../config/sensitive.js';
import type { Config } from '../config/types.js';
import { loadSigningKey } from '../crypto/signing-key.js';
import { AttestError } from '../errors.js';
import { changedFiles } from '../git/changed-files.js';
import { readCommit } from '../git/log.js';
import { addNoteLines } from '../git/notes.js';
import { commitPatchIds } from '../git/patch-id.js';
import { repoPaths } from '../git/repo.js';
import { answersFromEnv } from './env.js';

/** Answers given on the command line; each falls back to its AI_ATTEST_* variable. */
export interface AttestOptions {
  tools?: string;
  proportion?: string;
  via?: string;
  sensitive?: string;
  json?: boolean;
}

export interface AttestReport {
  schema: 'ai-attest/attest@1';
  commit: string;
  ai: Answers['ai'];
  tools: Answers['tools'];
  share: number;
  sensitive: Answers['sensitive'];
  note: string;
}

/**
 * Attests a commit after the fact (one recorded as undeclared, or made with hooks bypassed):
 * the statement names the commit itself and goes into the note; the commit is not rewritten.
 * The answers come from the options (or their variables), else from a terminal.
 */
export async function attestCommit(rev: string, options: AttestOptions & { cwd: string; env: NodeJS.ProcessEnv }): Promise<AttestReport> {
  const opts = { cwd: options.cwd, env: options.env };
  const paths = await repoPaths(opts);
  const record = await readCommit(rev, opts);
  if (!record) throw new AttestError(`no commit named "${rev}".`);
  const base = record.parents[0] ?? null;
  const [{ config }, files, patchIds, signer] = await Promise.all([
    loadConfig({ top: paths.top, commonDir: paths.commonDir }),
    changedFiles([{ commit: record.commit, base }], opts),
    commitPatchIds([{ commit: record.commit, base }], opts),
    loadSigningKey({ env: options.env }),
  ]);
  const sensitive = matchSensitive(files.get(record.commit) ?? [], config.sensitive);

  const answerEnv: NodeJS.ProcessEnv = {
    AI_ATTEST_TOOLS: options.tools ?? options.env.AI_ATTEST_TOOLS,
    AI_ATTEST_PROPORTION: options.proportion ?? options.env.AI_ATTEST_PROPORTION,
    AI_ATTEST_VIA: options.via ?? options.env.AI_ATTEST_VIA,
    AI_ATTEST_SENSITIVE: options.sensitive ?? options.env.AI_ATTEST_SENSITIVE,
  };
  const answers = answersFromEnv(answerEnv, config, sensitive) ?? (await askOnTerminal(record.commit, config, sensitive));
  const binding = { tree: record.tree, parents: record.parents, patchId: patchIds.get(record.commit) ?? '', commit: record.commit };
  const signed = signPredicate(buildPredicate({ ...answers, source: 'attest' }, binding, signer, new Date()), signer);
  await addNoteLines(record.commit, [signed.noteLine], { ...opts, commonDir: paths.commonDir });
  return {
    schema: 'ai-attest/attest@1',
    commit: record.commit,
    ai: signed.predicate.ai,
    tools: signed.predicate.tools,
    share: signed.predicate.share,
    sensitive: signed.predicate.sensitive,
    note: 'refs/notes/ai-attest',
  };
}

/** No answers were given: a terminal asks them, or the error says how to give them. */
async function askOnTerminal(commit: string, config: Config, sensitive: SensitiveMatch[]): Promise<Answers> {
  const { openTerminal } = await import('../prompt/terminal.js');
  const terminal = openTerminal();
  if (!terminal) {
    throw new AttestError(
      `no answers for ${commit.slice(0, 12)}: pass --tools TOOL:MODEL[,...] --proportion N (or --tools none), or run in a terminal.`,
    );
  }
  try {
    const { askAnswers } = await import('../prompt/ask.js');
    return await askAnswers({ config, sensitive, kind: 'normal' }, terminal);
  } finally {
    terminal.close();
  }
}
