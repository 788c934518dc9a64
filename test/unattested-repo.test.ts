// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * A repository ai-attest never touched (no init, no keys, no config, no notes) whose history
 * discloses AI the way large projects do. Every read command must take it as valid input: say
 * "unknown"/"unattested" where nothing was attested, never a failure, a missing key or a crash.
 */
describe('a repository never initialised, read by every read command', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = makeRepo(makeSandbox());
    repo.git(['config', 'user.name', 'Ada Lovelace']);
    repo.git(['config', 'user.email', 'ada@example.com']);
    const messages = [
      'feat: parser',
      'fix: tokenizer\n\nAssisted-by: Claude Opus 4.6',
      'refactor: lexer\n\nCo-authored-by: Claude <noreply@anthropic.com>',
      'docs: readme',
    ];
    messages.forEach((message, i) => {
      repo.write('src/app.ts', Array.from({ length: 20 + i }, (_, k) => `line ${k}`).join('\n'));
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', message]);
    });
  });
  afterAll(() => repo.sandbox.cleanup());

  const failureWords = /no trusted public key|Verification failures [1-9]|\bFAIL\b|unexpected error|Unhandled|at .*\.js:\d+/;

  // [command, exit code]: 0 everywhere a read finds nothing wrong; doctor's 1 means "problems to fix"
  // (the hooks are not installed), which is what it should say here.
  const commands: Array<[string[], number]> = [
    [['verify'], 0],
    [['verify', '--json'], 0],
    [['verify', '--format', 'github'], 0],
    [['report', 'HEAD~3..HEAD'], 0],
    [['report', '--json', 'HEAD~3..HEAD'], 0],
    [['report', '--format', 'markdown', 'HEAD~3..HEAD'], 0],
    [['report', '--format', 'csv', 'HEAD~3..HEAD'], 0],
    [['report', '--format', 'html', 'HEAD~3..HEAD'], 0],
    [['trace', '-L', '1,5', 'src/app.ts'], 0],
    [['trace', '--json', '-L', '1,5', 'src/app.ts'], 0],
    [['show', 'HEAD~1'], 0],
    [['show', '--json', 'HEAD~1'], 0],
    [['export', 'HEAD~3..HEAD'], 0],
    [['export', '--format', 'agent-trace', 'HEAD~3..HEAD'], 0],
    [['detect', 'HEAD~3..HEAD'], 0],
    [['detect', '--format', 'sarif', 'HEAD~3..HEAD'], 0],
    [['access-log'], 0],
    [['keys', 'list'], 0],
    [['status'], 0],
    [['doctor', '--offline'], 1],
  ];

  it.each(commands.map(([args, code]) => [args.join(' '), args, code] as const))('%s', (_name, args, code) => {
    const result = repo.cli(args);
    expect(result.status, result.stderr).toBe(code);
    expect(result.stdout + result.stderr).not.toMatch(failureWords);
  });

  it('verify says the commits are unattested and why, with the one fix', () => {
    const result = repo.cli(['verify']);
    expect(result.stdout).toMatch(/unattested \(4 commits\)/);
    expect(result.stdout).toMatch(/not set up here/);
    expect(result.stdout).toMatch(/to start attesting, run `ai-attest init`/);
    const json = JSON.parse(repo.cli(['verify', '--json']).stdout) as { commits: Array<{ status: string }> };
    expect(json.commits.map((c) => c.status)).toEqual(['warn', 'warn', 'warn', 'warn']);
  });

  it("report and detect count the history's own AI disclosures, labelled as such", () => {
    const report = repo.cli(['report', 'HEAD~3..HEAD']).stdout;
    expect(report).toMatch(/disclos/i);
    expect(report).not.toMatch(/\b0\.0% AI\b/);
    const detect = repo.cli(['detect', 'HEAD~3..HEAD']).stdout;
    expect(detect).toMatch(/2 with AI signals/);
  });
});
