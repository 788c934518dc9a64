// @module-tag git
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAUDE } from './helpers/attested.js';
import { PROJECT_ROOT, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * The first week of a team, scripted: a repository with history adopts ai-attest and pushes, a
 * second developer joins, commits go through husky, then the team moves to lefthook; a revert,
 * an amend, a message another hook rejects, a new tool onboarded, and the release manager's
 * report. Every push must pass and verify must find nothing to fix.
 */
const alice = makeSandbox('ai-attest-week-alice-');
const bob = makeSandbox('ai-attest-week-bob-');
bob.env.GIT_CONFIG_GLOBAL = join(bob.home, '.gitconfig');
writeFileSync(bob.env.GIT_CONFIG_GLOBAL, '[user]\n\tname = Bob Dev\n\temail = bob@example.com\n[init]\n\tdefaultBranch = main\n');
afterAll(() => {
  alice.cleanup();
  bob.cleanup();
});
const BIN_DIR = join(PROJECT_ROOT, 'node_modules', '.bin');
const withLefthook = { PATH: `${BIN_DIR}:${process.env.PATH ?? ''}` };
const AI = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '40' };
const pushes: Array<{ who: string; status: number | null; stderr: string }> = [];

function push(repo: Repo, who: string): void {
  const done = repo.gitRaw(['push', '-q', 'origin', 'HEAD:main']);
  pushes.push({ who, status: done.status, stderr: done.stderr });
  expect(done.status, `${who}'s push: ${done.stderr}`).toBe(0);
}

function husky(repo: Repo): void {
  const done = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'husky', 'bin.js')], {
    cwd: repo.dir,
    env: repo.env,
    encoding: 'utf8',
  });
  expect(done.status, done.stderr).toBe(0);
}

function commit(repo: Repo, file: string, message: string, env: NodeJS.ProcessEnv = AI) {
  repo.write(file, `${file} ${message}\n`);
  repo.git(['add', file]);
  return repo.gitRaw(['commit', '-m', message], { env });
}

describe('the first week of a team', () => {
  const remote = makeRepo(alice, 'origin.git', false);
  remote.git(['init', '-q', '--bare']);
  const a = makeRepo(alice, 'alice');
  for (let i = 1; i <= 30; i++) {
    a.write(`src/old${i % 5}.ts`, `export const v = ${i};\n`);
    a.git(['add', '-A']);
    a.git(['commit', '-q', '-m', `old work ${i}`]);
  }
  husky(a);
  // The team's commit message rule, as commitlint would enforce it through husky.
  a.write('.husky/commit-msg', 'grep -qE "^(feat|fix|chore|revert|Revert)" "$1" || { echo "commitlint: type required" >&2; exit 1; }\n');
  a.git(['add', '-A']);
  a.git(['commit', '-q', '--no-verify', '-m', 'chore: husky']);
  a.git(['remote', 'add', 'origin', remote.dir]);
  a.git(['push', '-q', 'origin', 'main']);
  const b = makeRepo(bob, 'bob', false);

  it('day 1: Alice adopts it; the onboarding commit and the first push pass', () => {
    const init = a.cli(['init', '--yes']);
    expect(init.status, init.stderr).toBe(0);
    a.git(['add', '.ai-attest', '.husky']);
    const onboarding = a.gitRaw(['commit', '-m', 'chore: add ai-attest']);
    expect(onboarding.status, onboarding.stderr).toBe(0);
    push(a, 'alice');
  });

  it('day 2: Bob clones, is told what is missing, runs init, and his key is trusted', () => {
    b.git(['clone', '-q', remote.dir, '.']);
    husky(b);
    const before = commit(b, 'notes.md', 'chore: notes before init');
    expect(before.stderr).toContain('run npx ai-attest init');
    b.git(['reset', '-q', '--hard', 'origin/main']);
    const init = b.cli(['init', '--yes']);
    expect(init.status, init.stderr).toBe(0);
    // One pull request: Bob proposes his key on a branch, Alice (trusted) approves it there.
    b.git(['switch', '-q', '-c', 'add-bobs-key']);
    b.git(['add', '.ai-attest']);
    expect(b.gitRaw(['commit', '-m', "chore: add Bob's key"]).status).toBe(0);
    const proposal = b.gitRaw(['push', '-q', '-u', 'origin', 'add-bobs-key']);
    pushes.push({ who: 'bob', status: proposal.status, stderr: proposal.stderr });
    expect(proposal.status, proposal.stderr).toBe(0);
    a.git(['fetch', '-q', 'origin']);
    a.git(['switch', '-q', '-c', 'add-bobs-key', 'origin/add-bobs-key']);
    // Key approval by a trusted teammate comes with the trust work (`keys approve`); without it,
    // the keyring file Bob proposed is what verify trusts once merged.
    if (/^\s+approve\b/m.test(a.cli(['keys', '--help']).stdout)) {
      const fpr = (JSON.parse(b.cli(['keys', 'list', '--json']).stdout) as Array<{ fingerprint: string }>)[0]!.fingerprint;
      const approve = a.cli(['keys', 'approve', fpr]);
      expect(approve.status, approve.stderr).toBe(0);
      a.git(['add', '.ai-attest']);
      expect(a.gitRaw(['commit', '-m', "chore: approve Bob's key"]).status).toBe(0);
      const approved = a.gitRaw(['push', '-q', 'origin', 'add-bobs-key']);
      pushes.push({ who: 'alice', status: approved.status, stderr: approved.stderr });
      expect(approved.status, approved.stderr).toBe(0);
    }
    a.git(['switch', '-q', 'main']);
    a.git(['merge', '-q', '--ff-only', 'add-bobs-key']);
    push(a, 'alice');
    b.git(['switch', '-q', 'main']);
    b.git(['pull', '-q', '--ff-only', 'origin', 'main']);
  });

  it('days 2-3: commits through husky; a rejected message keeps its answers for the retry; an amend', () => {
    const rejected = commit(b, 'src/feature.ts', 'add the feature');
    expect(rejected.status).not.toBe(0);
    expect(rejected.stderr).toContain('commitlint');
    expect(b.gitRaw(['commit', '-m', 'feat: the feature'], { env: AI }).status).toBe(0);
    const amend = b.gitRaw(['commit', '--amend', '--no-edit']);
    expect(amend.status, amend.stderr).toBe(0);
    expect(b.git(['log', '-1', '--format=%B'])).toContain('Assisted-by: claude-code:');
    push(b, 'bob');
  });

  it('day 4: a revert is attested as the inverse of the reverted change', () => {
    a.git(['pull', '-q', '--no-rebase', 'origin', 'main']);
    const revert = a.gitRaw(['revert', '--no-edit', 'HEAD']);
    expect(revert.status, revert.stderr).toBe(0);
    expect(revert.stderr).toContain('signed the revert');
    push(a, 'alice');
  });

  it('day 4: the team moves from husky to lefthook and keeps committing', () => {
    a.git(['config', '--unset', 'core.hooksPath']);
    a.write('lefthook.yml', 'commit-msg:\n  commands:\n    commitlint:\n      run: grep -qE "^(feat|fix|chore)" {1}\n');
    const install = a.cli(['install'], { env: withLefthook });
    expect(install.status, install.stderr).toBe(0);
    a.git(['add', 'lefthook.yml']);
    expect(a.gitRaw(['commit', '-m', 'chore: lefthook'], { env: { ...withLefthook, AI_ATTEST_TOOLS: 'none' } }).status).toBe(0);
    expect(commit(a, 'src/more.ts', 'feat: more', { ...withLefthook, ...AI }).status).toBe(0);
    push(a, 'alice');
  });

  it('day 5: a new tool is onboarded and used', () => {
    expect(a.cli(['tools', 'add', 'my-agent', '--name', 'My Agent', '--via', 'cli-agent', '--model', 'my-agent-2026-05-01']).status).toBe(
      0,
    );
    expect(a.cli(['tools', 'approve', 'my-agent']).status).toBe(0);
    a.git(['add', '.ai-attest']);
    expect(a.gitRaw(['commit', '-m', 'chore: approve my-agent'], { env: withLefthook }).status).toBe(0);
    // The approval is merged before the tool is used: verify judges with the trusted revision's registry.
    push(a, 'alice');
    const used = commit(a, 'src/agent.ts', 'feat: by my-agent', {
      ...withLefthook,
      AI_ATTEST_TOOLS: 'my-agent:my-agent-2026-05-01',
      AI_ATTEST_PROPORTION: '80',
    });
    expect(used.status, used.stderr).toBe(0);
    push(a, 'alice');
  });

  it("Friday: the release manager's report, and nothing for verify to fix", () => {
    const adoption = a.git(['log', '--format=%H', '--grep', 'chore: add ai-attest']).trim();
    const report = a.cli(['report', `${adoption}^..HEAD`, '--format', 'json']);
    expect(report.status, report.stderr).toBe(0);
    const totals = JSON.parse(report.stdout).totals;
    expect(totals.verification.failures).toEqual([]);
    expect(totals.commits.byState.used).toBeGreaterThanOrEqual(3);
    const verify = a.cli(['verify', '--all']);
    expect(verify.status, verify.stdout).toBe(0);
    expect(pushes.every((p) => p.status === 0)).toBe(true);
    expect(pushes.length).toBeGreaterThanOrEqual(5);
  });
});
