// @module-tag git
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { appendEvents } from '../src/capture/store.js';
import type { DsseEnvelope } from '../src/core/model.js';
import { notePredicate } from '../src/core/note.js';
import { initRepo, noteOf } from './helpers/attested.js';
import { claudeEdit } from './helpers/capture-events.js';
import { BIN, makeSandbox } from './helpers/repo.js';
import { startTmux, type TmuxSession } from './helpers/tmux.js';

const sandbox = makeSandbox();
const sessions: TmuxSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.kill()));
afterAll(() => sandbox.cleanup());

/**
 * On a terminal, prepare-commit-msg computes the capture's pre-fill to offer it and hands it to
 * commit-msg, which signs that one instead of computing it again.
 */
describe('the pre-fill handed from prepare-commit-msg to commit-msg in a real commit', () => {
  it('commit-msg signs the pre-fill the prompt offered', async () => {
    const repo = initRepo(sandbox, 'handover');
    const agentLines = 'export function slug(s: string) {\n  return s.toLowerCase();\n}\n';
    repo.write('src/slug.ts', agentLines);
    repo.git(['add', '-A']);
    const gitDir = join(repo.dir, '.git');
    appendEvents(gitDir, [claudeEdit('src/slug.ts', agentLines)]);
    const tmux = startTmux({
      command: `git commit -m 'Slug helper'; echo "commit exit $?"; sleep 30`,
      cwd: repo.dir,
      env: { ...sandbox.env, AI_ATTEST_BIN: BIN },
      width: 160,
      height: 45,
    });
    sessions.push(tmux);
    await tmux.waitFor('Use the answers captured from your AI tools?', 20_000);
    const handover = join(gitDir, 'ai-attest', 'capture-prefill.json');
    expect(existsSync(handover)).toBe(true);
    // Mark what was handed over: a recomputation in commit-msg would not carry the mark.
    const handed = JSON.parse(readFileSync(handover, 'utf8')) as { prefill: { entries: Array<{ sessions: string[] }> } };
    expect(handed.prefill.entries).toHaveLength(1);
    handed.prefill.entries[0]!.sessions = ['handed-over'];
    writeFileSync(handover, JSON.stringify(handed));
    tmux.keys('Enter');
    await tmux.waitFor('commit exit 0', 20_000);
    expect(existsSync(handover)).toBe(false);
    const line = noteOf(repo)
      .split('\n')
      .find((l) => l.startsWith('{'))!;
    const predicate = notePredicate(JSON.parse(line) as DsseEnvelope) as unknown as { extensions: Record<string, unknown> };
    expect(predicate.extensions['ai-attest.capture']).toEqual([expect.objectContaining({ keptLines: 3, sessions: ['handed-over'] })]);
    expect(predicate.extensions['ai-attest.provenance']).toMatchObject({ source: 'prompt', confirmed: true });
  });
});
