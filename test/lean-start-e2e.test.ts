// @module-tag git
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRepo } from './helpers/attested.js';
import { PROJECT_ROOT, makeSandbox, type Repo } from './helpers/repo.js';

// `ai-attest verify` runs from the code-cached lean bundle (dist/cli-lean.cjs): it must say and
// exit exactly what the full CLI (dist/cli.js) says for the same arguments, and hand over to
// it what it does not read itself.
const sandbox = makeSandbox('ai-attest-lean-');
afterAll(() => sandbox.cleanup());

describe('the lean start of verify', () => {
  let repo: Repo;
  const full = (args: string[]) =>
    spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli.js'), ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });

  beforeAll(() => {
    repo = initRepo(sandbox);
    repo.write('a.ts', 'a\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Attested'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
    repo.write('b.ts', 'b\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'Never attested\n\nCo-authored-by: Claude <noreply@anthropic.com>'], {
      env: { AI_ATTEST: '0' },
    });
  });

  it.each([
    [['HEAD~1^!']],
    [['HEAD~1^!', '--json', '--no-cache']],
    [['--format', 'github', 'HEAD~2..HEAD']],
    [['HEAD', '--not', 'HEAD~1']],
    [['--bogus-option']],
    [['--format=yaml', 'HEAD']],
    [['no-such-rev']],
  ])('%j: the same output and exit code as the full CLI', (args) => {
    const lean = repo.cli(['verify', ...args]);
    const cli = full(['verify', ...args]);
    expect({ status: lean.status, stdout: lean.stdout, stderr: lean.stderr }).toEqual({
      status: cli.status,
      stdout: cli.stdout,
      stderr: cli.stderr,
    });
  });

  it.each([
    [['HEAD~2..HEAD']],
    [['HEAD~2..HEAD', '--json']],
    [['--format', 'sarif', 'HEAD~2..HEAD']],
    [['--format=yaml']],
    [['--fail-on', 'low', 'HEAD~2..HEAD']],
  ])('detect %j: the same output and exit code as the full CLI', (args) => {
    const lean = repo.cli(['detect', ...args]);
    const cli = full(['detect', ...args]);
    expect({ status: lean.status, stdout: lean.stdout, stderr: lean.stderr }).toEqual({
      status: cli.status,
      stdout: cli.stdout,
      stderr: cli.stderr,
    });
  });

  it.each([
    [['report']],
    [['report', '--json']],
    [['report', '--format', 'markdown', 'HEAD~2..HEAD']],
    [['trace', 'b.ts', '-L', '1,1']],
    [['trace', 'a.ts', '-L', '1,1', '--no-history', '--json']],
    [['trace', 'a.ts', '-L', '9,9']],
  ])('%j: the same output and exit code as the full CLI', (args) => {
    // The report says when it was made, to the second.
    const made = (text: string) => text.replace(/(Generated |"generatedAt": ")\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '$1(when)');
    const lean = repo.cli(args);
    const cli = full(args);
    expect({ status: lean.status, stdout: made(lean.stdout), stderr: lean.stderr }).toEqual({
      status: cli.status,
      stdout: made(cli.stdout),
      stderr: cli.stderr,
    });
  });

  // The bundle carries its own copy of chalk (no ESM loader at start): its colours must be the package's.
  it.each([[['verify', 'HEAD~2..HEAD']], [['report']], [['trace', 'b.ts', '-L', '1,1']], [['detect', 'HEAD~2..HEAD']]])(
    '%j in colour: the same escapes as the full CLI',
    (args) => {
      const env = { ...repo.env, NO_COLOR: '', FORCE_COLOR: '1' };
      const lean = repo.cli(args, { env });
      const cli = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli.js'), ...args], { cwd: repo.dir, env, encoding: 'utf8' });
      const made = (text: string) => text.replace(/Generated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'Generated (when)');
      expect(lean.stdout).toContain('\x1b[');
      expect({ status: lean.status, stdout: made(lean.stdout), stderr: lean.stderr }).toEqual({
        status: cli.status,
        stdout: made(cli.stdout),
        stderr: cli.stderr,
      });
    },
  );

  it('runs the same from the entry of earlier releases (bin/ai-attest.js)', () => {
    const args = ['verify', '--json', 'HEAD~2..HEAD'];
    const old = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'ai-attest.js'), ...args], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    });
    const now = repo.cli(args);
    expect({ status: old.status, stdout: old.stdout, stderr: old.stderr }).toEqual({
      status: now.status,
      stdout: now.stdout,
      stderr: now.stderr,
    });
  });

  it('fails a commit without an attestation through the bundle, which leaves its code cache', () => {
    const r = repo.cli(['verify', 'HEAD^!']);
    expect(r.status, r.stderr).toBe(1);
    expect(readdirSync(join(PROJECT_ROOT, 'dist')).some((f) => /^cli-lean\.[0-9a-f]{16}\.[0-9a-f]{16}\.cache$/.test(f))).toBe(true);
  });

  it('hands help to the full CLI', () => {
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'ai-attest-hook.cjs'), 'verify', '--help'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: ai-attest verify');
  });
});
