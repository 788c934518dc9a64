/**
 * Floating model aliases, per provider, and the pinned id each resolved to when this list was
 * last reviewed. An alias moves to a new snapshot without notice, so a year later it cannot say
 * which model wrote a change: it is refused, naming the pinned id to give instead. Data, not
 * logic: add a line when a provider adds an alias. A team's registry (`tools[].models` in
 * .ai-attest/config.json) overrides this list for its own tools.
 */
export interface FloatingAlias {
  provider: string;
  alias: string;
  /** The dated snapshot to name instead; null when the provider publishes none. */
  pinned: string | null;
}

export const FLOATING_ALIASES: readonly FloatingAlias[] = [
  { provider: 'anthropic', alias: 'claude-sonnet-4-5', pinned: 'claude-sonnet-4-5-20250929' },
  { provider: 'anthropic', alias: 'claude-haiku-4-5', pinned: 'claude-haiku-4-5-20251001' },
  { provider: 'anthropic', alias: 'claude-opus-4-1', pinned: 'claude-opus-4-1-20250805' },
  { provider: 'anthropic', alias: 'claude-opus-4-0', pinned: 'claude-opus-4-20250514' },
  { provider: 'anthropic', alias: 'claude-sonnet-4-0', pinned: 'claude-sonnet-4-20250514' },
  { provider: 'anthropic', alias: 'claude-3-7-sonnet-latest', pinned: 'claude-3-7-sonnet-20250219' },
  { provider: 'anthropic', alias: 'claude-3-5-sonnet-latest', pinned: 'claude-3-5-sonnet-20241022' },
  { provider: 'anthropic', alias: 'claude-3-5-haiku-latest', pinned: 'claude-3-5-haiku-20241022' },
  { provider: 'anthropic', alias: 'claude-3-opus-latest', pinned: 'claude-3-opus-20240229' },
  { provider: 'openai', alias: 'gpt-4-turbo', pinned: 'gpt-4-turbo-2024-04-09' },
  { provider: 'openai', alias: 'gpt-4-turbo-preview', pinned: 'gpt-4-0125-preview' },
  { provider: 'openai', alias: 'gpt-4', pinned: 'gpt-4-0613' },
  { provider: 'openai', alias: 'gpt-3.5-turbo', pinned: 'gpt-3.5-turbo-0125' },
  { provider: 'openai', alias: 'gpt-4o', pinned: 'gpt-4o-2024-08-06' },
  { provider: 'openai', alias: 'gpt-4o-mini', pinned: 'gpt-4o-mini-2024-07-18' },
  { provider: 'openai', alias: 'chatgpt-4o-latest', pinned: null },
  { provider: 'openai', alias: 'gpt-4.1', pinned: 'gpt-4.1-2025-04-14' },
  { provider: 'openai', alias: 'gpt-4.1-mini', pinned: 'gpt-4.1-mini-2025-04-14' },
  { provider: 'openai', alias: 'gpt-4.1-nano', pinned: 'gpt-4.1-nano-2025-04-14' },
  { provider: 'openai', alias: 'o1', pinned: 'o1-2024-12-17' },
  { provider: 'openai', alias: 'o1-mini', pinned: 'o1-mini-2024-09-12' },
  { provider: 'openai', alias: 'o3', pinned: 'o3-2025-04-16' },
  { provider: 'openai', alias: 'o3-mini', pinned: 'o3-mini-2025-01-31' },
  { provider: 'openai', alias: 'o4-mini', pinned: 'o4-mini-2025-04-16' },
  { provider: 'openai', alias: 'gpt-5', pinned: 'gpt-5-2025-08-07' },
  { provider: 'openai', alias: 'gpt-5-mini', pinned: 'gpt-5-mini-2025-08-07' },
  { provider: 'openai', alias: 'gpt-5-nano', pinned: 'gpt-5-nano-2025-08-07' },
  { provider: 'google', alias: 'gemini-1.5-pro', pinned: 'gemini-1.5-pro-002' },
  { provider: 'google', alias: 'gemini-1.5-flash', pinned: 'gemini-1.5-flash-002' },
  { provider: 'google', alias: 'gemini-2.0-flash', pinned: 'gemini-2.0-flash-001' },
  { provider: 'google', alias: 'gemini-2.0-flash-lite', pinned: 'gemini-2.0-flash-lite-001' },
];
