import { homedir } from 'node:os';
import { join } from 'node:path';

export type Scope = 'project' | 'user';

/** One hook entry to add: the array it goes into (a path of keys from the root) and the entry. */
export interface HookEntry {
  path: string[];
  value: Record<string, unknown>;
}

/** Where and how an agent reads its hooks. */
export interface AgentTarget {
  id: string;
  /** The settings file for a scope, or null when the agent has no such scope. */
  file(scope: Scope, where: { top: string; env: NodeJS.ProcessEnv }): string | null;
  /** The root of a settings file that does not exist yet. */
  empty: Record<string, unknown>;
  entries(command: string): HookEntry[];
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** Claude Code and Codex share a shape: event -> [{matcher?, hooks: [{type, command, timeout}]}]. */
const claudeShape = (event: string, command: string, matcher?: string): HookEntry => ({
  path: ['hooks', event],
  value: { ...(matcher ? { matcher } : {}), hooks: [{ type: 'command', command, timeout: 10 }] },
});

export const TARGETS: readonly AgentTarget[] = [
  {
    id: 'claude-code',
    file: (scope, { top, env }) =>
      scope === 'project' ? join(top, '.claude', 'settings.json') : join(home(env), '.claude', 'settings.json'),
    empty: {},
    entries: (command) => [
      claudeShape('PostToolUse', command, 'Edit|Write|MultiEdit'),
      claudeShape('UserPromptSubmit', command),
      claudeShape('Stop', command),
      claudeShape('SessionStart', command),
    ],
  },
  {
    id: 'cursor',
    file: (scope, { top, env }) => (scope === 'project' ? join(top, '.cursor', 'hooks.json') : join(home(env), '.cursor', 'hooks.json')),
    empty: { version: 1, hooks: {} },
    entries: (command) =>
      ['afterFileEdit', 'beforeSubmitPrompt', 'stop'].map((event) => ({ path: ['hooks', event], value: { command, timeout: 10 } })),
  },
  {
    id: 'codex',
    file: (scope, { top, env }) =>
      scope === 'project' ? join(top, '.codex', 'hooks.json') : join(env.CODEX_HOME || join(home(env), '.codex'), 'hooks.json'),
    empty: {},
    entries: (command) => [
      claudeShape('PostToolUse', command, 'apply_patch'),
      claudeShape('UserPromptSubmit', command),
      claudeShape('Stop', command),
    ],
  },
  {
    id: 'copilot',
    // Copilot CLI loads `.github/hooks/*.json` from the repository: a file of our own.
    file: (scope, { top }) => (scope === 'project' ? join(top, '.github', 'hooks', 'ai-attest.json') : null),
    empty: { version: 1, hooks: {} },
    entries: (command) =>
      ['postToolUse', 'userPromptSubmitted', 'agentStop'].map((event) => ({
        path: ['hooks', event],
        value: { type: 'command', bash: command, timeoutSec: 10 },
      })),
  },
  {
    id: 'gemini',
    file: (scope, { top, env }) =>
      scope === 'project' ? join(top, '.gemini', 'settings.json') : join(home(env), '.gemini', 'settings.json'),
    empty: {},
    entries: (command) => [
      // Gemini CLI takes timeouts in milliseconds.
      { path: ['hooks', 'AfterTool'], value: { matcher: 'write_file|replace', hooks: [{ type: 'command', command, timeout: 10000 }] } },
      { path: ['hooks', 'BeforeAgent'], value: { hooks: [{ type: 'command', command, timeout: 10000 }] } },
      { path: ['hooks', 'AfterAgent'], value: { hooks: [{ type: 'command', command, timeout: 10000 }] } },
    ],
  },
];

export function targetFor(id: string): AgentTarget | undefined {
  return TARGETS.find((t) => t.id === id);
}

/** The command the agent runs; the marker that finds our entries again is `record --agent ID`. */
export function recordCommand(id: string, base = 'ai-attest'): string {
  return `${base} record --agent ${id}`;
}

export function isOurs(value: unknown, id: string): boolean {
  return JSON.stringify(value ?? null).includes(`record --agent ${id}`);
}
