// @module-tag git
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { initRepo, trailer } from './helpers/attested.js';
import { BIN, makeSandbox } from './helpers/repo.js';
import { startTmux, type TmuxSession } from './helpers/tmux.js';

/**
 * A real `git commit` on a real terminal: the prepare-commit-msg hook asks on /dev/tty (git
 * gives hooks no usable stdin), commit-msg signs what was answered.
 */
const sandbox = makeSandbox();
const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.kill()));
afterAll(() => sandbox.cleanup());

function commitInTmux(dir: string, message: string): TmuxSession {
  const env = { ...sandbox.env, AI_ATTEST_BIN: BIN };
  const tmux = startTmux({
    command: `git commit -m '${message}'; echo "commit exit $?"; sleep 30`,
    cwd: dir,
    env,
    width: 160,
    height: 45,
  });
  sessions.push(tmux);
  return tmux;
}

describe('interactive commit through a real terminal', () => {
  it('asks every question and signs the answers', async () => {
    const repo = initRepo(sandbox, 'interactive');
    repo.write('src/auth/token.ts', 'export const token = 1;\n');
    repo.write('src/feature.ts', 'export const f = 2;\n');
    repo.git(['add', '-A']);
    const tmux = commitInTmux(repo.dir, 'Interactive feature');
    await tmux.waitFor('Was AI used for this change?', 20_000);
    tmux.keys('Enter');
    await tmux.waitFor('Which AI tools did you use?');
    tmux.keys('Space', 'Enter'); // Claude Code
    await tmux.waitFor('Which Claude Code model?');
    tmux.keys('Enter'); // the first known model
    await tmux.waitFor('How was Claude Code used?');
    tmux.keys('Enter'); // registry default: cli-agent
    await tmux.waitFor('About how much of the change came from AI?');
    tmux.keys('Down', 'Down', 'Down', 'Down', 'Enter'); // Custom...
    await tmux.waitFor('AI share in percent (0-100):');
    tmux.type('35');
    tmux.keys('Enter');
    await tmux.waitFor('Which of these sensitive files did AI touch?');
    tmux.keys('Enter'); // all checked: src/auth/token.ts
    await tmux.waitFor('commit exit 0', 20_000);

    expect(repo.git(['log', '-1', '--format=%s'])).toBe('Interactive feature\n');
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 used share=35 src=prompt via=cli-agent']);
    expect(trailer(repo, 'Assisted-by')).toEqual(['claude-code:claude-sonnet-4-5-20250929']);
    expect(trailer(repo, 'Ai-Attest-Sensitive')).toEqual(['src/auth/token.ts category=security-controls ai=claude-code']);
    expect(repo.git(['notes', '--ref=ai-attest', 'show', 'HEAD'])).toContain('"payloadType":"application/vnd.in-toto+json"');
  });

  it('Ctrl-C aborts the commit, keeps the message and writes no note', async () => {
    const repo = initRepo(sandbox, 'interrupted');
    repo.write('x.ts', 'x\n');
    repo.git(['add', '-A']);
    const before = repo.git(['rev-parse', 'HEAD']);
    const notesBefore = repo.git(['notes', '--ref=ai-attest', 'list']);
    const tmux = commitInTmux(repo.dir, 'Message worth keeping');
    await tmux.waitFor('Was AI used for this change?', 20_000);
    tmux.keys('Enter');
    await tmux.waitFor('Which AI tools did you use?');
    tmux.keys('C-c');
    const screen = await tmux.waitFor(/commit exit [1-9]/, 20_000);
    expect(screen).toMatch(/interrupted|aborted/i);
    expect(repo.git(['rev-parse', 'HEAD'])).toBe(before);
    expect(readFileSync(join(repo.dir, '.git', 'COMMIT_EDITMSG'), 'utf8')).toContain('Message worth keeping');
    expect(repo.git(['notes', '--ref=ai-attest', 'list'])).toBe(notesBefore);
    const pending = join(repo.dir, '.git', 'ai-attest', 'pending');
    expect(existsSync(pending) ? readdirSync(pending) : []).toEqual([]);
    expect(existsSync(join(repo.dir, '.git', 'ai-attest', 'answers.json'))).toBe(false);
  });
});
