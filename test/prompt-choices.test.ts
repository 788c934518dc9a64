import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/defaults.js';
import { INTEGRATION_PATHS, type Answers } from '../src/core/model.js';
import { canReuse, humanOnly, reuseAnswers, sensitiveAnswers } from '../src/prompt/answers.js';
import {
  CUSTOM,
  OTHER,
  aiChoices,
  defaultShareChoice,
  modelChoices,
  sensitiveChoices,
  sensitiveToolChoices,
  shareChoices,
  toolChoices,
  viaChoices,
} from '../src/prompt/choices.js';
import { describeAnswers, summaryLine } from '../src/prompt/summary.js';
import { parseShare, validateModelId, validateShare, validateToolId } from '../src/prompt/validate.js';

const config = defaultConfig();
const files = [
  { path: 'src/auth/login.ts', category: 'security-controls' },
  { path: '.env', category: 'credentials' },
];
const previous: Answers = {
  ai: 'used',
  tools: [
    { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' },
    { tool: 'windsurf', model: 'swe-1-2025-05-15', via: 'ide-plugin' },
  ],
  share: 40,
  sensitive: [{ path: 'src/auth/login.ts', category: 'security-controls', ai: ['claude-code'] }],
  source: 'prompt',
};

describe('choices', () => {
  it('puts "AI was used" first, so a blind Enter never signs "no AI"', () => {
    expect(aiChoices().map((choice) => choice.value)).toEqual(['used', 'none']);
  });

  it('lists registry tools with their default path, flags unapproved ones, ends with "Other tool..."', () => {
    const choices = toolChoices(config);
    expect(choices.map((choice) => choice.value)).toEqual([...config.tools.map((tool) => tool.id), OTHER]);
    expect(choices[0]?.name).toBe('Claude Code · cli-agent');
    expect(choices.find((choice) => choice.value === 'aider')?.name).toBe('Aider · cli-agent (not approved)');
    expect(choices.every((choice) => !choice.checked)).toBe(true);
  });

  it('pre-checks previous tools and keeps tools only the defaults know', () => {
    const choices = toolChoices(config, previous);
    expect(choices.filter((choice) => choice.checked).map((choice) => choice.value)).toEqual(['claude-code', 'windsurf']);
    expect(choices.at(-1)?.value).toBe(OTHER);
    expect(choices.at(-2)).toMatchObject({ value: 'windsurf', checked: true });
  });

  it('offers known models then "Other model id...", nothing for a tool without known models', () => {
    const claude = config.tools.find((tool) => tool.id === 'claude-code');
    expect(modelChoices(claude).map((choice) => choice.value)).toEqual(['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', OTHER]);
    expect(modelChoices(config.tools.find((tool) => tool.id === 'cursor'))).toEqual([]);
    expect(modelChoices(undefined, 'swe-1-2025-05-15').map((choice) => choice.value)).toEqual(['swe-1-2025-05-15', OTHER]);
    // A bare family name from captured events is not offered as an answer.
    expect(modelChoices(undefined, 'claude')).toEqual([]);
  });

  it('covers every integration path', () => {
    expect(viaChoices().map((choice) => choice.value)).toEqual([...INTEGRATION_PATHS]);
  });

  it('offers quick shares and "Custom...", defaulting to the previous share', () => {
    expect(shareChoices().map((choice) => choice.value)).toEqual([10, 25, 50, 75, 90, 100, CUSTOM]);
    expect(defaultShareChoice()).toBe(50);
    expect(defaultShareChoice(75)).toBe(75);
    expect(defaultShareChoice(40)).toBe(CUSTOM);
  });

  it('checks every sensitive file unless the previous answers said human-only', () => {
    expect(sensitiveChoices(files).map((choice) => choice.checked)).toEqual([true, true]);
    const humanLogin: Answers = { ...previous, sensitive: [{ ...files[0]!, ai: [] }] };
    expect(sensitiveChoices(files, humanLogin).map((choice) => choice.checked)).toEqual([false, true]);
    expect(sensitiveChoices(files)[0]?.name).toBe('src/auth/login.ts (security-controls)');
  });

  it('attributes sensitive files to all tools unless the previous answers named some', () => {
    expect(sensitiveToolChoices(['claude-code', 'copilot'], ['.env']).map((choice) => choice.checked)).toEqual([true, true]);
    expect(sensitiveToolChoices(['claude-code', 'copilot'], ['src/auth/login.ts'], previous).map((choice) => choice.checked)).toEqual([
      true,
      false,
    ]);
  });
});

describe('answers', () => {
  it('records every sensitive file, with ai [] for untouched ones', () => {
    expect(sensitiveAnswers(files, new Set([1]), ['copilot'])).toEqual([
      { path: 'src/auth/login.ts', category: 'security-controls', ai: [] },
      { path: '.env', category: 'credentials', ai: ['copilot'] },
    ]);
    expect(humanOnly(files).every((file) => file.ai.length === 0)).toBe(true);
  });

  it('offers reuse only for answers that would pass as they are', () => {
    expect(canReuse(previous)).toBe(true);
    expect(canReuse({ ...previous, ai: 'none', tools: [] })).toBe(true);
    expect(canReuse({ ...previous, ai: 'undeclared', tools: [] })).toBe(false);
    expect(canReuse({ ...previous, tools: [{ tool: 'claude-code', model: 'claude', via: 'cli-agent' }] })).toBe(false);
    expect(canReuse({ ...previous, tools: [] })).toBe(false);
  });

  it('applies reused answers to the files staged now and reports the ones they never saw', () => {
    const { answers, uncovered } = reuseAnswers(previous, files, 'amend');
    expect(answers).toEqual({
      ...previous,
      sensitive: [
        { path: 'src/auth/login.ts', category: 'security-controls', ai: ['claude-code'] },
        { path: '.env', category: 'credentials', ai: [] },
      ],
      source: 'amend',
    });
    expect(uncovered).toEqual([files[1]]);
    const none = reuseAnswers({ ai: 'none', tools: [], share: 0, sensitive: [], source: 'prompt' }, files, 'events');
    expect(none.uncovered).toEqual([]);
    expect(none.answers).toEqual({ ai: 'none', tools: [], share: 0, sensitive: humanOnly(files), source: 'events' });
  });
});

describe('summary', () => {
  it('says tools, models, paths, share and sensitive files in one line', () => {
    expect(
      summaryLine({
        ai: 'used',
        tools: [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' }],
        share: 40,
        sensitive: [{ path: 'a/auth/x.ts', category: 'security-controls', ai: ['claude-code'] }],
        source: 'prompt',
      }),
    ).toBe('ai-attest: claude-code claude-sonnet-4-5-20250929 (cli-agent), ~40% AI, 1 sensitive file touched by AI');
    expect(describeAnswers({ ...previous, sensitive: sensitiveAnswers(files, new Set([0]), ['claude-code']) })).toBe(
      'claude-code claude-sonnet-4-5-20250929 (cli-agent), windsurf swe-1-2025-05-15 (ide-plugin), ~40% AI, 2 sensitive files (1' +
        ' touched by AI)',
    );
    expect(describeAnswers({ ai: 'none', tools: [], share: 0, sensitive: humanOnly(files), source: 'prompt' })).toBe(
      'no AI, 2 sensitive files',
    );
  });
});

describe('validators', () => {
  it('refuses bare model families with the hint, accepts exact ids', () => {
    expect(validateModelId('gpt-4')).toMatch(/floating openai alias .* gpt-4-0613/);
    expect(validateModelId('claude')).toMatch(/names a model family/);
    expect(validateModelId('gpt-5-2025-08-07')).toBe(true);
    expect(validateModelId(' claude-sonnet-4-5-20250929 ')).toBe(true);
  });

  it('takes tool ids in registry shape, not twice', () => {
    expect(validateToolId('my-agent')).toBe(true);
    expect(validateToolId('My Agent')).toMatch(/lower-case/);
    expect(validateToolId('-x')).toMatch(/lower-case/);
    expect(validateToolId('claude-code', ['claude-code'])).toMatch(/already in the list/);
  });

  it('takes a whole share from 0 to 100', () => {
    expect(['0', '40', '100', ' 40% '].map(parseShare)).toEqual([0, 40, 100, 40]);
    expect(['', '-1', '101', '40.5', 'forty'].map(parseShare)).toEqual([null, null, null, null, null]);
    expect(validateShare('140')).toMatch(/0 to 100/);
  });
});
