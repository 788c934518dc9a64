// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { carryOf, commit, COPILOT, expectNoSilentLoss, lines, passes, predicates, verify, type Verdict } from './helpers/rewrite.js';
import { makeSandbox } from './helpers/repo.js';

/**
 * Rewrites through real git with the installed hooks: after each one, verify must report every
 * commit as ok, carried, or explicitly flagged (never a silent loss).
 */
const sandbox = makeSandbox('ai-attest-rewrite-');
afterAll(() => sandbox.cleanup());
let counter = 0;
const fresh = () => initRepo(sandbox, `rw${counter++}`);

describe('amend', () => {
  // One repository: each case amends a new commit on top of the previous case's.
  const repo = fresh();

  it('keeps the statement commit-msg re-signs, and keeps the old one as evidence', () => {
    const old = commit(repo, 'a.txt', lines(5), 'feature', CLAUDE, 60);
    repo.write('a.txt', lines(6));
    repo.git(['add', '-A']);
    const amend = repo.gitRaw(['commit', '-q', '--amend', '--no-edit']);
    expect(amend.status, amend.stderr).toBe(0);
    expect(amend.stderr).not.toMatch(/needs re-attestation|could not/);
    const v = verify(repo, 'HEAD')!.get('feature')!;
    expect(v.status).toBe('ok');
    expect(v.statement).toMatchObject({ source: 'amend', ai: 'used', share: 60 });
    expect(predicates(repo).length).toBeGreaterThanOrEqual(2);
    expect(predicates(repo).some((p) => p.binding.tree === repo.git(['rev-parse', `${old}^{tree}`]).trim())).toBe(true);
  });

  it('keeps the statement of an amend that only rewords (same tree and parents), commit-msg or not', () => {
    commit(repo, 'b.txt', lines(5), 'second', CLAUDE, 30);
    const amend = repo.gitRaw(['commit', '-q', '--amend', '--no-verify', '-m', 'second, reworded']);
    expect(amend.stderr).toBe('');
    const v = verify(repo, 'HEAD').get('second, reworded')!;
    expect(v.status).toBe('ok');
    expect(v.statement).toMatchObject({ source: 'env', share: 30 });
  });

  it('marks an amend that skipped commit-msg and changed the code as needing re-attestation', () => {
    commit(repo, 'c.txt', lines(5), 'third', CLAUDE, 30);
    repo.write('c.txt', lines(5, { 2: 'edited by hand' }));
    repo.git(['add', '-A']);
    const amend = repo.gitRaw(['commit', '-q', '--amend', '--no-verify', '--no-edit']);
    expect(amend.stderr).toMatch(/needs re-attestation.*ai-attest attest/);
    const v = verify(repo, 'HEAD').get('third')!;
    expect(v.status).toBe('fail');
    expect(v.results.find((r) => r.check === 'presence')?.fix).toMatch(/ai-attest attest/);
    const marker = carryOf(repo)!;
    expect(marker.ai).toBe('undeclared');
    expect(marker.extensions['ai-attest.needs-reattestation']).toMatchObject({ previous: { ai: 'used', share: 30 } });
  });
});

describe('needs re-attestation', () => {
  it('reports the marker under its own name, with the reason, not as a plain undeclared commit', () => {
    const repo = fresh();
    commit(repo, 'm.txt', lines(5), 'marked', CLAUDE, 30);
    repo.write('m.txt', lines(5, { 3: 'edited by hand' }));
    repo.git(['add', '-A']);
    repo.gitRaw(['commit', '-q', '--amend', '--no-verify', '--no-edit']);
    const reason = (carryOf(repo)!.extensions['ai-attest.needs-reattestation'] as { reason: string }).reason;
    expect(reason).toBeTruthy();
    const v = verify(repo, 'HEAD').get('marked')!;
    expect(v.status).toBe('fail');
    const presence = v.results.find((r) => r.check === 'presence')!;
    expect(presence).toMatchObject({
      result: 'needs-reattestation',
      level: 'fail',
      fix: expect.stringMatching(/^ai-attest attest [0-9a-f]{12}$/),
    });
    expect(presence.message).toContain(reason);
    expect(v.results.some((r) => r.result === 'undeclared')).toBe(false);
  });
});

describe('rebase', () => {
  it('carries unchanged commits, also when an upstream edit moved their context lines', () => {
    const repo = fresh();
    commit(repo, 'f.txt', lines(12), 'base');
    repo.git(['checkout', '-q', '-b', 'topic']);
    const near = commit(repo, 'f.txt', lines(12, { 6: 'topic six' }), 'near upstream edit', CLAUDE, 50);
    const far = commit(repo, 'g.txt', lines(4), 'separate file', COPILOT, 90);
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'f.txt', lines(12, { 4: 'main four' }), 'upstream');
    repo.git(['checkout', '-q', 'topic']);
    const rebase = repo.gitRaw(['rebase', 'main']);
    expect(rebase.status, rebase.stderr).toBe(0);
    expect(rebase.stderr).toMatch(/carried the attestations of 2 rewritten commits/);

    expect(carryOf(repo, 'HEAD~1')).toMatchObject({
      carriedFrom: [near],
      extensions: { 'ai-attest.carry': { kind: 'rebase', proof: 'changed-lines' } },
    });
    expect(carryOf(repo, 'HEAD')).toMatchObject({
      carriedFrom: [far],
      share: 90,
      extensions: { 'ai-attest.carry': { kind: 'rebase', proof: 'patch-id' } },
    });
    const verdicts = verify(repo, 'main..topic');
    expect(verdicts.size).toBe(2);
    for (const v of verdicts.values()) {
      expect(passes(v), `${v.subject}: ${v.status} ${JSON.stringify(v.results)}`).toBe(true);
      expect(v.statement?.source).toBe('carry');
    }
    // The moved context lines changed the patch-id: the trailers are the replaced commit's.
    const show = JSON.parse(repo.cli(['show', 'HEAD~1', '--json']).stdout) as {
      results: Array<{ check: string; result: string; level: string; source?: string }>;
    };
    expect(show.results).toContainEqual(
      expect.objectContaining({ check: 'binding', result: 'superseded', level: 'pass', source: 'trailers' }),
    );
    const strict = repo.cli(['verify', '--json', '--no-cache', '--strict', 'main..topic']);
    expect(strict.status).toBe(1);
    const moved = (JSON.parse(strict.stdout) as { commits: Verdict[] }).commits.find((c) => c.subject === 'near upstream edit')!;
    expect(moved.results).toContainEqual(expect.objectContaining({ check: 'binding', result: 'binding-mismatch', level: 'fail' }));
  });

  it('marks a commit whose conflict was resolved by an edit, and attest clears it', () => {
    const repo = fresh();
    commit(repo, 'f.txt', lines(6), 'base');
    repo.git(['checkout', '-q', '-b', 'topic']);
    commit(repo, 'f.txt', lines(6, { 3: 'topic three' }), 'conflicting', CLAUDE, 70);
    commit(repo, 'h.txt', lines(3), 'clean one', CLAUDE, 20);
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'f.txt', lines(6, { 3: 'main three' }), 'upstream');
    repo.git(['checkout', '-q', 'topic']);
    expect(repo.gitRaw(['rebase', 'main']).status).not.toBe(0);
    repo.write('f.txt', lines(6, { 3: 'resolved by hand' }));
    repo.git(['add', 'f.txt']);
    const cont = repo.gitRaw(['rebase', '--continue'], { env: { GIT_EDITOR: 'true' } });
    expect(cont.status, cont.stderr).toBe(0);
    expect(cont.stderr).toMatch(/needs re-attestation: its change was edited during the rebase/);

    let verdicts = verify(repo, 'main..topic');
    expect(passes(verdicts.get('clean one')!)).toBe(true);
    const edited = verdicts.get('conflicting')!;
    expect(edited.status).toBe('fail');
    expect(edited.results.map((r) => r.fix).join('\n')).toMatch(/ai-attest attest/);
    expectNoSilentLoss(verdicts);

    const attest = repo.cli(['attest', 'HEAD~1', '--tools', CLAUDE, '--proportion', '60']);
    expect(attest.status, attest.stderr).toBe(0);
    verdicts = verify(repo, 'main..topic');
    const attested = verdicts.get('conflicting')!;
    expect(passes(attested), JSON.stringify(attested.results)).toBe(true);
    expect(attested.statement).toMatchObject({ source: 'attest', share: 60 });
  });

  it('merges squash and fixup: union of tools, line-weighted share, originals kept as evidence', () => {
    const repo = fresh();
    commit(repo, 'base.txt', 'b\n', 'base');
    repo.git(['checkout', '-q', '-b', 'topic']);
    const a = commit(repo, 'a.txt', lines(10), 'A', CLAUDE, 40);
    const b = commit(repo, 'b.txt', lines(30), 'B');
    const c = commit(repo, 'c.txt', lines(10), 'C', COPILOT, 80);
    const d = commit(repo, 'c.txt', lines(10, { 1: 'fixed', 2: 'fixed' }), 'D', CLAUDE, 100);
    const todo = "sed -i -e '2s/^pick/squash/' -e '4s/^pick/fixup/'";
    const rebase = repo.gitRaw(['rebase', '-i', 'main'], { env: { GIT_SEQUENCE_EDITOR: todo, GIT_EDITOR: 'true' } });
    expect(rebase.status, rebase.stderr).toBe(0);
    expect(repo.git(['rev-list', '--count', 'main..topic']).trim()).toBe('2');

    const ab = carryOf(repo, 'HEAD~1')!;
    expect(ab).toMatchObject({ source: 'carry', ai: 'used', share: 10, carriedFrom: [a, b] });
    expect(ab.tools.map((t) => t.tool)).toEqual(['claude-code']);
    expect(ab.extensions['ai-attest.carry']).toEqual({ kind: 'squash', proof: 'squash' });
    const cd = carryOf(repo, 'HEAD')!;
    // C: 10 lines at 80 %, D: 4 changed lines at 100 % -> (800 + 400) / 14
    expect(cd).toMatchObject({ share: 86, carriedFrom: [c, d] });
    expect(cd.tools.map((t) => t.tool).sort()).toEqual(['claude-code', 'copilot']);
    // The four original statements stay on the new commits as evidence.
    expect(predicates(repo, 'HEAD~1').filter((p) => p.source === 'env')).toHaveLength(2);
    expect(predicates(repo, 'HEAD').filter((p) => p.source === 'env')).toHaveLength(2);

    const verdicts = verify(repo, 'main..topic');
    expectNoSilentLoss(verdicts);
    for (const v of verdicts.values()) {
      expect(passes(v), `${v.subject}: ${v.status} ${JSON.stringify(v.results)}`).toBe(true);
      expect(v.statement).toMatchObject({ source: 'carry' });
      expect(v.statement!.carriedFrom).toHaveLength(2);
    }
  });
});
