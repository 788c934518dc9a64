// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/defaults.js';
import { runFlow } from '../src/prompt/flow.js';
import { OTHER } from '../src/prompt/choices.js';
import type { Ui } from '../src/prompt/ui.js';
import { initRepo } from './helpers/attested.js';
import { makeSandbox } from './helpers/repo.js';

const sandbox = makeSandbox('ai-attest-tools-');
afterAll(() => sandbox.cleanup());

interface ToolsJson {
  tools: Array<{
    id: string;
    approved: boolean;
    coverage: string;
    approval: { by: string; at: string; coverage: string } | null;
    models: string[];
  }>;
}

describe('ai-attest tools: onboarding a new tool', () => {
  const repo = initRepo(sandbox, 'tools');
  const add = repo.cli(['tools', 'add', 'my-agent', '--name', 'My Agent', '--via', 'cli-agent', '--model', 'my-agent-model-2026-03-01']);
  repo.write('feature.ts', 'x\n');
  repo.git(['add', 'feature.ts']);
  repo.git(['commit', '-q', '-m', 'With the new agent'], {
    env: { AI_ATTEST_TOOLS: 'my-agent:my-agent-model-2026-03-01', AI_ATTEST_PROPORTION: '30' },
  });
  const before = repo.cli(['verify', '--json', 'HEAD~1..HEAD']);

  it('adds it unapproved, and verify names `ai-attest tools approve` as the fix', () => {
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain('ai-attest tools approve my-agent');
    const listed = JSON.parse(repo.cli(['tools', 'list', '--json']).stdout) as ToolsJson;
    expect(listed.tools.find((t) => t.id === 'my-agent')).toMatchObject({
      approved: false,
      coverage: 'attestation-only',
      approval: null,
      models: ['my-agent-model-2026-03-01'],
    });
    expect(before.status).toBe(1);
    expect(before.stdout).toContain('ai-attest tools approve TOOL');
  });

  it('approve records who approved it, when, and its trail coverage; verify then passes', () => {
    const approve = repo.cli(['tools', 'approve', 'my-agent', '--json']);
    expect(approve.status, approve.stderr).toBe(0);
    const tool = (JSON.parse(approve.stdout) as ToolsJson).tools[0]!;
    expect(tool.approval).toMatchObject({ by: 'Test Dev <dev@example.com>', coverage: 'attestation-only' });
    expect(tool.approval!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const claude = (JSON.parse(repo.cli(['tools', 'approve', 'claude-code', '--json']).stdout) as ToolsJson).tools[0]!;
    expect(claude.approval?.coverage).toBe('capture');
    repo.git(['add', '.ai-attest']);
    repo.git(['commit', '-q', '-m', 'Approve my-agent']);
    // An approval counts once it is in the trusted revision (here: that commit itself).
    expect(repo.cli(['verify', 'HEAD~2..HEAD', '--trust', 'HEAD']).status).toBe(0);
  });

  it('refuses to approve a tool that is not registered, saying how to add it', () => {
    const done = repo.cli(['tools', 'approve', 'nope']);
    expect(done.status).toBe(2);
    expect(done.stderr).toContain('ai-attest tools add nope');
  });
});

describe('choosing an unapproved tool or "Other tool..." at the prompt', () => {
  it('warns before the commit is made that verify will fail it', async () => {
    const notes: string[] = [];
    const answers: unknown[] = [
      'used',
      ['aider', OTHER],
      'aider-model-2026-01-01',
      'cli-agent',
      'new-bot',
      'new-bot-model-2026-02-02',
      'api',
      40,
    ];
    const ui: Ui = {
      confirm: async () => true,
      select: async () => answers.shift() as never,
      checkbox: async () => answers.shift() as never,
      text: async () => answers.shift() as never,
      note: (message) => notes.push(message),
    };
    await runFlow({ config: defaultConfig(), sensitive: [], kind: 'normal' }, ui);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain('aider is not approved');
    expect(notes[0]).toContain('ai-attest tools approve aider');
    expect(notes[1]).toContain('new-bot is not in the tool registry');
  });
});
