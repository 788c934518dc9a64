// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import type { DsseEnvelope } from '../src/core/model.js';
import { notePredicate } from '../src/core/note.js';
import { initRepo, noteOf } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';

const MODEL = 'claude-sonnet-4-5-20250929';

interface Predicate {
  ai: string;
  tools: Array<{ tool: string; model: string }>;
  share: number;
  extensions: Record<string, unknown>;
}

function predicateOf(repo: Repo): Predicate {
  const line = noteOf(repo)
    .split('\n')
    .find((l) => l.startsWith('{'))!;
  return notePredicate(JSON.parse(line) as DsseEnvelope) as unknown as Predicate;
}

/** A git-ai authorship/3.0.0 note: lines 3-6 of src/a.ts by a Claude Code session, line 1 by a human. */
function gitAiNote(): string {
  return [
    'src/a.ts',
    '  s_c9883b05a2487d::t_9f8e7d6c5b4a32 3-6',
    '  h_31dce776f88375 1',
    '---',
    JSON.stringify({
      schema_version: 'authorship/3.0.0',
      base_commit_sha: '0'.repeat(40),
      prompts: {},
      humans: { h_31dce776f88375: { author: 'Dev <dev@example.com>' } },
      sessions: { s_c9883b05a2487d: { agent_id: { tool: 'claude', id: 'conv_abc', model: MODEL }, human_author: 'dev@example.com' } },
    }),
  ].join('\n');
}

const file = (extra = '') => `// header by hand\n\nexport function one() {\n  return 1;\n}\nexport const two = 2;\n${extra}`;

/**
 * git-ai writes its note after a commit, so the notes that can pre-fill a commit are those of the
 * commit it re-commits: an amend reads HEAD's note (only when refs/notes/ai exists).
 */
describe('git-ai notes as a capture source at commit time', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  it('an amend of a commit git-ai attributed: its agent and model pre-fill the answers, labelled git-ai', () => {
    const repo = initRepo(sandbox, 'unattested');
    repo.write('src/a.ts', file());
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'feature']);
    repo.git(['notes', '--ref=ai', 'add', '-m', gitAiNote(), 'HEAD']);
    repo.write('src/a.ts', file('export const three = 3;\n'));
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--amend', '--no-edit'], { env: { AI_ATTEST_NO_PROMPT: '1' } });
    const p = predicateOf(repo);
    expect(p.ai).toBe('used');
    expect(p.tools).toEqual([expect.objectContaining({ tool: 'claude-code', model: MODEL })]);
    // 4 of the 6 non-blank added lines are the ones git-ai attributed to the agent.
    expect(p.share).toBe(67);
    expect(p.extensions['ai-attest.capture']).toEqual([
      expect.objectContaining({ tool: 'claude-code', model: MODEL, source: 'git-ai', rawLines: 4, keptLines: 4, sessions: ['conv_abc'] }),
    ]);
    expect(p.extensions['ai-attest.provenance']).toMatchObject({ source: 'capture', confirmed: false });
  });

  it('answers a human signed for the amended commit stay; the git-ai data is recorded beside them', () => {
    const repo = initRepo(sandbox, 'attested');
    repo.write('src/a.ts', file());
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'feature'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['notes', '--ref=ai', 'add', '-m', gitAiNote(), 'HEAD']);
    repo.git(['commit', '-q', '--amend', '-m', 'feature, reworded'], { env: { AI_ATTEST_NO_PROMPT: '1' } });
    const p = predicateOf(repo);
    expect(p.ai).toBe('none');
    expect(p.extensions['ai-attest.capture']).toEqual([expect.objectContaining({ source: 'git-ai', model: MODEL, keptLines: 4 })]);
    expect(p.extensions['ai-attest.provenance']).toMatchObject({ answers: { tools: 'self-reported' } });
  });

  it('the report counts git-ai lines by tool and model beside the attested figures, labelled as such', () => {
    const repo = initRepo(sandbox, 'report');
    repo.write('src/a.ts', file());
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'feature'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['notes', '--ref=ai', 'add', '-m', gitAiNote(), 'HEAD']);
    repo.write('src/b.ts', 'b();\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'more'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['notes', '--ref=ai', 'add', '-m', 'not a git-ai note', 'HEAD']);
    const json = repo.cli(['report', 'HEAD', '--format', 'json']);
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { totals: { gitAi?: unknown; commits: { byState: { used: number } } } };
    expect(report.totals.gitAi).toEqual({
      source: 'refs/notes/ai',
      commits: 2,
      unreadable: 1,
      aiLines: 4,
      humanLines: 1,
      byTool: [{ tool: 'claude-code', model: MODEL, commits: 1, lines: 4 }],
    });
    expect(report.totals.commits.byState.used).toBe(0); // the attested figures are the attestations'
    const text = repo.cli(['report', 'HEAD']);
    expect(text.stdout).toContain('from git-ai notes (not attested)');
    expect(text.stdout).toMatch(/claude-code\s+claude-sonnet-4-5-20250929\s+1\s+4/);
  });

  it('a report of a repository without refs/notes/ai has no git-ai part', () => {
    const repo = initRepo(sandbox, 'plain');
    repo.write('a.ts', 'a();\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'plain'], { env: { AI_ATTEST_TOOLS: 'none' } });
    const report = JSON.parse(repo.cli(['report', 'HEAD', '--format', 'json']).stdout) as { totals: Record<string, unknown> };
    expect(report.totals).not.toHaveProperty('gitAi');
  });
});
