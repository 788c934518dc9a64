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
