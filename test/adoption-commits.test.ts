// @module-tag git
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DsseEnvelope } from '../src/core/model.js';
import { notePredicate } from '../src/core/note.js';
import { CLAUDE, initRepo, trailer } from './helpers/attested.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';
import { startTmux, type TmuxSession } from './helpers/tmux.js';

const sandbox = makeSandbox('ai-attest-adopt-commits-');
const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.kill()));
afterAll(() => sandbox.cleanup());
const AI = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '60' };

/** As developers run it: the installed stubs start the code-cached hook bundles (no AI_ATTEST_BIN). */
function inTmux(repo: Repo, command: string): TmuxSession {
  const tmux = startTmux({ command: `${command}; echo "all done $?"; sleep 30`, cwd: repo.dir, env: sandbox.env, width: 160, height: 45 });
  sessions.push(tmux);
  return tmux;
}

function verifyAll(repo: Repo) {
  const result = repo.cli(['verify', '--json', 'HEAD']);
  return {
    status: result.status,
    report: JSON.parse(result.stdout || '{}') as {
      summary: { fail: number; commits: number };
      commits: Array<{ commit: string; status: string; results: Array<{ result: string; fix?: string }> }>;
    },
    stderr: result.stderr,
  };
}

describe('git revert (git runs prepare-commit-msg and post-commit only)', () => {
  const repo = initRepo(sandbox, 'revert');
  repo.write('src/feature.ts', 'export const f = 1;\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'Feature written with AI'], { env: AI });
  const reverted = repo.git(['rev-parse', 'HEAD']).trim();
  const revert = repo.gitRaw(['revert', '--no-edit', 'HEAD']);

  it('is attested as the inverse of the reverted change, and verify passes', () => {
    expect(revert.status, revert.stderr).toBe(0);
    expect(revert.stderr).toContain(`signed the revert of ${reverted.slice(0, 12)}`);
    const note = repo.git(['notes', '--ref=ai-attest', 'show', 'HEAD']);
    // Format v2: extensions are in the note part beside the signed statement.
    const predicate = notePredicate(JSON.parse(note.trim().split('\n')[0]!) as DsseEnvelope);
    expect(predicate).toMatchObject({ ai: 'none', extensions: { 'ai-attest.revert': { reverts: reverted, proof: 'patch-id' } } });
    const { status, report } = verifyAll(repo);
    expect(status, JSON.stringify(report.commits.filter((c) => c.status === 'fail'))).toBe(0);
  });
});

describe('a fresh clone whose remote has notes it never fetched', () => {
  const origin = initRepo(sandbox, 'notes-origin');
  origin.write('late.txt', 'x\n');
  origin.git(['add', '-A']);
  origin.git(['commit', '-q', '-m', 'Committed with hooks skipped'], { env: { AI_ATTEST: '0' } });
  expect(origin.cli(['attest', 'HEAD', '--tools', 'none']).status).toBe(0);
  const remote = makeRepo(sandbox, 'notes-remote.git', false);
  remote.git(['init', '-q', '--bare']);
  origin.git(['push', '-q', '--no-verify', remote.dir, 'main', 'refs/notes/ai-attest']);
  const clone = makeRepo(sandbox, 'notes-clone', false);
  clone.git(['clone', '-q', remote.dir, '.']);

  it('verify names `ai-attest sync`, not `ai-attest attest`, as the fix', () => {
    const { status, report } = verifyAll(clone);
    expect(status).toBe(1);
    const missing = report.commits.flatMap((c) => c.results).filter((r) => r.result === 'missing');
    expect(missing.length).toBe(1);
    expect(missing[0]?.fix).toContain('ai-attest sync origin');
    expect(clone.cli(['sync']).status).toBe(0);
    expect(verifyAll(clone).status).toBe(0);
  });
});

describe('amending on a terminal', () => {
  const repo = initRepo(sandbox, 'amend');
  repo.write('a.ts', 'a\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'With AI'], { env: AI });

  it('--amend -m offers the previous answers and keeps them', async () => {
    const tmux = inTmux(repo, "git commit --amend -m 'Reworded'");
    await tmux.waitFor('Reuse the previous answers?', 20_000);
    tmux.keys('Enter');
    await tmux.waitFor('all done 0', 20_000);
    expect(repo.git(['log', '-1', '--format=%s'])).toBe('Reworded\n');
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 used share=60 src=amend via=cli-agent']);
    expect(trailer(repo, 'Assisted-by')).toEqual(['claude-code:claude-sonnet-4-5-20250929']);
  });

  it('--amend --no-edit words them as the previous answers, not as captured ones', async () => {
    const tmux = inTmux(repo, 'git commit --amend --no-edit');
    const screen = await tmux.waitFor('Reuse the previous answers?', 20_000);
    expect(screen).not.toContain('captured');
    tmux.keys('Enter');
    await tmux.waitFor('all done 0', 20_000);
    expect(trailer(repo, 'Ai-Attest')[0]).toMatch(/^v2 used share=60 /);
  });
});

describe('a commit another commit-msg hook rejects (commitlint)', () => {
  const repo = makeRepo(sandbox, 'commitlint');
  writeFileSync(
    join(repo.dir, '.git', 'hooks', 'commit-msg'),
    '#!/bin/sh\ngrep -q "^feat: " "$1" || { echo "commitlint: subject must start with feat:" >&2; exit 1; }\n',
    { mode: 0o755 },
  );
  expect(repo.cli(['init', '--yes']).status).toBe(0);
  repo.write('b.ts', 'b\n');
  repo.git(['add', '-A']);

  it('keeps the answers for the retry', async () => {
    const tmux = inTmux(repo, "git commit -m 'bad subject'; git commit -m 'feat: good subject'");
    await tmux.waitFor('Was AI used for this change?', 20_000);
    tmux.keys('Down', 'Enter'); // No AI
    await tmux.waitFor('commitlint: subject must start with feat:', 20_000);
    await tmux.waitFor('Use the answers you gave for the rejected commit?', 20_000);
    tmux.keys('Enter');
    await tmux.waitFor('all done 0', 20_000);
    expect(repo.git(['log', '-1', '--format=%s'])).toBe('feat: good subject\n');
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 none src=prompt']);
  });
});

describe('Ctrl-C at the questions before the editor opens', () => {
  const repo = initRepo(sandbox, 'ctrl-c');
  repo.write('c.ts', 'c\n');
  repo.git(['add', '-A']);

  it('does not claim a message was kept', async () => {
    const tmux = inTmux(repo, 'GIT_EDITOR=true git commit');
    await tmux.waitFor('Was AI used for this change?', 20_000);
    tmux.keys('C-c');
    const screen = await tmux.waitFor(/all done [1-9]/, 20_000);
    expect(screen).toContain('the commit was aborted before you wrote its message');
    expect(screen).not.toContain('Your message is kept');
  });

  it('with -m, says the message is kept', async () => {
    const tmux = inTmux(repo, "git commit -m 'A message worth keeping'");
    await tmux.waitFor('Was AI used for this change?', 20_000);
    tmux.keys('C-c');
    const screen = await tmux.waitFor(/all done [1-9]/, 20_000);
    expect(screen).toContain('Your message is kept in .git/COMMIT_EDITMSG');
  });
});
