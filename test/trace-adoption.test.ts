// @module-tag git
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/*
 * trace in an adopted repository (`policy.exempt.before`): whether a traced commit is before the
 * adoption point is asked of git as "the commits after the point that --rev reaches" (one
 * `rev-list REV ^POINT`, as verify asks it of its range), not by listing every commit before the
 * point on each run. A commit older than the point but merged after it is not before adoption,
 * and each commit's status is verify's.
 */
const sandbox = makeSandbox('ai-attest-trace-adoption-');
afterAll(() => sandbox.cleanup());

const FILE = 'src/app.ts';
const CLAUDE = 'claude-code:claude-sonnet-4-5-20250929';
let repo: Repo;
let point = '';
const id: Record<string, string> = {};
const recorder = join(sandbox.root, 'recorder');
const record = join(sandbox.root, 'git-calls');

beforeAll(() => {
  repo = makeRepo(sandbox, 'adopted');
  const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
  const commit = (name: string, at: number, env: NodeJS.ProcessEnv = { AI_ATTEST: '0' }) => {
    lines[at] = `line ${at + 1} by ${name}`;
    repo.write(FILE, `${lines.join('\n')}\n`);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', name], { env });
    id[name] = repo.git(['rev-parse', 'HEAD']).trim();
  };
  commit('old', 0);
  repo.git(['checkout', '-q', '-b', 'side']);
  commit('side', 4);
  repo.git(['checkout', '-q', 'main']);
  lines[4] = 'line 5';
  commit('before', 8);
  point = id.before!;
  const init = repo.cli(['init', '--yes']);
  expect(init.status, init.stderr).toBe(0);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'Adopt ai-attest'], { env: { AI_ATTEST_TOOLS: 'none' } });
  repo.git(['merge', '-q', '--no-ff', '-m', 'Merge side', 'side'], { env: { AI_ATTEST: '0' } });
  lines[4] = 'line 5 by side';
  commit('after', 10, { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '30' });
  mkdirSync(recorder);
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(join(recorder, 'git'), `#!/bin/sh\necho "$*" >> '${record}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(recorder, 'git'), 0o755);
});

interface Traced {
  commits: Record<string, { verification: { status: string; problems: { result: string }[] } }>;
}

function trace(args: string[]): { traced: Traced; git: string[] } {
  rmSync(record, { force: true });
  const env = { ...repo.env, PATH: `${recorder}${delimiter}${process.env.PATH}` };
  const r = spawnSync(process.execPath, [BIN, 'trace', FILE, '-L', '1,12', '--no-cache', '--json', ...args], {
    cwd: repo.dir,
    env,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const git = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
  return { traced: JSON.parse(r.stdout) as Traced, git };
}

describe('trace in an adopted repository', () => {
  it('bounds the walk by the adoption point and gives verify’s status to each commit', () => {
    const config = JSON.parse(readFileSync(join(repo.dir, '.ai-attest', 'config.json'), 'utf8')) as {
      policy: { exempt: { before: string } };
    };
    expect(config.policy.exempt.before).toBe(point);

    const { traced, git } = trace([]);
    const walks = git.filter((c) => /(^| )rev-list /.test(c));
    expect(walks).toContainEqual(expect.stringMatching(new RegExp(`rev-list HEAD \\^${point} --$`)));
    expect(walks).not.toContainEqual(expect.stringMatching(new RegExp(`rev-list ${point} --$`)));

    const status = (name: string) => traced.commits[id[name]!]!.verification;
    for (const name of ['old', 'before']) {
      expect(status(name).status, name).toBe('exempt');
      expect(status(name).problems, name).toEqual([]);
    }
    expect(status('side').problems.map((r) => r.result)).toContain('missing');
    expect(status('side').status).toBe('fail');
    expect(status('after').status).toBe('ok');

    const verify = repo.cli(['verify', '--json', 'HEAD']);
    const verified = JSON.parse(verify.stdout) as { commits: { commit: string; status: string }[] };
    for (const name of ['old', 'side', 'before', 'after']) {
      expect(status(name).status, name).toBe(verified.commits.find((c) => c.commit === id[name])?.status);
    }
  });

  it('lists the point’s ancestors, as before, for a --rev that names a range and so excludes commits', () => {
    const { traced, git } = trace(['--rev', `${id.old}..HEAD`]);
    expect(git).toContainEqual(expect.stringMatching(new RegExp(`rev-list ${point} --$`)));
    expect(traced.commits[id.before!]!.verification.status).toBe('exempt');
  });
});
