// @module-tag git
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installHooks } from '../src/install/index.js';
import { PROJECT_ROOT, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

const sandbox = makeSandbox('ai-attest-chain-');
afterAll(() => sandbox.cleanup());
let n = 0;

/** Stands in for the CLI: logs each call, and stdin for the hooks that get data there. */
const FAKE_CLI = `#!/bin/sh
printf 'ours: %s\\n' "$*" >>"$FAKE_LOG"
case $2 in pre-push | post-rewrite) sed 's/^/ours stdin: /' >>"$FAKE_LOG" ;; esac
exit "\${FAKE_EXIT:-0}"
`;

interface Setup {
  repo: Repo;
  env: NodeJS.ProcessEnv;
  log: string;
  calls(): string[];
  foreign(hook: string, body: string, mode?: number): string;
}

function setup(): Setup {
  const repo = makeRepo(sandbox, `repo${n++}`);
  repo.git(['commit', '-q', '--allow-empty', '-m', 'root']);
  const log = join(sandbox.root, `${n}.log`);
  const fake = join(sandbox.root, `${n}-fake-cli`);
  writeFileSync(fake, FAKE_CLI, { mode: 0o755 });
  return {
    repo,
    log,
    env: { AI_ATTEST_BIN: fake, FAKE_LOG: log },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
    foreign(hook, body, mode = 0o750) {
      const path = join(repo.dir, '.git', 'hooks', hook);
      writeFileSync(path, body);
      chmodSync(path, mode);
      return path;
    },
  };
}

/** Runs a command with no controlling terminal, as in CI or a GUI client. */
function detached(repo: Repo, args: string[], env: NodeJS.ProcessEnv, input = '') {
  return spawnSync('setsid', ['-w', ...args], { cwd: repo.dir, env: { ...repo.env, ...env }, input, encoding: 'utf8' });
}

const commit = (s: Setup, extra: NodeJS.ProcessEnv = {}, message = 'change') =>
  detached(s.repo, ['git', 'commit', '-q', '--allow-empty', '-m', message], { ...s.env, ...extra });

function install(repo: Repo): void {
  const done = repo.cli(['install']);
  expect(done.status, done.stderr).toBe(0);
}

describe('a commit-msg hook that was there before install', () => {
  const s = setup();
  const body = '#!/bin/sh\n# the team hook\necho "theirs: $*" >>"$FAKE_LOG"\nexit "${THEIR_EXIT:-0}"\n';
  const path = s.foreign('commit-msg', body, 0o750);
  install(s.repo);

  it('is moved aside with its mode and run first, with the same arguments', () => {
    expect(readFileSync(`${path}.pre-ai-attest`, 'utf8')).toBe(body);
    expect(statSync(`${path}.pre-ai-attest`).mode & 0o777).toBe(0o750);
    const done = commit(s);
    expect(done.status, done.stderr).toBe(0);
    expect(s.calls()).toEqual(['theirs: .git/COMMIT_EDITMSG', 'ours: hook commit-msg .git/COMMIT_EDITMSG']);
  });

  it('aborts the commit when it fails, and ours does not run', () => {
    writeFileSync(s.log, '');
    const head = s.repo.git(['rev-parse', 'HEAD']);
    const done = commit(s, { THEIR_EXIT: '3' });
    expect(done.status).not.toBe(0);
    expect(s.repo.git(['rev-parse', 'HEAD'])).toBe(head);
    expect(s.calls()).toEqual(['theirs: .git/COMMIT_EDITMSG']);
  });

  it('still runs with AI_ATTEST=0, which skips only ours', () => {
    writeFileSync(s.log, '');
    expect(commit(s, { AI_ATTEST: '0' }).status).toBe(0);
    expect(s.calls()).toEqual(['theirs: .git/COMMIT_EDITMSG']);
  });

  it('is never chained to our own stub by a re-install', () => {
    install(s.repo);
    expect(readFileSync(`${path}.pre-ai-attest`, 'utf8')).toBe(body);
    writeFileSync(s.log, '');
    expect(commit(s).status).toBe(0);
    expect(s.calls()).toHaveLength(2);
  });

  it('is restored byte for byte, with its mode, by uninstall', () => {
    const done = s.repo.cli(['uninstall']);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/commit-msg\s+removed, previous hook restored/);
    expect(readFileSync(path, 'utf8')).toBe(body);
    expect(statSync(path).mode & 0o777).toBe(0o750);
    expect(existsSync(`${path}.pre-ai-attest`)).toBe(false);
  });
});

describe('a commit-msg hook that fails', () => {
  it('makes the commit fail with its exit status', () => {
    const s = setup();
    install(s.repo);
    const done = commit(s, { FAKE_EXIT: '1' });
    expect(done.status).toBe(1);
  });
});

describe('pre-push with a previous hook', () => {
  const s = setup();
  s.foreign('pre-push', '#!/bin/sh\necho "theirs: $*" >>"$FAKE_LOG"\nsed "s/^/theirs stdin: /" >>"$FAKE_LOG"\n');
  install(s.repo);
  const remote = join(sandbox.root, `remote${n}.git`);
  spawnSync('git', ['init', '-q', '--bare', remote], { env: s.repo.env });
  s.repo.git(['remote', 'add', 'origin', remote]);
  const head = s.repo.git(['rev-parse', 'HEAD']).trim();

  it('gives both hooks the same arguments and the same stdin', () => {
    const done = detached(s.repo, ['git', 'push', '-q', 'origin', 'main'], s.env);
    expect(done.status, done.stderr).toBe(0);
    const zero = '0'.repeat(40);
    const line = `refs/heads/main ${head} refs/heads/main ${zero}`;
    expect(s.calls()).toEqual([
      `theirs: origin ${remote}`,
      `theirs stdin: ${line}`,
      `ours: hook pre-push origin ${remote}`,
      `ours stdin: ${line}`,
    ]);
  });

  it('aborts the push when ours fails', () => {
    expect(commit(s).status).toBe(0);
    const done = detached(s.repo, ['git', 'push', '-q', 'origin', 'main'], { ...s.env, FAKE_EXIT: '1' });
    expect(done.status).not.toBe(0);
  });
});

describe('post-rewrite', () => {
  it('passes the rewritten commits on stdin after an amend', () => {
    const s = setup();
    install(s.repo);
    const before = s.repo.git(['rev-parse', 'HEAD']).trim();
    const done = detached(s.repo, ['git', 'commit', '-q', '--amend', '--allow-empty', '-m', 'amended'], s.env);
    expect(done.status, done.stderr).toBe(0);
    const after = s.repo.git(['rev-parse', 'HEAD']).trim();
    expect(s.calls()).toContain('ours: hook post-rewrite amend');
    expect(s.calls()).toContain(`ours stdin: ${before} ${after}`);
  });
});

describe('prepare-commit-msg', () => {
  it('does not start the CLI without a terminal', () => {
    const s = setup();
    install(s.repo);
    expect(commit(s).status).toBe(0);
    expect(s.calls().filter((c) => c.includes('prepare-commit-msg'))).toEqual([]);
  });

  it('does not start the CLI when the answers are in AI_ATTEST_TOOLS, even on a terminal', () => {
    const s = setup();
    install(s.repo);
    const done = onTerminal(s, 'git commit -q --allow-empty -m x', { AI_ATTEST_TOOLS: 'none' });
    expect(done.status, done.stderr).toBe(0);
    expect(s.calls()).toEqual(['ours: hook commit-msg .git/COMMIT_EDITMSG']);
  });

  it('starts the CLI when there is a terminal to ask on', () => {
    const s = setup();
    install(s.repo);
    const done = onTerminal(s, 'git commit -q --allow-empty -m x', {});
    expect(done.status, done.stderr).toBe(0);
    expect(s.calls()).toEqual(['ours: hook prepare-commit-msg .git/COMMIT_EDITMSG message', 'ours: hook commit-msg .git/COMMIT_EDITMSG']);
  });
});

/** `script` gives the command a pseudo-terminal as its controlling terminal. */
function onTerminal(s: Setup, command: string, env: NodeJS.ProcessEnv) {
  return spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: s.repo.dir,
    env: { ...s.repo.env, ...s.env, ...env },
    encoding: 'utf8',
  });
}

describe('finding the CLI', () => {
  it('fails the commit with the fix when there is no CLI anywhere', async () => {
    const s = setup();
    // A package copy with the templates and no bin/: the recorded install path leads nowhere.
    const pkg = join(sandbox.root, `pkg${n}`);
    cpSync(join(PROJECT_ROOT, 'hooks'), join(pkg, 'hooks'), { recursive: true });
    await installHooks({ cwd: s.repo.dir, env: s.repo.env, packageDir: pkg });
    const done = commit(s, { AI_ATTEST_BIN: '', PATH: '/usr/bin:/bin' });
    expect(done.status).toBe(1);
    expect(done.stderr).toContain('ai-attest: cannot find the ai-attest CLI (');
    expect(done.stderr).toContain('or skip once with AI_ATTEST=0.');
    expect(commit(s, { AI_ATTEST_BIN: '', PATH: '/usr/bin:/bin', AI_ATTEST: '0' }).status).toBe(0);
  });
});

describe('AI_ATTEST_TRACE=1', () => {
  it('traces the hook and exports the switch to the CLI', () => {
    const s = setup();
    install(s.repo);
    const printer = join(sandbox.root, `${n}-printer`);
    writeFileSync(printer, '#!/bin/sh\necho "trace=$AI_ATTEST_TRACE" >>"$FAKE_LOG"\n', { mode: 0o755 });
    const done = commit(s, { AI_ATTEST_TRACE: '1', AI_ATTEST_BIN: printer });
    expect(done.status).toBe(0);
    expect(done.stderr).toContain('+ ai_attest_chain');
    expect(s.calls()).toEqual(['trace=1']);
  });
});
