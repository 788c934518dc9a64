// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseGitAiNote } from '../src/capture/git-ai.js';
import { modelsDevId } from '../src/read/agent-trace.js';
import { initRepo } from './helpers/attested.js';
import { makeSandbox } from './helpers/repo.js';

const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'agent-trace', 'trace-record.schema.json'), 'utf8')) as Record<
  string,
  unknown
>;

function validator() {
  // The published schema's version pattern contradicts the spec's own examples ("0.1.0"): check
  // the version against the spec text's X.Y.Z, everything else against the schema as published.
  const properties = {
    ...(SCHEMA.properties as Record<string, unknown>),
    version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
  };
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile({ ...SCHEMA, properties });
}

const GIT_AI_NOTE =
  `src/app.ts
  s_c9883b05a2487d::t_9f8e7d6c5b4a32 1-3,6
  h_31dce776f88375 4-5
"docs/read me.md"
  8c1f0e2d3b4a5968 1-2
---
{"schema_version":"authorship/3.0.0","base_commit_sha":"0000000000000000000000000000000000000000",
 "prompts":{"8c1f0e2d3b4a5968":{"agent_id":{"tool":"cursor","id":"conv-9","model":"gpt-5-2025-08-07"},` +
  `"human_author":"Dev <d@x>","accepted_lines":2,"overriden_lines":0}},
 "humans":{"h_31dce776f88375":{"author":"Dev <d@x>"}},
 "sessions":{"s_c9883b05a2487d":{"agent_id":{"tool":"claude","id":"conv_abc","model":"claude-sonnet-4-5-20250514"},"human_author":"d@x"}}}
`;

describe('git-ai notes as a capture source', () => {
  it('reads sessions, prompts and humans per line range', () => {
    const note = parseGitAiNote(GIT_AI_NOTE)!;
    expect(note.schema).toBe('authorship/3.0.0');
    expect(note.attributions).toEqual([
      {
        path: 'src/app.ts',
        key: 's_c9883b05a2487d::t_9f8e7d6c5b4a32',
        kind: 'ai',
        tool: 'claude',
        model: 'claude-sonnet-4-5-20250514',
        conversation: 'conv_abc',
        ranges: [
          [1, 3],
          [6, 6],
        ],
      },
      { path: 'src/app.ts', key: 'h_31dce776f88375', kind: 'human', human: 'Dev <d@x>', ranges: [[4, 5]] },
      {
        path: 'docs/read me.md',
        key: '8c1f0e2d3b4a5968',
        kind: 'ai',
        tool: 'cursor',
        model: 'gpt-5-2025-08-07',
        conversation: 'conv-9',
        ranges: [[1, 2]],
      },
    ]);
    expect(parseGitAiNote('not a note')).toBeNull();
    expect(parseGitAiNote('a.ts\n  k 1-2\n---\n{"schema_version":"authorship/9.0.0"}')).toBeNull();
  });

  it('models.dev ids', () => {
    expect(modelsDevId('claude-sonnet-4-5-20250929')).toBe('anthropic/claude-sonnet-4-5-20250929');
    expect(modelsDevId('gpt-5.1-codex-2025-11-13')).toBe('openai/gpt-5.1-codex-2025-11-13');
    expect(modelsDevId('gemini-2.5-pro')).toBe('google/gemini-2.5-pro');
    expect(modelsDevId('openrouter/x')).toBe('openrouter/x');
  });
});

describe('ai-attest export --format agent-trace', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  it('writes valid Agent Trace records from captured events (ranges at the commit) and from git-ai notes', () => {
    const repo = initRepo(sandbox);
    const validate = validator();
    // A captured commit: the agent writes four lines, the human puts one line above them and edits one.
    repo.write('src/app.ts', 'one();\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Base'], { env: { AI_ATTEST_TOOLS: 'none' } });
    const event = {
      tool: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
      session: 'sess-1',
      requests: ['req_1'],
      file: 'src/app.ts',
      content: 'alpha();\nbeta();\ngamma();\ndelta();\n',
    };
    repo.write('src/app.ts', 'one();\nalpha();\nbeta();\ngamma();\ndelta();\n');
    expect(repo.cli(['record', '--event', '-'], { input: JSON.stringify(event) }).status).toBe(0);
    repo.write('src/app.ts', '// header\none();\nalpha();\nbeta();\nGAMMA();\ndelta();\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Agent work'], { env: { AI_ATTEST_NO_PROMPT: '1' } });
    const captured = repo.git(['rev-parse', 'HEAD']).trim();
    // A commit attributed by git-ai only.
    repo.write('src/app.ts', 'x1\nx2\nx3\nx4\nx5\nx6\n');
    repo.write('docs/read me.md', 'a\nb\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'git-ai work'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['notes', '--ref=ai', 'add', '-m', GIT_AI_NOTE.trimEnd(), 'HEAD']);
    const gitAi = repo.git(['rev-parse', 'HEAD']).trim();

    const r = repo.cli(['export', 'HEAD~3..HEAD', '--format', 'agent-trace']);
    expect(r.status, r.stderr).toBe(0);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(2);
    for (const record of records) expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    const byRevision = new Map(records.map((rec: { vcs: { revision: string } }) => [rec.vcs.revision, rec]));
    expect(byRevision.get(captured)).toMatchObject({
      version: '0.1.0',
      tool: { name: 'ai-attest' },
      files: [
        {
          path: 'src/app.ts',
          conversations: [
            {
              contributor: { type: 'ai', model_id: 'anthropic/claude-sonnet-4-5-20250929' },
              ranges: [
                { start_line: 3, end_line: 4 },
                { start_line: 6, end_line: 6 },
              ],
            },
          ],
        },
      ],
    });
    expect(byRevision.get(gitAi)).toMatchObject({
      files: [
        { path: 'docs/read me.md', conversations: [{ contributor: { type: 'ai', model_id: 'openai/gpt-5-2025-08-07' } }] },
        {
          path: 'src/app.ts',
          conversations: [
            {
              ranges: [
                { start_line: 1, end_line: 3 },
                { start_line: 6, end_line: 6 },
              ],
            },
            { contributor: { type: 'human' } },
          ],
        },
      ],
      metadata: { 'dev.ai-attest': { sources: ['git-ai'] } },
    });
    // The unchanged schema rejects nothing else: a broken record is caught.
    expect(validate({ ...records[0], files: [{ path: 'x' }] })).toBe(false);
  });
});
