import { expect } from 'vitest';
import { makeRepo, makeSandbox, type Repo, type Sandbox } from './repo.js';

export const CLAUDE = 'claude-code:claude-sonnet-4-5-20250929';

/** A repository after `ai-attest init --yes`: config, key, keyring and hooks, first commit made. */
export function initRepo(sandbox: Sandbox = makeSandbox(), name = 'repo'): Repo {
  const repo = makeRepo(sandbox, name);
  const init = repo.cli(['init', '--yes']);
  expect(init.stderr + init.stdout, 'ai-attest init').toMatch(/config/);
  expect(init.status, init.stderr).toBe(0);
  repo.write('README.md', '# test\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'Initial commit'], { env: { AI_ATTEST_TOOLS: 'none' } });
  return repo;
}

export function trailersOf(repo: Repo, rev = 'HEAD'): Array<[string, string]> {
  const message = repo.git(['log', '-1', '--format=%B', rev]);
  const parsed = repo.git(['interpret-trailers', '--parse', '--no-divider'], {
    input: message,
    env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  return parsed
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const i = line.indexOf(':');
      return [line.slice(0, i), line.slice(i + 1).trim()] as [string, string];
    });
}

export function trailer(repo: Repo, key: string, rev = 'HEAD'): string[] {
  return trailersOf(repo, rev)
    .filter(([k]) => k === key)
    .map(([, v]) => v);
}

export function noteOf(repo: Repo, rev = 'HEAD'): string {
  const r = repo.gitRaw(['notes', '--ref=ai-attest', 'show', rev]);
  return r.status === 0 ? r.stdout : '';
}
