import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/defaults.js';
import { validateConfigText } from '../src/config/load.js';
import { matchSensitive } from '../src/config/sensitive.js';
import { answersFromEnv } from '../src/answers/env.js';

const config = defaultConfig();
const staged = matchSensitive(['src/auth/session.ts', 'README.md', 'deploy/secrets/db.yaml', 'infra/policies/net.rego'], config.sensitive);

describe('sensitive globs', () => {
  it('categorise staged files by the first matching category', () => {
    expect(staged).toEqual([
      { path: 'src/auth/session.ts', category: 'security-controls' },
      { path: 'deploy/secrets/db.yaml', category: 'credentials' },
      { path: 'infra/policies/net.rego', category: 'iam-network-policy' },
    ]);
  });
});

describe('answers from the environment', () => {
  it('are absent when AI_ATTEST_TOOLS is unset', () => {
    expect(answersFromEnv({}, config, staged)).toBeNull();
  });

  it('record "no AI" with the sensitive files untouched by AI', () => {
    const answers = answersFromEnv({ AI_ATTEST_TOOLS: 'none' }, config, staged);
    expect(answers).toMatchObject({ ai: 'none', tools: [], share: 0, source: 'env' });
    expect(answers?.sensitive.every((s) => s.ai.length === 0)).toBe(true);
  });

  it('parse tools with registry defaults, per-tool paths and the share', () => {
    const answers = answersFromEnv(
      {
        AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929, copilot:gpt-4.1-2025-04-14',
        AI_ATTEST_PROPORTION: '40',
        AI_ATTEST_VIA: 'copilot=web-chat',
        AI_ATTEST_SENSITIVE: 'src/auth/session.ts',
      },
      config,
      staged,
    );
    expect(answers).toEqual({
      ai: 'used',
      tools: [
        { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' },
        { tool: 'copilot', model: 'gpt-4.1-2025-04-14', via: 'web-chat' },
      ],
      share: 40,
      sensitive: [
        { path: 'src/auth/session.ts', category: 'security-controls', ai: ['claude-code', 'copilot'] },
        { path: 'deploy/secrets/db.yaml', category: 'credentials', ai: [] },
        { path: 'infra/policies/net.rego', category: 'iam-network-policy', ai: [] },
      ],
      source: 'env',
    });
  });

  it('assume every sensitive file was touched when not told otherwise', () => {
    const answers = answersFromEnv({ AI_ATTEST_TOOLS: 'cursor:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '100' }, config, staged);
    expect(answers?.sensitive.every((s) => s.ai.join() === 'cursor')).toBe(true);
  });

  it.each([
    [{ AI_ATTEST_TOOLS: 'claude-code:claude', AI_ATTEST_PROPORTION: '10' }, /family or a moving alias/],
    [{ AI_ATTEST_TOOLS: 'copilot:gpt-4', AI_ATTEST_PROPORTION: '10' }, /floating openai alias .*gpt-4-0613/],
    [{ AI_ATTEST_TOOLS: 'claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '10' }, /TOOL:MODEL/],
    [{ AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929' }, /AI_ATTEST_PROPORTION is not set/],
    [{ AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '101' }, /0 to 100/],
    [
      { AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '5', AI_ATTEST_VIA: 'telepathy' },
      /integration path/,
    ],
    [
      { AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '5', AI_ATTEST_SENSITIVE: 'README.md' },
      /not a staged sensitive file/,
    ],
  ])('refuse bad input with the fix: %j', (env, message) => {
    expect(() => answersFromEnv(env, config, staged)).toThrow(message);
  });
});

describe('config validation', () => {
  it('accepts the defaults and fills omitted sections', async () => {
    const minimal = await validateConfigText(JSON.stringify({ version: 1, tools: [] }), 'config');
    expect(minimal.policy.noAnswers).toBe('record-undeclared');
    expect(await validateConfigText(JSON.stringify(defaultConfig()), 'config')).toEqual(defaultConfig());
  });

  it('names the bad field', async () => {
    const bad = { ...defaultConfig(), tools: [{ id: 'Bad Id', name: 'x', via: 'ide-plugin', approved: true }] };
    await expect(validateConfigText(JSON.stringify(bad), 'cfg')).rejects.toThrow(/tools\.0\.id/);
    await expect(validateConfigText(JSON.stringify({ ...defaultConfig(), polcy: {} }), 'cfg')).rejects.toThrow(/polcy/);
    await expect(validateConfigText('{ not json', 'cfg')).rejects.toThrow(/not valid JSON/);
    const dup = { ...defaultConfig(), tools: [...defaultConfig().tools, defaultConfig().tools[0]] };
    await expect(validateConfigText(JSON.stringify(dup), 'cfg')).rejects.toThrow(/duplicate tool id/);
  });
});
