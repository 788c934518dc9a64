import { promptOutput } from './prompt-output.js';
import type { Terminal } from './terminal.js';
import type { Ui } from './ui.js';

const THEME = { prefix: { idle: 'ai-attest ?', done: 'ai-attest ✔' } };
/** Tool lists longer than inquirer's default of 7 rows would hide "Other tool..." below the fold. */
const rows = (choices: readonly unknown[]): number => Math.min(Math.max(choices.length, 7), 12);

type Inquirer = typeof import('@inquirer/prompts');
let loading: Promise<Inquirer> | undefined;

/** Imported lazily: it costs ~80 ms (more on a busy machine) and the hook loads this module. */
function loadInquirer(): Promise<Inquirer> {
  loading ??= import('@inquirer/prompts');
  return loading;
}

/** Starts the import now, so a caller can overlap it with its own work (git reads) before asking. */
export function preloadPrompts(): void {
  loadInquirer().catch(() => {
    // Reported by the askAnswers that awaits it.
  });
}

/** Inquirer on the given terminal. */
export async function inquirerUi(terminal: Terminal): Promise<Ui> {
  const { checkbox, confirm, input, select } = await loadInquirer();
  // Answered questions are cleared, so a commit leaves one summary line, not a page of prompts.
  const context = () => ({ input: terminal.input, output: promptOutput(terminal.output), clearPromptOnDone: true });
  return {
    confirm: (q) => confirm({ message: q.message, default: q.default, theme: THEME }, context()),
    select: (q) =>
      select({ message: q.message, choices: q.choices, default: q.default, pageSize: rows(q.choices), theme: THEME }, context()),
    checkbox: (q) =>
      checkbox(
        {
          message: q.message,
          choices: q.choices,
          pageSize: rows(q.choices),
          theme: THEME,
          validate: (items) => q.validate?.(items.map((item) => item.value)) ?? true,
        },
        context(),
      ),
    note: (message) => terminal.output.write(`${message}\n`),
    text: (q) => input({ message: q.message, default: q.default, validate: q.validate, theme: THEME }, context()),
  };
}
