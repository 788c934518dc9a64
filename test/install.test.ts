// @module-tag git
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hookStatus } from '../src/install/index.js';
import { PROJECT_ROOT, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

const HOOKS = ['prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite', 'pre-push'];
const MARKER = '# ai-attest managed hook v1';
const sandbox = makeSandbox('ai-attest-install-');
afterAll(() => sandbox.cleanup());
let n = 0;

/** A repo with one commit, and a stand-in for the CLI that logs how each hook called it. */
function setup(): { repo: Repo; env: NodeJS.ProcessEnv; calls: () => string[] } {
  const repo = makeRepo(sandbox, `repo${n++}`);
  repo.git(['commit', '-q', '--allow-empty', '-m', 'root']);
  const log = join(repo.dir, '..', `${n}-cli.log`);
  const fake = join(repo.dir, '..', `${n}-fake-cli`);
  writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$*" >>"$FAKE_LOG"\n', { mode: 0o755 });
  const env = { AI_ATTEST_BIN: fake, FAKE_LOG: log };
  return { repo, env, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

/** git commit with no controlling terminal, as in CI. */
function commit(repo: Repo, env: NodeJS.ProcessEnv, message: string, cwd = repo.dir) {
  return spawnSync('setsid', ['-w', 'git', 'commit', '-q', '--allow-empty', '-m', message], {
    cwd,
    env: { ...repo.env, ...env },
    encoding: 'utf8',
  });
}

function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    out[name] = `${(statSync(path).mode & 0o777).toString(8)} ${readFileSync(path, 'utf8')}`;
  }
  return out;
}

describe('install in a fresh repository', () => {
  const { repo, env, calls } = setup();
  const hooksDir = join(repo.dir, '.git', 'hooks');
  const before = listing(hooksDir);
  const result = repo.cli(['install']);

  it('writes the five hooks, marked and executable, and lists them', () => {
    expect(result.status, result.stderr).toBe(0);
    for (const hook of HOOKS) {
      const path = join(hooksDir, hook);
      expect(readFileSync(path, 'utf8').split('\n')[1]).toBe(MARKER);
      expect(statSync(path).mode & 0o111).toBe(0o111);
      expect(result.stdout).toMatch(new RegExp(`${hook}\\s+installed`));
    }
    expect(readdirSync(hooksDir).some((f) => f.endsWith('.pre-ai-attest'))).toBe(false);
  });

  it('configures notes to follow amend and rebase', () => {
    expect(repo.git(['config', '--local', '--get-all', 'notes.rewriteRef']).trim()).toBe('refs/notes/ai-attest');
    expect(repo.git(['config', '--local', 'notes.rewrite.amend']).trim()).toBe('true');
    expect(repo.git(['config', '--local', 'notes.rewrite.rebase']).trim()).toBe('true');
    expect(repo.git(['config', '--local', 'notes.rewriteMode']).trim()).toBe('cat_sort_uniq');
  });

  it('records what it did in the common git dir', () => {
    const state = JSON.parse(readFileSync(join(repo.dir, '.git', 'ai-attest', 'install.json'), 'utf8'));
    expect(state).toMatchObject({ version: 1, mode: 'none' });
    expect(Object.keys(state.hooks)).toEqual(HOOKS);
  });

  it('runs commit-msg, and nothing else on a commit without a terminal', () => {
    const done = commit(repo, env, 'first');
    expect(done.status, done.stderr).toBe(0);
    expect(calls()).toEqual(['hook commit-msg .git/COMMIT_EDITMSG']);
  });

  it('reports every hook installed', async () => {
    const status = await hookStatus({ cwd: repo.dir, env: repo.env });
    expect(status.map((s) => [s.hook, s.state])).toEqual(HOOKS.map((h) => [h, 'installed']));
  });

  it('is idempotent: a second install changes nothing and chains nothing', () => {
    const after = listing(hooksDir);
    const again = repo.cli(['install', '--json']);
    expect(again.status, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.schema).toBe('ai-attest/install@1');
    expect(report.hooks.map((h: { action: string; chained: string | null }) => [h.action, h.chained])).toEqual(
      HOOKS.map(() => ['unchanged', null]),
    );
    expect(report.config.every((c: { action: string }) => c.action === 'already')).toBe(true);
    expect(listing(hooksDir)).toEqual(after);
    expect(repo.git(['config', '--local', '--get-all', 'notes.rewriteRef']).trim()).toBe('refs/notes/ai-attest');
  });

  it('updates a stub of ours that is out of date, without chaining it', () => {
    const path = join(hooksDir, 'commit-msg');
    writeFileSync(path, `#!/bin/sh\n${MARKER}\nexit 0\n`, { mode: 0o755 });
    const again = repo.cli(['install', '--json']);
    const report = JSON.parse(again.stdout);
    expect(report.hooks[1]).toMatchObject({ hook: 'commit-msg', action: 'updated', chained: null });
    expect(existsSync(`${path}.pre-ai-attest`)).toBe(false);
  });

  it('uninstall leaves git hooks and config as they were before install', () => {
    const done = repo.cli(['uninstall']);
    expect(done.status, done.stderr).toBe(0);
    expect(listing(hooksDir)).toEqual(before);
    expect(repo.gitRaw(['config', '--local', '--get-regexp', '^notes\\.']).stdout).toBe('');
    expect(existsSync(join(repo.dir, '.git', 'ai-attest', 'install.json'))).toBe(false);
  });
});

describe('git config set before install', () => {
  it('is restored by uninstall, and other rewrite refs are kept', () => {
    const { repo } = setup();
    repo.git(['config', 'notes.rewriteRef', 'refs/notes/commits']);
    repo.git(['config', 'notes.rewriteMode', 'concatenate']);
    repo.git(['config', 'notes.rewrite.amend', 'true']);
    expect(repo.cli(['install']).status).toBe(0);
    expect(repo.git(['config', '--get-all', 'notes.rewriteRef']).trim().split('\n')).toEqual([
      'refs/notes/commits',
      'refs/notes/ai-attest',
    ]);
    expect(repo.git(['config', 'notes.rewriteMode']).trim()).toBe('cat_sort_uniq');
    expect(repo.cli(['install']).status).toBe(0);
    expect(repo.cli(['uninstall']).status).toBe(0);
    expect(repo.git(['config', '--get-all', 'notes.rewriteRef']).trim()).toBe('refs/notes/commits');
    expect(repo.git(['config', 'notes.rewriteMode']).trim()).toBe('concatenate');
    expect(repo.git(['config', 'notes.rewrite.amend']).trim()).toBe('true');
    expect(repo.gitRaw(['config', 'notes.rewrite.rebase']).status).toBe(1);
  });
});

describe('worktrees', () => {
  it('share the hooks of the common git dir, wherever install ran', () => {
    const { repo, env, calls } = setup();
    const wt = join(sandbox.root, `wt${n}`);
    repo.git(['worktree', 'add', '-q', '-b', 'side', wt]);
    mkdirSync(join(wt, 'sub'));
    const done = repo.cli(['install'], { cwd: join(wt, 'sub') });
    expect(done.status, done.stderr).toBe(0);
    expect(readFileSync(join(repo.dir, '.git', 'hooks', 'commit-msg'), 'utf8')).toContain(MARKER);
    expect(existsSync(join(repo.dir, '.git', 'ai-attest', 'install.json'))).toBe(true);
    const made = commit(repo, env, 'in the worktree', wt);
    expect(made.status, made.stderr).toBe(0);
    expect(calls()).toEqual(['hook commit-msg .git/COMMIT_EDITMSG'.replace('.git', join(repo.dir, '.git', 'worktrees', `wt${n}`))]);
  });
});

describe('a core.hooksPath no hook manager owns', () => {
  it('is refused with exit 2 and the commands that fix it', () => {
    const { repo } = setup();
    repo.git(['config', 'core.hooksPath', '.githooks']);
    const done = repo.cli(['install']);
    expect(done.status).toBe(2);
    expect(done.stderr).toContain('core.hooksPath is set to ".githooks"');
    expect(done.stderr).toContain(join(repo.dir, '.githooks'));
    expect(done.stderr).toContain('git config --unset core.hooksPath && ai-attest install');
    expect(done.stderr).toContain('ai-attest install --hooks-path-ok');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'commit-msg'))).toBe(false);
  });

  it('names the scope when the setting is global', () => {
    const { repo } = setup();
    repo.git(['config', '--global', 'core.hooksPath', join(sandbox.home, 'global-hooks')]);
    try {
      const done = repo.cli(['install']);
      expect(done.status).toBe(2);
      expect(done.stderr).toContain('git config --global --unset core.hooksPath');
    } finally {
      repo.git(['config', '--global', '--unset', 'core.hooksPath']);
    }
  });

  it('is used with --hooks-path-ok: one line appended to the team scripts, which keep their names', () => {
    const { repo, env, calls } = setup();
    repo.git(['config', 'core.hooksPath', '.githooks']);
    const team = '#!/bin/sh\necho team-hook >>"$FAKE_LOG"\n';
    repo.write('.githooks/commit-msg', team);
    spawnSync('chmod', ['755', join(repo.dir, '.githooks', 'commit-msg')]);
    const done = repo.cli(['install', '--hooks-path-ok']);
    expect(done.status, done.stderr).toBe(0);
    expect(existsSync(join(repo.dir, '.githooks', 'commit-msg.pre-ai-attest'))).toBe(false);
    expect(readFileSync(join(repo.dir, '.githooks', 'commit-msg'), 'utf8').startsWith(team)).toBe(true);
    expect(commit(repo, env, 'x').status).toBe(0);
    expect(calls()).toEqual(['team-hook', 'hook commit-msg .git/COMMIT_EDITMSG']);
    expect(repo.cli(['uninstall']).status).toBe(0);
    expect(readdirSync(join(repo.dir, '.githooks'))).toEqual(['commit-msg']);
    expect(readFileSync(join(repo.dir, '.githooks', 'commit-msg'), 'utf8')).toBe(team);
  });

  it('makes status report hooks installed in .git/hooks as bypassed', async () => {
    const { repo } = setup();
    expect(repo.cli(['install']).status).toBe(0);
    repo.git(['config', 'core.hooksPath', '.agent-hooks']);
    const status = await hookStatus({ cwd: repo.dir, env: repo.env });
    expect(status.every((s) => s.state === 'bypassed')).toBe(true);
    expect(status[0]?.detail).toContain('core.hooksPath=.agent-hooks');
  });

  it('set in the environment (git -c) also bypasses the hooks', async () => {
    const { repo } = setup();
    expect(repo.cli(['install']).status).toBe(0);
    const env = { ...repo.env, GIT_CONFIG_PARAMETERS: "'core.hooksPath'='/dev/null'" };
    const status = await hookStatus({ cwd: repo.dir, env });
    expect(status.map((s) => s.state)).toEqual(HOOKS.map(() => 'bypassed'));
  });
});

describe('where install cannot work', () => {
  it('outside a repository: exit 2 and what to do', () => {
    const dir = join(sandbox.root, 'not-a-repo');
    mkdirSync(dir);
    const done = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'ai-attest.js'), 'install'], {
      cwd: dir,
      env: sandbox.env,
      encoding: 'utf8',
    });
    expect(done.status).toBe(2);
    expect(done.stderr).toContain('not a git repository (nor inside one): run ai-attest inside a clone');
  });

  it('in a bare repository: exit 2 and what to do', () => {
    const bare = makeRepo(sandbox, `bare${n++}`, false);
    bare.git(['init', '-q', '--bare']);
    const done = bare.cli(['install']);
    expect(done.status).toBe(2);
    expect(done.stderr).toContain('bare repository');
  });

  it('with a foreign hook and an earlier .pre-ai-attest copy: refuses rather than lose one', () => {
    const { repo } = setup();
    const hooks = join(repo.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-push'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    writeFileSync(join(hooks, 'pre-push.pre-ai-attest'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const done = repo.cli(['install']);
    expect(done.status).toBe(2);
    expect(done.stderr).toContain('Merge them into one file or move one away');
    expect(readdirSync(hooks).filter((f) => !f.endsWith('.sample'))).toEqual(['pre-push', 'pre-push.pre-ai-attest']);
  });
});
