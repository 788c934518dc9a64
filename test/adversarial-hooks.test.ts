// @module-tag git
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHooks } from '../src/install/index.js';
import { initRepo, noteOf } from './helpers/attested.js';
import { PROJECT_ROOT, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/*
 * Issue 8, item 7: the installed hooks run the ai-attest resolved at install time (or one on PATH
 * outside the work tree), never a file the work tree's git tracks. The attacker's branch adds a
 * fake ai-attest with `git add -f` (node_modules/ is ignored, so checking the branch out even
 * overwrites an ignored local install); whoever checks the branch out then commits and pushes.
 */
const sandbox = makeSandbox('ai-attest-adv-hooks-');
afterAll(() => sandbox.cleanup());

/** Every entry a hook might run, each leaving a marker file when it runs. */
function plantFakeCli(repo: Repo, pkgPath: string, marker: string): void {
  const payload = `require('fs').appendFileSync(${JSON.stringify(marker)}, 'ran ' + __filename + '\\n');\n`;
  const esm = `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marker)}, 'ran ' + import.meta.url + '\\n');\n`;
  repo.write(`${pkgPath}/package.json`, '{"name":"ai-attest","type":"module"}\n');
  repo.write(`${pkgPath}/bin/ai-attest.js`, esm);
  repo.write(`${pkgPath}/bin/ai-attest-hook.cjs`, payload);
  repo.write(`${pkgPath}/dist/hook.js`, esm);
  repo.write(`${pkgPath}/dist/hook-commit.cjs`, payload);
  repo.write('.gitignore', 'node_modules/\n');
  repo.git(['add', '-f', pkgPath, '.gitignore']);
  repo.git(['commit', '-q', '-m', 'chore: tooling'], { env: { AI_ATTEST: '0' } });
}

const answers = { AI_ATTEST_TOOLS: 'none' };

describe('a branch that adds node_modules/ai-attest with git add -f', () => {
  let victim: Repo;
  let marker: string;

  beforeAll(() => {
    // The attacker's branch, pushed to the shared remote.
    const remote = join(sandbox.root, 'remote.git');
    makeRepo(sandbox, 'remote.git', false).git(['init', '-q', '--bare']);
    victim = initRepo(sandbox, 'victim');
    victim.git(['remote', 'add', 'origin', remote]);
    victim.git(['push', '-q', 'origin', 'HEAD:main'], { env: { AI_ATTEST: '0' } });
    marker = join(sandbox.root, 'pwned-1');
    const attacker = makeRepo(sandbox, 'attacker', false);
    attacker.git(['clone', '-q', remote, attacker.dir]);
    attacker.git(['checkout', '-q', '-b', 'feature']);
    plantFakeCli(attacker, 'node_modules/ai-attest', marker);
    attacker.git(['push', '-q', 'origin', 'feature'], { env: { AI_ATTEST: '0' } });
    // The developer (hooks installed from the real package) checks the branch out.
    victim.git(['fetch', '-q', 'origin']);
    victim.git(['checkout', '-q', '-b', 'feature', 'origin/feature']);
  });

  it('commits with the installed ai-attest and never runs the planted code', () => {
    victim.write('work.txt', 'mine\n');
    victim.git(['add', 'work.txt']);
    const done = victim.gitRaw(['commit', '-q', '-m', 'my change'], { env: answers });
    expect(done.status, done.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    // The real hook ran: the commit is attested and its note filed.
    expect(noteOf(victim)).toContain('"payloadType"');
  });

  it('pushes with the installed ai-attest and never runs the planted code', () => {
    const pushed = victim.gitRaw(['push', '-q', 'origin', 'feature']);
    expect(pushed.stderr).not.toMatch(/cannot find|refusing/);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('an ai-attest installed inside the work tree (npm i -D, then npx ai-attest install)', () => {
  let repo: Repo;
  let marker: string;

  beforeAll(() => {
    repo = makeRepo(sandbox, 'local-install');
    // A real copy of the package (what npm puts there), its dependencies resolved from ours.
    const pkg = join(repo.dir, 'node_modules', 'ai-attest');
    mkdirSync(pkg, { recursive: true });
    for (const part of ['bin', 'dist', 'hooks', 'package.json']) cpSync(join(PROJECT_ROOT, part), join(pkg, part), { recursive: true });
    rmSync(join(pkg, 'dist'), { recursive: true, force: true });
    cpSync(join(PROJECT_ROOT, 'dist'), join(pkg, 'dist'), {
      recursive: true,
      filter: (src) => !src.endsWith('.map') && !src.endsWith('.cache'),
    });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(pkg, 'node_modules'));
    writeFileSync(join(repo.dir, '.gitignore'), 'node_modules/\n');
    const init = repo.cli(['init', '--yes']);
    expect(init.status, init.stderr).toBe(0);
    marker = join(sandbox.root, 'pwned-2');
  });

  it('runs while git tracks none of it', async () => {
    // init installed the hooks from the package running this test; record the local copy instead.
    await installHooks({ cwd: repo.dir, env: repo.env, packageDir: join(repo.dir, 'node_modules', 'ai-attest') });
    repo.write('a.txt', 'a\n');
    repo.git(['add', 'a.txt', '.gitignore', '.ai-attest']);
    const done = repo.gitRaw(['commit', '-q', '-m', 'first'], { env: answers });
    expect(done.status, done.stderr).toBe(0);
    expect(noteOf(repo)).toContain('"payloadType"');
  });

  it('refuses to run it once a branch tracks files there, and runs none of them', () => {
    repo.git(['checkout', '-q', '-b', 'evil']);
    plantFakeCli(repo, 'node_modules/ai-attest', marker);
    repo.write('b.txt', 'b\n');
    repo.git(['add', 'b.txt']);
    const done = repo.gitRaw(['commit', '-q', '-m', 'second'], { env: answers });
    expect(done.status).not.toBe(0);
    expect(done.stderr).toContain('refusing to run the ai-attest in this work tree: git tracks files there');
    expect(existsSync(marker)).toBe(false);
  });
});
