import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/defaults.js';
import type { Answers } from '../src/core/model.js';
import { CUSTOM, OTHER } from '../src/prompt/choices.js';
import { runFlow } from '../src/prompt/flow.js';
import type { PromptInput } from '../src/prompt/types.js';
import type { Choice, Ui } from '../src/prompt/ui.js';

type Kind = 'confirm' | 'select' | 'checkbox' | 'text';
interface Question {
  message: string;
  default?: unknown;
  choices?: Choice<unknown>[];
  validate?: (value: never) => true | string;
}
/** One scripted answer: a value, `DEFAULT` (Enter on the pre-selection), or typed attempts for text. */
interface Step {
  kind: Kind;
  message: RegExp;
  answer?: unknown;
  typed?: string[];
}
const DEFAULT = Symbol('default');

/** Plays the user: checks each question comes in order, runs validators like inquirer would. */
class ScriptedUi implements Ui {
  readonly asked: { kind: Kind; q: Question }[] = [];
  readonly refused: string[] = [];
  constructor(private readonly steps: Step[]) {}

  private answer(kind: Kind, q: Question): unknown {
    const step = this.steps.shift();
    if (!step) throw new Error(`unexpected ${kind}: ${q.message}`);
    expect(`${kind}: ${q.message}`).toMatch(new RegExp(`^${step.kind}: ${step.message.source}`));
    this.asked.push({ kind, q });
    if (step.typed) {
      for (const typed of step.typed) {
        const verdict = q.validate!(typed as never);
        if (verdict === true) return typed;
        this.refused.push(verdict);
      }
      throw new Error(`no valid answer typed for ${q.message}`);
    }
    if (step.answer === DEFAULT) {
      if (kind === 'checkbox') return q.choices!.filter((choice) => choice.checked).map((choice) => choice.value);
      return q.default;
    }
    if (kind === 'checkbox' && q.validate) {
      const verdict = q.validate(step.answer as never);
      if (verdict !== true) throw new Error(verdict);
    }
    return step.answer;
  }

  confirm = async (q: Question) => this.answer('confirm', q) as boolean;
  select = async <V>(q: Question) => this.answer('select', q) as V;
  checkbox = async <V>(q: Question) => this.answer('checkbox', q) as V[];
  text = async (q: Question) => this.answer('text', q) as string;

  done(): void {
    expect(this.steps.map((step) => `${step.kind}: ${step.message.source}`)).toEqual([]);
  }
}

const config = defaultConfig();
const files = [
  { path: 'src/auth/login.ts', category: 'security-controls' },
  { path: '.env', category: 'credentials' },
];
const input = (extra: Partial<PromptInput> = {}): PromptInput => ({ config, sensitive: files, kind: 'normal', ...extra });
const previous: Answers = {
  ai: 'used',
  tools: [{ tool: 'claude-code', model: 'claude-opus-4-1-20250805', via: 'ide-plugin' }],
  share: 40,
  sensitive: [{ path: 'src/auth/login.ts', category: 'security-controls', ai: [] }],
  source: 'prompt',
};

async function play(promptInput: PromptInput, steps: Step[]): Promise<{ answers: Answers; ui: ScriptedUi }> {
  const ui = new ScriptedUi(steps);
  const answers = await runFlow(promptInput, ui);
  ui.done();
  return { answers, ui };
}

describe('prompt flow', () => {
  it('"No AI" is one answer and records the sensitive files as human-only', async () => {
    const { answers, ui } = await play(input(), [{ kind: 'select', message: /Was AI used for this change\?/, answer: 'none' }]);
    expect(answers).toEqual({
      ai: 'none',
      tools: [],
      share: 0,
      sensitive: [
        { path: 'src/auth/login.ts', category: 'security-controls', ai: [] },
        { path: '.env', category: 'credentials', ai: [] },
      ],
      source: 'prompt',
    });
    expect(ui.asked[0]?.q.default).toBe('used');
  });

  it('asks model and path per tool, an other tool by id, a custom share, and who touched the sensitive files', async () => {
    const { answers, ui } = await play(input(), [
      { kind: 'select', message: /Was AI used/, answer: DEFAULT },
      { kind: 'checkbox', message: /Which AI tools/, answer: ['claude-code', OTHER] },
      { kind: 'select', message: /Which Claude Code model\?/, answer: 'claude-opus-4-1-20250805' },
      { kind: 'select', message: /How was Claude Code used\?/, answer: DEFAULT },
      { kind: 'text', message: /Id of the other tool/, typed: ['My Agent', 'claude-code', 'my-agent'] },
      { kind: 'text', message: /Exact my-agent model id/, typed: ['claude', 'gpt-4', 'my-model-2025-01-31'] },
      { kind: 'select', message: /How was my-agent used\?/, answer: 'api' },
      { kind: 'select', message: /About how much/, answer: CUSTOM },
      { kind: 'text', message: /AI share in percent/, typed: ['140', '40'] },
      { kind: 'checkbox', message: /Which of these sensitive files did AI touch\?/, answer: [0] },
      { kind: 'checkbox', message: /Which tools touched them\?/, answer: ['my-agent'] },
    ]);
    expect(answers).toEqual({
      ai: 'used',
      tools: [
        { tool: 'claude-code', model: 'claude-opus-4-1-20250805', via: 'cli-agent' },
        { tool: 'my-agent', model: 'my-model-2025-01-31', via: 'api' },
      ],
      share: 40,
      sensitive: [
        { path: 'src/auth/login.ts', category: 'security-controls', ai: ['my-agent'] },
        { path: '.env', category: 'credentials', ai: [] },
      ],
      source: 'prompt',
    });
    expect(ui.refused).toEqual([
      expect.stringMatching(/lower-case/),
      expect.stringMatching(/already in the list/),
      expect.stringMatching(/"claude" names a model family/),
      expect.stringMatching(/"gpt-4" is a floating openai alias .*gpt-4-0613/),
      expect.stringMatching(/0 to 100/),
    ]);
    const via = ui.asked.find((asked) => asked.q.message.startsWith('How was my-agent'));
    expect(via?.q.default).toBe('other');
    const sensitive = ui.asked.find((asked) => asked.q.message.startsWith('Which of these sensitive'));
    expect(sensitive?.q.choices?.map((choice) => choice.checked)).toEqual([true, true]);
  });

  it('refuses an empty tool selection with a hint', async () => {
    const ui = new ScriptedUi([
      { kind: 'select', message: /Was AI used/, answer: 'used' },
      { kind: 'checkbox', message: /Which AI tools/, answer: [] },
    ]);
    await expect(runFlow(input(), ui)).rejects.toThrow(/select at least one tool with Space/);
  });

  it('asks a tool without known models for the id directly, and skips "which tools" for one tool', async () => {
    const { answers } = await play(input({ sensitive: [files[1]!] }), [
      { kind: 'select', message: /Was AI used/, answer: 'used' },
      { kind: 'checkbox', message: /Which AI tools/, answer: ['cursor'] },
      { kind: 'text', message: /Exact Cursor model id/, typed: ['gpt-5-2025-08-07'] },
      { kind: 'select', message: /How was Cursor used\?/, answer: DEFAULT },
      { kind: 'select', message: /About how much/, answer: 90 },
      { kind: 'checkbox', message: /Which of these sensitive files/, answer: DEFAULT },
    ]);
    expect(answers.tools).toEqual([{ tool: 'cursor', model: 'gpt-5-2025-08-07', via: 'ide-plugin' }]);
    expect(answers.share).toBe(90);
    expect(answers.sensitive).toEqual([{ path: '.env', category: 'credentials', ai: ['cursor'] }]);
  });

  it('does not ask which tools when AI touched no sensitive file', async () => {
    const { answers } = await play(input(), [
      { kind: 'select', message: /Was AI used/, answer: 'used' },
      { kind: 'checkbox', message: /Which AI tools/, answer: ['claude-code', 'copilot'] },
      { kind: 'select', message: /Which Claude Code model/, answer: DEFAULT },
      { kind: 'select', message: /How was Claude Code used/, answer: DEFAULT },
      { kind: 'select', message: /Which GitHub Copilot model/, answer: DEFAULT },
      { kind: 'select', message: /How was GitHub Copilot used/, answer: DEFAULT },
      { kind: 'select', message: /About how much/, answer: DEFAULT },
      { kind: 'checkbox', message: /Which of these sensitive files/, answer: [] },
    ]);
    expect(answers.share).toBe(50);
    expect(answers.sensitive.map((file) => file.ai)).toEqual([[], []]);
  });

  it('amend: one confirm reuses the previous answers as source "amend"', async () => {
    const { answers, ui } = await play(input({ kind: 'amend', sensitive: [files[0]!], defaults: previous }), [
      {
        kind: 'confirm',
        message: /Reuse the previous answers\? claude-code claude-opus-4-1-20250805 \(ide-plugin\), ~40% AI/,
        answer: DEFAULT,
      },
    ]);
    expect(ui.asked[0]?.q.default).toBe(true);
    expect(answers).toEqual({ ...previous, source: 'amend' });
  });

  it('captured events: reuse gives source "events", and a sensitive file they never saw is still asked', async () => {
    const { answers, ui } = await play(input({ defaults: previous }), [
      { kind: 'confirm', message: /Use the answers captured from your AI tools\?/, answer: true },
      { kind: 'checkbox', message: /Which of these sensitive files/, answer: DEFAULT },
    ]);
    expect(ui.asked[1]?.q.choices?.map((choice) => choice.checked)).toEqual([false, true]);
    expect(answers).toEqual({
      ...previous,
      sensitive: [
        { path: 'src/auth/login.ts', category: 'security-controls', ai: [] },
        { path: '.env', category: 'credentials', ai: ['claude-code'] },
      ],
      source: 'events',
    });
  });

  it('declined reuse: every question starts on the previous answer', async () => {
    const { answers, ui } = await play(input({ kind: 'amend', defaults: previous }), [
      { kind: 'confirm', message: /Reuse the previous answers/, answer: false },
      { kind: 'select', message: /Was AI used/, answer: DEFAULT },
      { kind: 'checkbox', message: /Which AI tools/, answer: DEFAULT },
      { kind: 'select', message: /Which Claude Code model/, answer: DEFAULT },
      { kind: 'select', message: /How was Claude Code used/, answer: DEFAULT },
      { kind: 'select', message: /About how much/, answer: DEFAULT },
      { kind: 'text', message: /AI share in percent/, answer: DEFAULT },
      { kind: 'checkbox', message: /Which of these sensitive files/, answer: DEFAULT },
    ]);
    expect(ui.asked.find((asked) => asked.q.message.startsWith('AI share'))?.q.default).toBe('40');
    expect(answers).toEqual({
      ...previous,
      sensitive: [
        { path: 'src/auth/login.ts', category: 'security-controls', ai: [] },
        { path: '.env', category: 'credentials', ai: ['claude-code'] },
      ],
      source: 'prompt',
    });
  });

  it('does not offer to reuse a bare family name from captured events', async () => {
    const vague: Answers = { ...previous, tools: [{ tool: 'claude-code', model: 'claude', via: 'cli-agent' }] };
    const { ui } = await play(input({ sensitive: [], defaults: vague }), [
      { kind: 'select', message: /Was AI used/, answer: DEFAULT },
      { kind: 'checkbox', message: /Which AI tools/, answer: DEFAULT },
      { kind: 'select', message: /Which Claude Code model/, answer: DEFAULT },
      { kind: 'select', message: /How was Claude Code used/, answer: DEFAULT },
      { kind: 'select', message: /About how much/, answer: 25 },
    ]);
    expect(ui.asked[2]?.q.choices?.map((choice) => choice.value)).not.toContain('claude');
    expect(ui.asked[2]?.q.default).toBe('claude-sonnet-4-5-20250929');
  });

  it('reuses a previous "no AI" for the files staged now', async () => {
    const none: Answers = { ai: 'none', tools: [], share: 0, sensitive: [], source: 'prompt' };
    const { answers } = await play(input({ kind: 'amend', defaults: none }), [
      { kind: 'confirm', message: /Reuse the previous answers\? no AI/, answer: true },
    ]);
    expect(answers).toEqual({ ...none, sensitive: files.map((file) => ({ ...file, ai: [] })), source: 'amend' });
  });

  it('names a merge in the first question', async () => {
    await play(input({ kind: 'merge' }), [{ kind: 'select', message: /Was AI used for this merge/, answer: 'none' }]);
  });
});
