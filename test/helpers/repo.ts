import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(PROJECT_ROOT, 'bin', 'ai-attest.cjs');

/**
 * A sandbox: its own HOME, global git config and AI_ATTEST_HOME, so no test reads or writes
 * the developer's real configuration or keys.
 */
export interface Sandbox {
  root: string;
  home: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function makeSandbox(prefix = 'ai-attest-test-'): Sandbox {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  const gitconfig = join(home, '.gitconfig');
  writeFileSync(
    gitconfig,
    '[user]\n\tname = Test Dev\n\temail = dev@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n',
  );
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('GIT_') || k.startsWith('AI_ATTEST')) continue;
    env[k] = v;
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    AI_ATTEST_HOME: join(home, 'ai-attest'),
    GNUPGHOME: join(home, 'gnupg'),
    NO_COLOR: '1',
    TZ: 'UTC',
    LANG: 'C.UTF-8',
  });
  return { root, home, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface Repo {
  dir: string;
  sandbox: Sandbox;
  env: NodeJS.ProcessEnv;
  git(args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string }): string;
  gitRaw(args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string }): SpawnSyncReturns<string>;
  cli(args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string }): SpawnSyncReturns<string>;
  write(path: string, content: string): void;
}

/** A real git repository inside a sandbox (one sandbox may hold several repos). */
export function makeRepo(sandbox: Sandbox = makeSandbox(), name = 'repo', init = true): Repo {
  const dir = join(sandbox.root, name);
  mkdirSync(dir, { recursive: true });
  const env = sandbox.env;
  const repo: Repo = {
    dir,
    sandbox,
    env,
    git(args, opts = {}) {
      return execFileSync('git', args, {
        cwd: dir,
        env: { ...env, ...opts.env },
        input: opts.input,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    },
    gitRaw(args, opts = {}) {
      return spawnSync('git', args, { cwd: dir, env: { ...env, ...opts.env }, input: opts.input, encoding: 'utf8' });
    },
    cli(args, opts = {}) {
      return spawnSync(process.execPath, [BIN, ...args], {
        cwd: opts.cwd ?? dir,
        env: { ...env, ...opts.env },
        input: opts.input ?? '',
        encoding: 'utf8',
      });
    },
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
  };
  if (init) repo.git(['init', '-q']);
  return repo;
}
