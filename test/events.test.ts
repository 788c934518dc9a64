import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { answersFromEvents, type AgentEvent } from '../src/hook/events.js';
import { CLAUDE, initRepo, trailer } from './helpers/attested.js';
import { makeSandbox } from './helpers/repo.js';

const event = (over: Partial<AgentEvent>): AgentEvent => ({
  time: '2026-11-27T12:00:00.000Z', tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent', files: [], ...over,
});

describe('answers from agent events', () => {
  it('estimate the share from the files the agents wrote', () => {
    const answers = answersFromEvents(
      [event({ files: ['a.ts', 'src/auth/x.ts'] }), event({ tool: 'cursor', model: 'gpt-5-2025-08-07', via: 'ide-plugin', files: ['b.ts'] })],
      ['a.ts', 'b.ts', 'c.ts', 'src/auth/x.ts'],
      [{ path: 'src/auth/x.ts', category: 'security-controls' }],
    );
    expect(answers).toEqual({
      ai: 'used',
      tools: [
        { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' },
        { tool: 'cursor', model: 'gpt-5-2025-08-07', via: 'ide-plugin' },
      ],
      share: 75,
      sensitive: [{ path: 'src/auth/x.ts', category: 'security-controls', ai: ['claude-code'] }],
      source: 'events',
    });
  });

  it("prefer the agent's own estimate, and ignore events whose files are not in the commit", () => {
    expect(answersFromEvents([event({ share: 30, files: ['a.ts'] })], ['a.ts'], [])?.share).toBe(30);
    expect(answersFromEvents([event({ files: ['other.ts'] })], ['a.ts'], [])).toBeNull();
    expect(answersFromEvents([], ['a.ts'], [])).toBeNull();
    expect(answersFromEvents([event({})], ['a.ts'], [])?.share).toBe(100);
  });
});

describe('ai-attest record', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  it('pre-fills a commit made without a terminal, then the events are consumed', () => {
    const repo = initRepo(sandbox);
    repo.write('src/gen.ts', 'export const g = 1;\n');
    repo.write('src/manual.ts', 'export const m = 1;\n');
    const payload = JSON.stringify({ session_id: 's-1', tool_name: 'Write', tool_input: { file_path: join(repo.dir, 'src/gen.ts') } });
    const rec = repo.cli(['record', '--tool', 'claude-code', '--model', 'claude-sonnet-4-5-20250929', '--stdin-json', '--json'], { input: payload });
    expect(rec.status, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout)).toMatchObject({ schema: 'ai-attest/event@1', files: ['src/gen.ts'], session: 's-1', via: 'cli-agent' });
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Agent work']);
    expect(trailer(repo, 'Ai-Attest-Source')).toEqual(['events']);
    expect(trailer(repo, 'Assisted-by')).toEqual([CLAUDE]);
    expect(trailer(repo, 'Ai-Attest-Share')).toEqual(['50']);
    expect(existsSync(join(repo.dir, '.git', 'ai-attest', 'events.jsonl'))).toBe(false);

    const bad = repo.cli(['record', '--tool', 'copilot', '--model', 'gpt-4']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a version|family/);
  });
});
