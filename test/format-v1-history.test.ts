// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPredicate, signPredicate } from '../src/core/attest.js';
import { PREDICATE_VERSION, type Answers } from '../src/core/model.js';
import { rewriteTrailers } from '../src/core/trailers.js';
import { loadSigningKey } from '../src/crypto/signing-key.js';
import { CLAUDE, initRepo, trailer } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';
import { recommit, rev, setNote } from './helpers/tamper.js';

/**
 * Years of history were attested with format v1: it must verify as it always did, beside v2
 * commits made now, and its tampering must still be caught.
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());
let repo: Repo;
const v1: string[] = [];

/** A commit attested the way ai-attest 1.x did it: v1 trailers and the same statement in the note. */
async function commitV1(file: string, answers: Answers): Promise<string> {
  repo.write(file, `${file}\n`);
  repo.git(['add', file]);
  const tree = repo.git(['write-tree']).trim();
  const parent = rev(repo, 'HEAD');
  const diff = repo.git(['diff-tree', '-p', '--no-renames', '--full-index', '--binary', parent, tree]);
  const patchId = repo.git(['patch-id', '--stable'], { input: diff }).split(' ')[0]!;
  const signer = await loadSigningKey({ env: repo.env });
  const predicate = { ...buildPredicate(answers, { tree, parents: [parent], patchId }, signer, new Date()), version: 1 };
  const signed = signPredicate(predicate, signer);
  const message = rewriteTrailers(`Change ${file}\n`, () => true, signed.trailers);
  const id = repo.git(['commit-tree', tree, '-p', parent], { input: message }).trim();
  repo.git(['update-ref', 'HEAD', id]);
  setNote(repo, id, `${signed.noteLine}\n`);
  return id;
}

beforeAll(async () => {
  expect(PREDICATE_VERSION).toBe(2);
  repo = initRepo(sandbox);
  v1.push(await commitV1('docs/a.md', { ai: 'none', tools: [], share: 0, sensitive: [], source: 'env' }));
  v1.push(
    await commitV1('src/auth/login.ts', {
      ai: 'used',
      tools: [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' }],
      share: 40,
      source: 'prompt',
      sensitive: [{ path: 'src/auth/login.ts', category: 'security-controls', ai: ['claude-code'] }],
    }),
  );
  repo.write('src/new.ts', 'new\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'A v2 commit'], { env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '10', AI_ATTEST_QUIET: '1' } });
}, 60_000);

describe('a history attested with format v1', () => {
  it('verifies unchanged beside v2 commits', () => {
    expect(trailer(repo, 'Ai-Attest', v1[1]!)).toEqual(['v1']);
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 used share=10 src=env via=cli-agent']);
    // What v2 adds to a message: 3 lines for one tool, 2 for a human-only commit (the first one).
    expect(repo.git(['log', '-1', '--format=%B']).trimEnd().split('\n')).toEqual([
      'A v2 commit',
      '',
      'Ai-Attest: v2 used share=10 src=env via=cli-agent',
      `Assisted-by: ${CLAUDE}`,
      expect.stringMatching(/^Ai-Attest-Sig: \S+$/),
    ]);
    expect(
      repo
        .git(['log', '-1', '--format=%B', `${v1[0]}~1`])
        .trimEnd()
        .split('\n'),
    ).toEqual(['Initial commit', '', 'Ai-Attest: v2 none src=env', expect.stringMatching(/^Ai-Attest-Sig: \S+$/)]);
    const r = repo.cli(['verify', `${v1[0]}~1..HEAD`, '--json']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const commits = JSON.parse(r.stdout).commits as Array<{ status: string; statement: { attester: { email: string }; share: number } }>;
    expect(commits.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
    expect(commits.map((c) => c.statement.attester.email)).toEqual(['dev@example.com', 'dev@example.com', 'dev@example.com']);
  });

  it('still catches an edited v1 trailer and an unsigned v1 Assisted-by line', () => {
    const edited = recommit(repo, v1[1]!, { message: (m) => m.replace('Ai-Attest-Share: 40', 'Ai-Attest-Share: 4') });
    const r = repo.cli(['verify', `${edited}^!`, '--json']);
    expect(r.status).toBe(1);
    expect(
      JSON.parse(r.stdout)
        .commits[0].results.filter((x: { level: string }) => x.level === 'fail')
        .map((x: { result: string }) => x.result),
    ).toEqual(['bad-signature']);
    const shown = recommit(repo, v1[1]!, {
      message: (m) => m.replace('Assisted-by: claude-code:claude-sonnet-4-5-20250929', 'Assisted-by: claude-code:claude-opus-4-1-20250805'),
    });
    const s = repo.cli(['verify', `${shown}^!`, '--json']);
    expect(s.status, s.stdout).toBe(1);
    expect(
      JSON.parse(s.stdout)
        .commits[0].results.filter((x: { level: string }) => x.level === 'fail')
        .map((x: { result: string }) => x.result),
    ).toEqual(['unsigned-trailer', 'unsigned-trailer']);
    expect(
      JSON.parse(s.stdout)
        .commits[0].results.map((x: { message: string }) => x.message)
        .join('\n'),
    ).toContain('no "Assisted-by: claude-code:claude-sonnet-4-5-20250929" line for a signed tool');
  });
});
