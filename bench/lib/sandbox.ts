import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'ai-attest.cjs');

/** An isolated HOME, global git config and key home, so a benchmark never touches the user's. */
export function benchSandbox(prefix = 'ai-attest-bench-'): { root: string; env: NodeJS.ProcessEnv; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const home = join(root, 'home');
  mkdirSync(home);
  const gitconfig = join(home, '.gitconfig');
  writeFileSync(gitconfig, '[user]\n\tname = Bench Dev\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && !k.startsWith('AI_ATTEST')) env[k] = v;
  Object.assign(env, {
    HOME: home,
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    AI_ATTEST_HOME: join(home, 'ai-attest'),
    NO_COLOR: '1',
  });
  return { root, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * The environment to execute BIN itself in, as an installed `ai-attest` runs (its sh line starts
 * Node, without NODE_EXTRA_CA_CERTS for the lean commands): this Node first on PATH.
 */
export function asInstalled(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: `${dirname(process.execPath)}${delimiter}${env.PATH ?? ''}` };
}

/** `env` as the bin leaves it to a lean command's Node: for floors measured beside those commands. */
export function withoutExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = env;
  return rest;
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): string {
  return execFileSync(cmd, args, { cwd, env, input, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
}

/** Spawns git and discards its output as it comes, as a reader of the stream would. */
export function drainGit(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args.join(' ')} exited ${code}`))));
  });
}

/**
 * What a fresh clone has of the read commands' caches under `.git/ai-attest/`: none. Every
 * `*-cache.json` goes (verdicts, keyring, config, trust revision, trusted files), so a cold run
 * reads its trust from git as a CI job's first run does.
 */
export function dropReadCaches(gitDir: string): void {
  const dir = join(gitDir, 'ai-attest');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (name.endsWith('-cache.json')) rmSync(join(dir, name), { force: true });
}
