// @module-tag git
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPredicate, signPredicate } from '../src/core/attest.js';
import { rewriteTrailers } from '../src/core/trailers.js';
import { loadSigningKey } from '../src/crypto/signing-key.js';
import { CLAUDE, initRepo, trailer } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';
import { BIN } from './helpers/repo.js';
import { cliAsync, makeKey, messageOf, recommit, rev, setNote } from './helpers/tamper.js';
import { startTmux } from './helpers/tmux.js';

/**
 * Attacks on what the message shows (issue 8 items 4 and 5, issue 16 item 1), each on a real
 * repository through the built CLI and the installed hooks, each caught under its own result
 * with exit status 1.
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());
let repo: Repo;
const QUIET = { AI_ATTEST_QUIET: '1' };
const AI = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '40' };
let counter = 0;

/** Stages a new file and commits it with `message` and the environment given; returns the new commit and the hook's stderr. */
function commit(message: string, env: NodeJS.ProcessEnv = {}): { id: string; stderr: string } {
  const file = `src/f${counter++}.ts`;
  repo.write(file, `export const x${counter} = 1;\n`);
  repo.git(['add', file]);
  const r = repo.gitRaw(['commit', '-q', '-F', '-'], { env: { ...QUIET, ...env }, input: message });
  expect(r.status, r.stderr).toBe(0);
  return { id: rev(repo, 'HEAD'), stderr: r.stderr };
}

async function failures(id: string): Promise<{ status: number | null; results: string[] }> {
  const r = await cliAsync(repo, ['verify', `${id}^!`, '--json']);
  const verdict = JSON.parse(r.stdout).commits[0] as { results: Array<{ result: string; level: string }> };
  return { status: r.status, results: verdict.results.filter((x) => x.level === 'fail').map((x) => x.result) };
}

/** The signed v2 block a trusted (or any) key would write for the change staged now. */
async function blockForStaged(home: string | null): Promise<string> {
  const tree = repo.git(['write-tree']).trim();
  const parent = rev(repo, 'HEAD');
  const diff = repo.git(['diff-tree', '-p', '--no-renames', '--full-index', '--binary', parent, tree]);
  const patchId = repo.git(['patch-id', '--stable'], { input: diff }).split(' ')[0]!;
  const signer = await loadSigningKey({ env: home ? { ...repo.env, AI_ATTEST_HOME: home } : repo.env });
  const signed = signPredicate(
    buildPredicate(
      { ai: 'none', tools: [], share: 0, sensitive: [], source: 'prompt' },
      { tree, parents: [parent], patchId },
      signer,
      new Date(),
    ),
    signer,
  );
  return signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n');
}

beforeAll(() => {
  repo = initRepo(sandbox);
});

describe('the hook signs only what it asked or verified (issue 8, item 4)', () => {
  it('made-up Ai-Attest trailers in a message without answers are removed with a warning, not signed', async () => {
    const { id, stderr } = commit('Agent change\n\nAi-Attest: v1\nAi-Attest-AI: none\nAi-Attest-Source: prompt\n');
    expect(stderr).toMatch(/already ends with Ai-Attest trailers that .*removed/);
    expect(trailer(repo, 'Ai-Attest-AI', id)).toEqual([]);
    expect(trailer(repo, 'Ai-Attest', id)).toEqual(['v2 undeclared src=policy']);
    expect(await failures(id)).toEqual({ status: 1, results: ['undeclared'] });
  });

  it('a genuine block copied from another commit does not bind this change', async () => {
    const { id: source } = commit('Human change\n', { AI_ATTEST_TOOLS: 'none' });
    const block = messageOf(repo, source).split('\n\n').pop()!;
    const { id, stderr } = commit(`Agent change\n\n${block}`);
    expect(stderr).toMatch(/signed for another change/);
    expect(trailer(repo, 'Ai-Attest', id)).toEqual(['v2 undeclared src=policy']);
    expect(await failures(id)).toEqual({ status: 1, results: ['undeclared'] });
  });

  it('a block signed for this very change by a key the repository does not trust is not reused', async () => {
    const outsider = await makeKey(join(sandbox.root, 'outsider'));
    repo.write('src/outsider.ts', 'export const o = 1;\n');
    repo.git(['add', 'src/outsider.ts']);
    const block = await blockForStaged(outsider.home);
    const r = repo.gitRaw(['commit', '-q', '-F', '-'], { env: QUIET, input: `Agent change\n\n${block}\n` });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/not signed by a trusted key/);
    const id = rev(repo, 'HEAD');
    expect(trailer(repo, 'Ai-Attest', id)).toEqual(['v2 undeclared src=policy']);
    expect(await failures(id)).toEqual({ status: 1, results: ['undeclared'] });
  });

  it('a block a trusted key signed for this change is reused (commit -F of a prepared message)', async () => {
    repo.write('src/prepared.ts', 'export const p = 1;\n');
    repo.git(['add', 'src/prepared.ts']);
    const block = await blockForStaged(null);
    const r = repo.gitRaw(['commit', '-q', '-F', '-'], { env: QUIET, input: `Prepared\n\n${block}\n` });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 none src=prompt']);
    expect(await failures(rev(repo, 'HEAD'))).toEqual({ status: 0, results: [] });
  });
});

describe('every shown field is signed (issue 8, item 5)', () => {
  let aiCommit: string;
  beforeAll(() => {
    aiCommit = commit('AI change\n', AI).id;
  });

  it('an Assisted-by line of the block edited on a reworded commit fails the signature', async () => {
    const id = recommit(repo, aiCommit, {
      message: (m) => m.replace(`Assisted-by: ${CLAUDE}`, 'Assisted-by: claude-code:claude-opus-4-1-20250805'),
    });
    expect(await failures(id)).toEqual({ status: 1, results: ['bad-signature'] });
  });

  it('a duplicated token is malformed, whichever copy a reader takes', async () => {
    const id = recommit(repo, aiCommit, { message: (m) => m.replace('share=40', 'share=40 share=90') });
    expect(await failures(id)).toEqual({ status: 1, results: ['malformed'] });
  });

  it('an unknown token in the head line is malformed', async () => {
    const id = recommit(repo, aiCommit, { message: (m) => m.replace('src=env', 'src=env reviewed=yes') });
    expect(await failures(id)).toEqual({ status: 1, results: ['malformed'] });
  });

  it('an extra Ai-Attest-* line beside a v2 block is malformed', async () => {
    const id = recommit(repo, aiCommit, { message: (m) => m.replace(/^(Ai-Attest-Sig: .*)$/m, 'Ai-Attest-Share: 5\n$1') });
    expect(await failures(id)).toEqual({ status: 1, results: ['malformed'] });
  });

  it('a __proto__ key in the note part is refused, not merged into a prototype', async () => {
    const signer = await loadSigningKey({ env: repo.env });
    const extensions = JSON.parse('{"__proto__":{"polluted":true},"ai-attest.capture":{"sessions":1}}') as Record<string, unknown>;
    const tree = repo.git(['rev-parse', `${aiCommit}^{tree}`]).trim();
    const parents = [rev(repo, `${aiCommit}^`)];
    const patchId = repo
      .git(['patch-id', '--stable'], { input: repo.git(['show', '--format=', '--no-renames', '--full-index', '--binary', aiCommit]) })
      .split(' ')[0]!;
    const predicate = buildPredicate(
      {
        ai: 'used',
        tools: [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' }],
        share: 40,
        sensitive: [],
        source: 'env',
        extensions,
      },
      { tree, parents, patchId },
      signer,
      new Date(),
    );
    const signed = signPredicate(predicate, signer);
    expect(signed.noteLine).toContain('"__proto__"');
    const id = recommit(repo, aiCommit, {
      message: (m) => rewriteTrailers(m.replace(/\n\nAi-Attest:[\s\S]*$/, '\n'), () => true, signed.trailers),
    });
    setNote(repo, id, `${signed.noteLine}\n`);
    expect(await failures(id)).toEqual({ status: 1, results: ['note-invalid'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a v1 Ai-Attest-Ext: __proto__ line is malformed', async () => {
    const signer = await loadSigningKey({ env: repo.env });
    const tree = repo.git(['rev-parse', `${aiCommit}^{tree}`]).trim();
    const parents = [rev(repo, `${aiCommit}^`)];
    const extensions = JSON.parse('{"__proto__":{"share":99}}') as Record<string, unknown>;
    const predicate = {
      ...buildPredicate(
        { ai: 'none', tools: [], share: 0, sensitive: [], source: 'env', extensions },
        { tree, parents, patchId: '' },
        signer,
        new Date(),
      ),
      version: 1,
    };
    const signed = signPredicate(predicate, signer);
    expect(signed.trailers.some((t) => t.key === 'Ai-Attest-Ext' && t.value.startsWith('__proto__ '))).toBe(true);
    const id = recommit(repo, aiCommit, { message: () => rewriteTrailers('v1 forged\n', () => true, signed.trailers) });
    expect(await failures(id)).toEqual({ status: 1, results: ['malformed'] });
  });

  it('a typed Assisted-by naming an agent beside a signed "no AI" is flagged', async () => {
    const { id } = commit('Human, they say\n\nAssisted-by: Claude Opus 4.6\n', { AI_ATTEST_TOOLS: 'none' });
    expect(trailer(repo, 'Assisted-by', id)).toEqual(['Claude Opus 4.6']);
    expect(await failures(id)).toEqual({ status: 1, results: ['disclosure-contradicts'] });
    // show lists it as typed, apart from what is signed.
    const show = repo.cli(['show', id, '--json']);
    expect(JSON.parse(show.stdout).disclosures).toEqual([{ key: 'Assisted-by', value: 'Claude Opus 4.6', tool: 'claude-code' }]);
    expect(repo.cli(['show', id]).stdout).toMatch(/typed in the message, not signed\n {2}Assisted-by: Claude Opus 4.6/);
  });

  it('an agent co-author beside a signed "no AI" is flagged', async () => {
    const { id } = commit('Human, they say\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', { AI_ATTEST_TOOLS: 'none' });
    expect(await failures(id)).toEqual({ status: 1, results: ['disclosure-contradicts'] });
  });

  it('a human co-author beside "no AI" is not a disclosure', async () => {
    const { id } = commit('Pairing\n\nCo-authored-by: Claude Shannon <claude@example.com>\n', { AI_ATTEST_TOOLS: 'none' });
    expect(await failures(id)).toEqual({ status: 0, results: [] });
  });
});

describe('trailers ai-attest did not write survive every hook path (issue 16, item 1)', () => {
  const TYPED = 'Assisted-by: Claude Opus 4.6';
  const typed = (id = 'HEAD') => trailer(repo, 'Assisted-by', id).filter((v) => v === 'Claude Opus 4.6');

  it('commit with tools declared: the typed line is kept beside the signed one', async () => {
    const { id } = commit(`Feature\n\nCo-authored-by: Pat <pat@example.com>\n${TYPED}\n`, AI);
    expect(trailer(repo, 'Assisted-by', id)).toEqual(['Claude Opus 4.6', CLAUDE]);
    expect(trailer(repo, 'Co-authored-by', id)).toEqual(['Pat <pat@example.com>']);
    expect(await failures(id)).toEqual({ status: 0, results: [] });
  });

  it('amend, with and without a new message', () => {
    repo.write('src/amend.ts', 'a\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--amend', '--no-edit'], { env: QUIET });
    expect(typed()).toEqual(['Claude Opus 4.6']);
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 used share=40 src=amend via=cli-agent']);
    repo.git(['commit', '-q', '--amend', '-m', `Reworded\n\n${TYPED}`], { env: { ...QUIET, ...AI } });
    expect(typed()).toEqual(['Claude Opus 4.6']);
    expect(trailer(repo, 'Assisted-by')).toEqual(['Claude Opus 4.6', CLAUDE]);
  });

  it('rebase onto a moved base', () => {
    const tip = rev(repo, 'HEAD');
    repo.git(['checkout', '-q', '-b', 'side', 'HEAD~1']);
    commit('Upstream\n', { AI_ATTEST_TOOLS: 'none' });
    repo.git(['checkout', '-q', '-B', 'topic', tip]);
    repo.git(['rebase', '-q', 'side'], { env: QUIET });
    expect(typed()).toEqual(['Claude Opus 4.6']);
  });

  it('squash (merge --squash and commit)', () => {
    repo.git(['checkout', '-q', '-b', 'squashed', 'side']);
    repo.git(['merge', '-q', '--squash', 'topic'], { env: QUIET });
    repo.git(['commit', '-q', '-m', `Squashed topic\n\n${TYPED}`], { env: QUIET });
    expect(typed()).toEqual(['Claude Opus 4.6']);
    expect(trailer(repo, 'Ai-Attest')[0]).toMatch(/^v2 used /);
  });

  it('revert, with the line typed into the message', () => {
    repo.git(['revert', '--no-commit', 'HEAD']);
    repo.git(['commit', '-q', '-m', `Revert the squash\n\n${TYPED}`], { env: { ...QUIET, ...AI } });
    expect(typed()).toEqual(['Claude Opus 4.6']);
    expect(trailer(repo, 'Ai-Attest')[0]).toMatch(/^v2 used /);
  });
});

describe('on a terminal, "no AI" beside a typed disclosure is asked about (issue 16, item 1)', () => {
  it('asks, and a developer who says no gets the tool questions instead of a signed "no AI"', async () => {
    const local = initRepo(sandbox, 'terminal');
    local.write('src/t.ts', 'export const t = 1;\n');
    local.git(['add', '-A']);
    const tmux = startTmux({
      command: `git commit -m 'Feature' -m 'Assisted-by: Claude Opus 4.6'; echo "commit exit $?"; sleep 30`,
      cwd: local.dir,
      env: { ...sandbox.env, AI_ATTEST_BIN: BIN },
      width: 160,
      height: 45,
    });
    try {
      await tmux.waitFor('Was AI used for this change?', 20_000);
      tmux.keys('Down', 'Enter'); // No AI was used
      await tmux.waitFor('The message says "Assisted-by: Claude Opus 4.6" (typed, not signed). Record "no AI" anyway?');
      tmux.keys('Enter'); // default: no
      await tmux.waitFor('Which AI tools did you use?');
      tmux.keys('Space', 'Enter');
      await tmux.waitFor(/Which Claude Code model\?/);
      tmux.keys('Enter');
      await tmux.waitFor('How was Claude Code used?');
      tmux.keys('Enter');
      await tmux.waitFor('About how much of the change came from AI?');
      tmux.keys('Enter');
      await tmux.waitFor('commit exit 0', 20_000);
    } finally {
      tmux.kill();
    }
    expect(trailer(local, 'Assisted-by')).toEqual(['Claude Opus 4.6', CLAUDE]);
    expect(trailer(local, 'Ai-Attest')[0]).toMatch(/^v2 used share=\d+ src=prompt via=cli-agent$/);
  }, 60_000);
});

describe('a commit whose note was lost', () => {
  it('still verifies on its trailers, which keep the AI-touched sensitive files; the note part is what is lost', async () => {
    repo.write('src/auth/ai.ts', 'a\n');
    repo.write('src/auth/human.ts', 'h\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Auth work'], { env: { ...QUIET, ...AI, AI_ATTEST_SENSITIVE: 'src/auth/ai.ts' } });
    const id = rev(repo, 'HEAD');
    expect(trailer(repo, 'Ai-Attest-Sensitive', id)).toEqual(['src/auth/ai.ts category=security-controls ai=claude-code']);
    const withNote = await cliAsync(repo, ['verify', `${id}^!`, '--json']);
    expect(JSON.parse(withNote.stdout).commits[0].statement.sensitive.map((s: { path: string }) => s.path)).toEqual([
      'src/auth/ai.ts',
      'src/auth/human.ts',
    ]);
    repo.git(['notes', '--ref=ai-attest', 'remove', id]);
    const r = await cliAsync(repo, ['verify', `${id}^!`, '--json']);
    expect(r.status, r.stdout).toBe(0);
    const verdict = JSON.parse(r.stdout).commits[0];
    expect(verdict.statement.sensitive.map((s: { path: string }) => s.path)).toEqual(['src/auth/ai.ts']);
    const show = JSON.parse(repo.cli(['show', id, '--json']).stdout) as { results: Array<{ check: string; message: string }> };
    expect(show.results.find((x) => x.check === 'sensitive')?.message).toMatch(/note part .* missing/);
  });
});
