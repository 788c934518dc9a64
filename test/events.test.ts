// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE, initRepo, trailer } from './helpers/attested.js';
import { makeSandbox } from './helpers/repo.js';

describe('ai-attest record with the flags of earlier versions', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  it('pre-fills a commit made without a terminal, then the events are consumed', () => {
    const repo = initRepo(sandbox);
    repo.write('src/gen.ts', 'export const g = 1;\n');
    repo.write('src/manual.ts', 'export const m = 1;\n');
    const payload = JSON.stringify({ session_id: 's-1', tool_name: 'Write', tool_input: { file_path: join(repo.dir, 'src/gen.ts') } });
    const rec = repo.cli(['record', '--tool', 'claude-code', '--model', 'claude-sonnet-4-5-20250929', '--stdin-json', '--json'], {
      input: payload,
    });
    expect(rec.status, rec.stderr).toBe(0);
    expect(JSON.parse(rec.stdout)).toMatchObject({
      schema: 'ai-attest/event@2',
      file: 'src/gen.ts',
      session: 's-1',
      via: 'cli-agent',
      tool: 'claude-code',
    });
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Agent work']);
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 used share=50 src=events via=cli-agent']);
    expect(trailer(repo, 'Assisted-by')).toEqual([CLAUDE]);
    expect(existsSync(join(repo.dir, '.git', 'ai-attest', 'events.jsonl'))).toBe(false);

    const bad = repo.cli(['record', '--tool', 'copilot', '--model', 'gpt-4']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a version|family|floating openai alias/);
  });
});
