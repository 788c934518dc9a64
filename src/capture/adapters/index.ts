import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import { gemini } from './gemini.js';
import type { AgentAdapter } from './types.js';

export const ADAPTERS: readonly AgentAdapter[] = [claudeCode, cursor, codex, copilot, gemini];

export function adapterFor(id: string): AgentAdapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}
