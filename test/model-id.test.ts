import { describe, expect, it } from 'vitest';
import { checkModelId } from '../src/core/model-id.js';
import { FLOATING_ALIASES } from '../src/core/model-aliases.js';

const reason = (id: string, registry?: string[]) => {
  const check = checkModelId(id, registry ? { registry } : {});
  return check.ok ? 'ok' : check.reason;
};

describe('model ids: the explicit rule', () => {
  it('refuses known floating aliases, naming the pinned id to use', () => {
    expect(reason('claude-sonnet-4-5')).toContain('claude-sonnet-4-5-20250929');
    expect(reason('gpt-4-turbo')).toContain('gpt-4-turbo-2024-04-09');
    expect(reason('gpt-4o-mini')).toContain('gpt-4o-mini-2024-07-18');
    expect(reason('o3-mini')).toContain('o3-mini-2025-01-31');
    expect(reason('gpt-4o-mini')).toContain('floating openai alias');
    for (const alias of FLOATING_ALIASES) expect(reason(alias.alias)).not.toBe('ok');
  });

  it('accepts the pinned ids the aliases point at', () => {
    for (const alias of FLOATING_ALIASES) if (alias.pinned) expect(reason(alias.pinned), alias.pinned).toBe('ok');
  });

  it('accepts unknown ids newer than any bundled list when they name a version or a date', () => {
    for (const id of [
      'claude-opus-4-5-20251101',
      'claude-sonnet-5-0-20260401',
      'gpt-5.1-2025-11-13',
      'gemini-3.0-pro-001',
      'anthropic.claude-opus-5-v1:0',
      'mistral-large-2411',
      'qwen3-coder-480b-a35b-2507',
    ]) {
      expect(reason(id), id).toBe('ok');
    }
  });

  it('refuses bare family names and ids with neither version nor date', () => {
    for (const id of ['claude', 'gpt', 'sonnet', 'gemini', 'my-model', 'gpt-6', 'some-model-latest']) expect(reason(id), id).not.toBe('ok');
  });

  it("lets the team's registry list an id the rule would refuse (the registry knows newer ids)", () => {
    expect(reason('gpt-5-codex')).not.toBe('ok');
    expect(reason('gpt-5-codex', ['gpt-5-codex'])).toBe('ok');
    expect(reason('claude-sonnet-4-5', ['claude-sonnet-4-5'])).toBe('ok');
  });
});
