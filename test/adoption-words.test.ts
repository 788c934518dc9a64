// @module-tag git
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { initRepo } from './helpers/attested.js';
import { BIN, makeRepo, makeSandbox } from './helpers/repo.js';
import { startTmux, type TmuxSession } from './helpers/tmux.js';

const sandbox = makeSandbox('ai-attest-words-');
afterAll(() => sandbox.cleanup());
const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.kill()));

describe('words a user reads', () => {
  const repo = initRepo(sandbox, 'words');
  repo.write('b.txt', 'b\n');
  repo.git(['add', 'b.txt']);
  repo.git(['commit', '-q', '-m', 'second'], { env: { AI_ATTEST_TOOLS: 'none' } });

  it('outside a repository, errors name no internal git command', () => {
    const outside = join(sandbox.root, 'not-a-repo');
    mkdirSync(outside, { recursive: true });
    for (const command of [['status'], ['doctor'], ['verify'], ['init', '--yes']]) {
      const done = repo.cli(command, { cwd: outside });
      expect(done.status, command.join(' ')).toBe(2);
      expect(done.stderr).toContain('not a git repository (nor inside one)');
      expect(done.stderr).not.toMatch(/git (rev-parse|for-each-ref|log)/);
    }
  });

  /** verify reads the config from a trusted commit's objects: the work tree's config, committed aside. */
  const committedConfig = (): string => {
    const env = { GIT_INDEX_FILE: join(sandbox.root, 'words-index') };
    repo.git(['read-tree', 'HEAD'], { env });
    repo.git(['add', '.ai-attest/config.json'], { env });
    return repo.git(['commit-tree', repo.git(['write-tree'], { env }).trim(), '-p', 'HEAD', '-m', 'config']).trim();
  };

  it('a config that is not JSON is reported with line and column', () => {
    const path = join(repo.dir, '.ai-attest', 'config.json');
    const good = readFileSync(path, 'utf8');
    repo.write('.ai-attest/config.json', '{\n  "version": 1,\n  "tools": [}\n');
    const done = repo.cli(['verify', 'HEAD', '--trust', committedConfig()]);
    repo.write('.ai-attest/config.json', good);
    expect(done.status).toBe(2);
    expect(done.stderr).toContain('is not valid JSON at line 3, column 13');
    expect(done.stderr).not.toContain('position');
  });

  it('every invalid field of the config is named at once', () => {
    const path = join(repo.dir, '.ai-attest', 'config.json');
    const good = readFileSync(path, 'utf8');
    const config = JSON.parse(good);
    config.keyring = 7;
    config.policy.noAnswers = 'maybe';
    config.tools = [1, 2, 3, 4, 5, 6].map((n) => ({ id: `Bad Id ${n}`, name: `Tool ${n}`, via: 'cli-agent', approved: true }));
    repo.write('.ai-attest/config.json', JSON.stringify(config));
    const done = repo.cli(['verify', 'HEAD', '--trust', committedConfig()]);
    repo.write('.ai-attest/config.json', good);
    expect(done.status).toBe(2);
    for (const field of ['keyring:', 'policy.noAnswers:', 'tools.0.id:', 'tools.5.id:']) expect(done.stderr).toContain(field);
  });

  it('doctor names the schema problems and the unknown check names in one pass', () => {
    const path = join(repo.dir, '.ai-attest', 'config.json');
    const good = readFileSync(path, 'utf8');
    const config = JSON.parse(good);
    config.policy.noAnswers = 'maybe';
    config.policy.checks = { 'missing-signature': 'warn' };
    repo.write('.ai-attest/config.json', JSON.stringify(config));
    const doctor = repo.cli(['doctor', '--offline', '--json']);
    repo.write('.ai-attest/config.json', good);
    const check = (JSON.parse(doctor.stdout) as { checks: Array<{ id: string; message: string }> }).checks.find((c) => c.id === 'config');
    expect(check?.message).toContain('policy.noAnswers');
    expect(check?.message).toContain('"missing-signature", which verify does not report');
  });

  it('a revision that names nothing is said without git commands, also in a repository with no commits', () => {
    const empty = makeRepo(sandbox, 'empty');
    for (const command of [['report', 'HEAD'], ['show']]) {
      const done = empty.cli(command);
      expect(done.status, command.join(' ')).toBe(2);
      expect(done.stderr).toContain('"HEAD" names no commit: this branch has no commits yet');
      expect(done.stderr).not.toMatch(/git (log|rev-parse)/);
    }
    const typo = repo.cli(['report', 'nope..HEAD']);
    expect(typo.stderr).toContain('"nope..HEAD" names a commit, branch or tag that is not here');
  });

  it('verify --help shows no "(default: [])", and --all and --branches work as documented', () => {
    expect(repo.cli(['verify', '--help']).stdout).not.toContain('(default: [])');
    const all = repo.cli(['verify', '--all']);
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toContain('2 commits');
    const branches = repo.cli(['verify', '--branches=ma*', '--json']);
    expect(branches.status, branches.stderr).toBe(0);
    expect(JSON.parse(branches.stdout).summary.commits).toBe(2);
  });
});

describe('interactive init asks what a team decides', () => {
  it('tools in use, sensitive areas and the policy for missing answers; --yes takes the defaults', async () => {
    const repo = makeRepo(sandbox, 'init-interactive');
    const tmux = startTmux({
      command: `node ${BIN} init; echo "all done $?"; sleep 30`,
      cwd: repo.dir,
      env: sandbox.env,
      width: 160,
      height: 40,
    });
    sessions.push(tmux);
    await tmux.waitFor('Which AI tools does your team use?', 20_000);
    tmux.keys('Space', 'Enter'); // Claude Code: unapproved
    await tmux.waitFor('Which sensitive areas should commits report on?');
    tmux.keys('Enter');
    await tmux.waitFor('A commit made without a terminal and without answers');
    tmux.keys('Down', 'Enter'); // refuse
    await tmux.waitFor('all done 0', 20_000);
    const config = JSON.parse(readFileSync(join(repo.dir, '.ai-attest', 'config.json'), 'utf8'));
    expect(config.policy.noAnswers).toBe('fail');
    expect(config.tools.find((t: { id: string }) => t.id === 'claude-code').approved).toBe(false);
    expect(config.tools.find((t: { id: string }) => t.id === 'copilot').approved).toBe(true);
    const defaults = makeRepo(sandbox, 'init-yes');
    expect(defaults.cli(['init', '--yes']).status).toBe(0);
    const plain = JSON.parse(readFileSync(join(defaults.dir, '.ai-attest', 'config.json'), 'utf8'));
    expect(plain.policy.noAnswers).toBe('record-undeclared');
    expect(plain.tools.find((t: { id: string }) => t.id === 'claude-code').approved).toBe(true);
  });
});
