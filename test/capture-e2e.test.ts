// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DsseEnvelope } from '../src/core/model.js';
import { notePredicate } from '../src/core/note.js';
import { CLAUDE, initRepo, noteOf, trailer } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'agents', 'claude-code-2.0');

function statementOf(repo: Repo): { predicate: { source: string; share: number; tools: unknown[]; extensions: Record<string, unknown> } } {
  const line = noteOf(repo)
    .split('\n')
    .find((l) => l.startsWith('{'))!;
  // Format v2: the signed statement plus its note part (where extensions live).
  return { predicate: notePredicate(JSON.parse(line) as DsseEnvelope) as unknown as ReturnType<typeof statementOf>['predicate'] };
}

describe('a Claude Code session through record to a signed commit', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  it('takes the model and request ids from a transcript that lagged the hooks, and says nobody confirmed them', () => {
    const repo = initRepo(sandbox);
    const transcript = join(sandbox.root, 'transcript.jsonl');
    const fixture = (name: string) =>
      readFileSync(join(FIXTURES, name), 'utf8').replaceAll('@ROOT@', repo.dir).replaceAll('@TRANSCRIPT@', transcript);
    const original =
      "import { http } from './http';\n\nexport async function fetchUser(id: string) {\n  return http.get(`/users/${id}`);\n}\n";
    repo.write('src/user.ts', original);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'User module'], { env: { AI_ATTEST_TOOLS: 'none' } });

    // The transcript holds only the user's prompt while the tools run: it lags the hooks.
    const lines = fixture('transcript.jsonl').split('\n').filter(Boolean);
    writeFileSync(transcript, `${lines[0]}\n`);
    const record = (name: string) => {
      const r = repo.cli(['record', '--agent', 'claude-code'], { input: fixture(name) });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
    };
    record('user-prompt-submit.json');
    repo.write('src/net.ts', JSON.parse(fixture('post-tool-use-write.json')).tool_input.content);
    record('post-tool-use-write.json');
    repo.write(
      'src/user.ts',
      original.replace(
        '  return http.get(`/users/${id}`);\n',
        '  const user = await retry(() => http.get(`/users/${id}`));\n  if (!user) throw new Error(`no user ${id}`);\n  return user;\n',
      ),
    );
    record('post-tool-use-edit.json');
    const buffered = readFileSync(join(repo.dir, '.git', 'ai-attest', 'events.jsonl'), 'utf8');
    expect(buffered).toContain('"model":"pending"');

    // The human reworks one line of the helper and adds a comment; the transcript catches up, then Stop.
    repo.write(
      'src/net.ts',
      `// Retries transient failures.\n` +
        `${JSON.parse(fixture('post-tool-use-write.json')).tool_input.content.replace('times = 3', 'times = 5')}`,
    );
    appendFileSync(transcript, `${lines.slice(1).join('\n')}\n`);
    record('stop.json');

    repo.git(['add', '-A']);
    const commit = repo.gitRaw(['commit', '-q', '-m', 'Retry fetchUser'], { env: { AI_ATTEST_NO_PROMPT: '1' } });
    expect(commit.status, commit.stderr).toBe(0);
    expect(trailer(repo, 'Assisted-by')).toEqual([CLAUDE]);
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 used share=87 src=events via=cli-agent']);

    const { predicate } = statementOf(repo);
    expect(predicate.tools).toEqual([{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' }]);
    // 14 AI lines (11 helper, 3 in fetchUser), one of them reworked; 15 added lines in all (the comment is human).
    expect(predicate.share).toBe(Math.round((100 * 13) / 15));
    const [entry] = predicate.extensions['ai-attest.capture'] as Array<Record<string, unknown>>;
    expect(entry).toMatchObject({
      tool: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
      rawLines: 14,
      keptLines: 13,
      modifiedLines: 1,
      droppedLines: 0,
    });
    expect(entry!.requestIds).toEqual(
      expect.arrayContaining(['req_011CTy7bM2nQ4rS6tU8vW1xY', 'req_011CTy7cP5qR7sT9uV1wX3yZ', 'req_011CTy7dQ6rS8tU0vW2xY4zA']),
    );
    expect(entry!.responseIds).toEqual(expect.arrayContaining(['msg_01VxQ8mN3kT7aB2cD4eF6gH8', 'msg_01Kp4Rs6Tu8Vw0Xy2Za4Bc6D']));
    expect(predicate.extensions['ai-attest.provenance']).toMatchObject({ source: 'capture', confirmed: false });

    // The events went into the commit: archived under its tree, not deleted.
    expect(existsSync(join(repo.dir, '.git', 'ai-attest', 'events.jsonl'))).toBe(false);
    const tree = repo.git(['rev-parse', 'HEAD^{tree}']).trim();
    const archive = readFileSync(join(repo.dir, '.git', 'ai-attest', 'capture-archive', `${tree}.jsonl`), 'utf8');
    expect(archive.split('\n').filter(Boolean)).toHaveLength(5);
    expect(readdirSync(join(repo.dir, '.git', 'ai-attest', 'capture-archive'))).toEqual([`${tree}.jsonl`]);

    const verify = repo.cli(['verify', 'HEAD~1..HEAD']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    // The report's "model output changed by humans" and "accepted unchanged" sections fill from it.
    const report = repo.cli(['report', 'HEAD~1..HEAD', '--format', 'json']);
    expect(report.status, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).totals.capture).toMatchObject({
      commits: 1,
      models: [{ model: 'claude-sonnet-4-5-20250929', commits: 1, rawLines: 14, keptLines: 13 }],
      authors: [{ email: 'dev@example.com', captured: 1, unchanged: 0 }],
    });
  });
});
