import type { Config } from '../config/types.js';
import { matchSensitive } from '../config/sensitive.js';
import type { Answers } from '../core/model.js';
import { InterruptedError } from '../errors.js';

/**
 * Asks on the terminal whether the answers of an edited commit still hold (the defaults are the
 * old answers, offered for one-key reuse). Returns null when there is no terminal or the user
 * pressed Ctrl-C: the caller then marks the commit as needing re-attestation.
 */
export async function reaffirm(input: {
  config: Config;
  commit: string;
  subject: string;
  reason: string;
  files: readonly string[];
  defaults: Answers;
}): Promise<Answers | null> {
  const { openTerminal } = await import('../prompt/terminal.js');
  const terminal = openTerminal();
  if (!terminal) return null;
  terminal.output.write(`\nai-attest: ${input.commit.slice(0, 12)} "${input.subject}": ${input.reason}.\nDo its answers still hold?\n`);
  const { askAnswers } = await import('../prompt/ask.js');
  try {
    return await askAnswers(
      { config: input.config, sensitive: matchSensitive(input.files, input.config.sensitive), defaults: input.defaults, kind: 'amend' },
      terminal,
    );
  } catch (error) {
    // Ctrl-C here must not undo a finished rebase: no answer means "mark it".
    if (error instanceof InterruptedError) return null;
    throw error;
  }
}
