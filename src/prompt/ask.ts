import type { Answers } from '../core/model.js';
import { InterruptedError } from '../errors.js';
import { runFlow } from './flow.js';
import { inquirerUi } from './inquirer-ui.js';
import type { Terminal } from './terminal.js';
import type { PromptInput } from './types.js';

export type { PromptInput, StagedSensitive } from './types.js';
export { preloadPrompts } from './inquirer-ui.js';

/**
 * Asks the commit-time questions on `terminal` and closes it (raw mode off) whatever happens.
 * Ctrl-C at any question throws InterruptedError (exit code 130), so the hook aborts the commit.
 */
export async function askAnswers(input: PromptInput, terminal: Terminal): Promise<Answers> {
  try {
    const ui = await inquirerUi(terminal);
    // No summary line here: commit-msg prints what it signed, once.
    return await runFlow(input, ui);
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new InterruptedError();
    throw error;
  } finally {
    terminal.close();
  }
}
