// @module-tag git
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCommits } from './helpers/fast-import.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/** `count` plain commits: history from before ai-attest. */
function writeHistory(repo: Repo, count: number): void {
  importCommits(
    repo,
    Array.from({ length: count }, (_, k) => ({
      message: `old change ${k + 1}\n`,
      path: `file${(k + 1) % 7}.txt`,
      content: `line ${k + 1}\n`,
      time: 1_700_000_000 + (k + 1) * 60,
    })),
  );
}

describe('adoption into a repository with 50 commits of history', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());
  const remote = makeRepo(sandbox, 'remote.git', false);
  remote.git(['init', '-q', '--bare']);
  const repo = makeRepo(sandbox, 'app');
  writeHistory(repo, 50);
  repo.git(['remote', 'add', 'origin', remote.dir]);
  const head = repo.git(['rev-parse', 'HEAD']).trim();
  const init = repo.cli(['init', '--yes', '--json']);
  const config = JSON.parse(readFileSync(join(repo.dir, '.ai-attest', 'config.json'), 'utf8')) as {
    $schema: string;
    policy: { exempt: { before: string | null } };
  };

  it('init pins the adoption point as the full commit id of HEAD', () => {
    expect(init.status, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ adoption: { head, commits: 50 } });
    expect(config.policy.exempt.before).toBe(head);
  });

  it("the config's $schema is a file editors resolve, holding the shipped schema", () => {
    const schemaPath = join(repo.dir, '.ai-attest', config.$schema);
    expect(existsSync(schemaPath)).toBe(true);
    expect(readFileSync(schemaPath, 'utf8')).toBe(readFileSync(join(__dirname, '..', 'schema', 'config.schema.json'), 'utf8'));
  });

  it('status and doctor do not list the history from before adoption', () => {
    const status = repo.cli(['status', '--json']);
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).pending.commits).toEqual([]);
    const doctor = repo.cli(['doctor', '--offline', '--json']);
    const report = JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string }> };
    expect(report.checks.find((c) => c.id === 'adoption')?.status).toBe('ok');
  });

  it("the README's onboarding commit, made without a terminal, is attested and the first push passes", () => {
    repo.git(['add', '.ai-attest']);
    const commit = repo.gitRaw(['commit', '-m', 'Add ai-attest']);
    expect(commit.status, commit.stderr).toBe(0);
    expect(commit.stderr).toContain('signed: no AI (only ai-attest settings and keys changed)');
    expect(repo.git(['log', '-1', '--format=%B'])).toMatch(/^Ai-Attest: v2 none /m);
    const push = repo.gitRaw(['push', 'origin', 'main']);
    expect(push.stderr).toContain('all pass');
    expect(push.status, push.stderr).toBe(0);
    const verify = repo.cli(['verify', '--json', 'HEAD']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout).summary).toMatchObject({ commits: 51, exempt: 50, ok: 1, fail: 0 });
  });

  it('a later commit touching code besides the settings still needs answers', () => {
    repo.write('.ai-attest/notes.txt', 'x\n');
    repo.write('src/app.ts', 'export {};\n');
    repo.git(['add', '-A']);
    const commit = repo.gitRaw(['commit', '-m', 'Mixed']);
    expect(commit.status, commit.stderr).toBe(0);
    expect(repo.git(['log', '-1', '--format=%B'])).toMatch(/^Ai-Attest: v2 undeclared /m);
  });
});

describe('doctor on a repository adopted before init pinned the adoption point', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());
  const repo = makeRepo(sandbox, 'app');
  writeHistory(repo, 3);
  const before = repo.git(['rev-parse', 'HEAD']).trim();
  repo.cli(['init', '--yes']);
  const path = join(repo.dir, '.ai-attest', 'config.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  config.policy.exempt.before = null;
  repo.write('.ai-attest/config.json', `${JSON.stringify(config, null, 2)}\n`);
  repo.git(['add', '.ai-attest']);
  repo.git(['commit', '-q', '-m', 'Add ai-attest']);

  it('names the missing adoption point with the exact commit id to set', () => {
    const doctor = repo.cli(['doctor', '--offline', '--json']);
    expect(doctor.status).toBe(1);
    const check = (JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; fix?: string }> }).checks.find(
      (c) => c.id === 'adoption',
    );
    expect(check).toMatchObject({ status: 'problem' });
    expect(check?.fix).toContain(`"before": "${before}"`);
  });
});
