// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { agentStatus, installAgent, uninstallAgent, type AgentsContext } from '../src/agents/install.js';
import { TARGETS, targetFor } from '../src/agents/targets.js';
import { makeRepo, makeSandbox } from './helpers/repo.js';

/** Settings as people keep them: other hooks, their own layout (tabs, compact arrays, no final newline). */
const EXISTING: Record<string, { path: string; text: string }> = {
  'claude-code': {
    path: '.claude/settings.json',
    text:
      '{\n\t"permissions": { "allow": ["Bash(npm test)"] },\n\t"hooks": {\n\t\t"PostToolUse": [\n\t\t\t{\n' +
      '\t\t\t\t"matcher": "Edit|Write",\n\t\t\t\t"hooks": [{ "type": "command", "command": "npx prettier --write \\"$CLAUDE_FILE\\""' +
      ' }]\n\t\t\t}\n\t\t]\n\t},\n\t"model": "opus"\n}',
  },
  cursor: {
    path: '.cursor/hooks.json',
    text: '{\n  "version": 1,\n  "hooks": {\n    "afterFileEdit": [{ "command": "./hooks/format.sh" }]\n  }\n}\n',
  },
  codex: { path: '.codex/hooks.json', text: '{\n    "hooks": {}\n}\n' },
  copilot: { path: '.github/hooks/ai-attest.json', text: '' },
  gemini: {
    path: '.gemini/settings.json',
    text:
      '// Gemini CLI allows comments\n{\n  "theme": "GitHub",\n  "hooks": {\n    "BeforeTool": [\n' +
      '      { "matcher": "run_shell_command", "hooks": [{ "type": "command", "command": "./guard.sh" }] }\n    ]\n  }\n}\n',
  },
};

describe('agents install / uninstall', () => {
  const root = mkdtempSync(join(tmpdir(), 'ai-attest-agents-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const setup = (): AgentsContext => {
    const top = join(root, `p${n++}`);
    mkdirSync(top, { recursive: true });
    return { top, env: { HOME: join(top, 'home') }, stateDir: join(top, '.git', 'ai-attest') };
  };

  for (const target of TARGETS) {
    it(`${target.id}: merges into existing settings, keeps every byte, and uninstall gives them back exactly`, () => {
      const ctx = setup();
      const existing = EXISTING[target.id]!;
      const file = join(ctx.top, existing.path);
      if (existing.text) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, existing.text);
      }
      expect(installAgent(target, 'project', ctx)).toMatchObject({ action: 'installed', file });
      const installed = readFileSync(file, 'utf8');
      // Only insertions: the old text is a subsequence of the new.
      expect(isSubsequence(existing.text, installed)).toBe(true);
      const commands = [...installed.matchAll(/record --agent ([a-z-]+)/g)].map((m) => m[1]);
      expect(commands.length).toBe(target.entries('x').length);
      expect(new Set(commands)).toEqual(new Set([target.id]));
      expect(agentStatus(target, ctx).project?.wired).toBe(true);
      expect(installAgent(target, 'project', ctx).action).toBe('already');
      expect(uninstallAgent(target, 'project', ctx).action).toBe('restored');
      if (existing.text) expect(readFileSync(file, 'utf8')).toBe(existing.text);
      else expect(existsSync(dirname(file))).toBe(false);
    });
  }

  it('Claude Code: the entries are the ones Claude Code reads', () => {
    const ctx = setup();
    installAgent(targetFor('claude-code')!, 'project', ctx);
    const settings = JSON.parse(readFileSync(join(ctx.top, '.claude/settings.json'), 'utf8'));
    expect(settings).toEqual({
      hooks: {
        PostToolUse: [
          { matcher: 'Edit|Write|MultiEdit', hooks: [{ type: 'command', command: 'ai-attest record --agent claude-code', timeout: 10 }] },
        ],
        UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'ai-attest record --agent claude-code', timeout: 10 }] }],
        Stop: [{ hooks: [{ type: 'command', command: 'ai-attest record --agent claude-code', timeout: 10 }] }],
        SessionStart: [{ hooks: [{ type: 'command', command: 'ai-attest record --agent claude-code', timeout: 10 }] }],
      },
    });
  });

  it('a file edited after install loses only our entries; the edit and everything else stay', () => {
    const ctx = setup();
    const target = targetFor('claude-code')!;
    const file = join(ctx.top, '.claude/settings.json');
    const original = EXISTING['claude-code']!.text;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, original);
    installAgent(target, 'project', ctx);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"model": "opus"', '"model": "sonnet"'));
    expect(uninstallAgent(target, 'project', ctx).action).toBe('removed');
    expect(readFileSync(file, 'utf8')).toBe(original.replace('"model": "opus"', '"model": "sonnet"'));
  });

  it('user scope writes to the home directory; Copilot has none; invalid JSON is left alone', () => {
    const ctx = setup();
    const claude = targetFor('claude-code')!;
    expect(installAgent(claude, 'user', ctx).file).toBe(join(ctx.top, 'home', '.claude', 'settings.json'));
    expect(agentStatus(claude, ctx)).toMatchObject({ project: { wired: false }, user: { wired: true } });
    expect(() => installAgent(targetFor('copilot')!, 'user', ctx)).toThrow(/no user settings/);
    const cursorFile = join(ctx.top, '.cursor/hooks.json');
    mkdirSync(dirname(cursorFile), { recursive: true });
    writeFileSync(cursorFile, '{ "version": 1, ');
    expect(() => installAgent(targetFor('cursor')!, 'project', ctx)).toThrow(/not valid JSON.*Nothing was changed/);
    expect(readFileSync(cursorFile, 'utf8')).toBe('{ "version": 1, ');
  });
});

function isSubsequence(small: string, big: string): boolean {
  let at = 0;
  for (const ch of small) {
    at = big.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

describe('ai-attest agents (command line)', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  it('installs, lists and uninstalls in a repository', () => {
    const repo = makeRepo(sandbox);
    const install = repo.cli(['agents', 'install', 'claude-code']);
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/claude-code\s+project\s+\.claude\/settings\.json: hooks added/);
    const list = repo.cli(['agents', 'list', '--json']);
    const agents = JSON.parse(list.stdout).agents as Array<{ agent: string; project: { wired: boolean }; facts: Record<string, string> }>;
    expect(agents.map((a) => [a.agent, a.project.wired])).toEqual([
      ['claude-code', true],
      ['cursor', false],
      ['codex', false],
      ['copilot', false],
      ['gemini', false],
    ]);
    expect(Object.keys(agents[0]!.facts)).toEqual(['model', 'prompt', 'edits', 'ranges', 'requestIds']);
    expect(repo.cli(['agents', 'uninstall', 'claude-code']).stdout).toMatch(/restored/);
    expect(existsSync(join(repo.dir, '.claude'))).toBe(false);
    const bad = repo.cli(['agents', 'install', 'vim']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown agent "vim"; known: claude-code, cursor/);
  });
});
