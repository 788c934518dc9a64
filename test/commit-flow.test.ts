// @module-tag git
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeTrailers } from '../src/core/attestation-trailers.js';
import { canonicalJson } from '../src/core/canonical-json.js';
import { parseNote } from '../src/core/note.js';
import { decodeEnvelopePayload, preAuthEncoding } from '../src/core/statement.js';
import { parseTrailers } from '../src/core/trailers.js';
import { loadKeyring } from '../src/crypto/keyring.js';
import { CLAUDE, initRepo, noteOf, trailer } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';

const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());
let counter = 0;
const fresh = () => initRepo(sandbox, `repo${counter++}`);

function decoded(repo: Repo, rev = 'HEAD') {
  const result = decodeTrailers(parseTrailers(repo.git(['log', '-1', '--format=%B', rev])));
  if (result.kind !== 'ok') throw new Error(`no valid attestation on ${rev}: ${JSON.stringify(result)}`);
  return result;
}

async function verifySignature(repo: Repo, rev = 'HEAD') {
  const { signature } = decoded(repo, rev);
  const keyring = await loadKeyring([join(repo.dir, '.ai-attest', 'keys')]);
  const { preAuthEncoding: pae } = await import('../src/core/statement.js');
  return keyring.verify(pae('application/vnd.in-toto+json', decoded(repo, rev).payload), signature);
}

function commitPatchId(repo: Repo, rev = 'HEAD'): string {
  const show = repo.git(['show', '--format=', '--no-renames', '--full-index', '--binary', rev]);
  return repo.git(['patch-id', '--stable'], { input: show }).split(' ')[0] ?? '';
}

describe('init', () => {
  it('writes config, a 0600 key, the trusted public key and the hooks', () => {
    const repo = fresh();
    expect(existsSync(join(repo.dir, '.ai-attest', 'config.json'))).toBe(true);
    expect(readdirSync(join(repo.dir, '.ai-attest', 'keys')).some((f) => f.endsWith('.asc'))).toBe(true);
    const hooks = join(repo.dir, '.git', 'hooks');
    for (const hook of ['prepare-commit-msg', 'commit-msg', 'post-commit', 'pre-push', 'post-rewrite']) {
      expect(readFileSync(join(hooks, hook), 'utf8')).toContain('ai-attest');
    }
    const again = repo.cli(['init', '--yes', '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ schema: 'ai-attest/init@1', config: { created: false }, key: { created: false } });
  });
});

describe('a commit with answers from the environment', () => {
  const repo = fresh();
  repo.write('src/app.ts', 'export const x = 1;\n');
  repo.git(['add', '-A']);
  const commit = repo.gitRaw(['commit', '-m', 'Add app\n\nBody text.\n\nCo-authored-by: Pat <pat@example.com>'], {
    env: { AI_ATTEST_TOOLS: `${CLAUDE},copilot:gpt-4.1-2025-04-14`, AI_ATTEST_PROPORTION: '40' },
  });

  it('succeeds and keeps the user trailers', () => {
    expect(commit.status, commit.stderr).toBe(0);
    expect(trailer(repo, 'Co-authored-by')).toEqual(['Pat <pat@example.com>']);
    expect(trailer(repo, 'Signed-off-by')).toEqual([]);
  });

  it('writes the v2 head line and one signed Assisted-by per tool, as git parses them', () => {
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 used share=40 src=env via=cli-agent,ide-plugin']);
    expect(trailer(repo, 'Assisted-by')).toEqual([CLAUDE, 'copilot:gpt-4.1-2025-04-14']);
    expect(trailer(repo, 'Ai-Attest-Tool')).toEqual([]);
    expect(trailer(repo, 'Ai-Attest-Binding')).toEqual([]);
  });

  it('binds the signature to the tree, parents and patch-id of the commit', async () => {
    const { predicate } = decoded(repo);
    expect(predicate.binding.tree).toBe(repo.git(['rev-parse', 'HEAD^{tree}']).trim());
    expect(predicate.binding.parents).toEqual([repo.git(['rev-parse', 'HEAD^']).trim()]);
    expect(predicate.binding.patchId).toBe(commitPatchId(repo));
    // v2 leaves the attester's name and email to the key that verifies the signature.
    expect(predicate.attester.email).toBe('');
    expect(await verifySignature(repo)).toMatchObject({ ok: true });
  });

  it('files the same signed statement in the note as a DSSE envelope', () => {
    const lines = parseNote(noteOf(repo));
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    if (line.kind !== 'envelope') throw new Error('not an envelope');
    const statement = decodeEnvelopePayload(line.envelope) as { predicate: unknown; _type: string };
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(canonicalJson(statement)).toBe(Buffer.from(decoded(repo).payload).toString());
    expect(line.envelope.signatures[0]!.sig).toBe(trailer(repo, 'Ai-Attest-Sig')[0]);
    expect(readdirSync(join(repo.dir, '.git', 'ai-attest', 'pending'))).toEqual([]);
  });

  it('is a signature GnuPG accepts over the DSSE pre-authentication encoding', () => {
    const gnupg = join(sandbox.root, 'gnupg-flow');
    const keyFile = readdirSync(join(repo.dir, '.ai-attest', 'keys'))[0]!;
    const line = parseNote(noteOf(repo))[0]!;
    if (line.kind !== 'envelope') throw new Error('not an envelope');
    const pae = preAuthEncoding(line.envelope.payloadType, Buffer.from(line.envelope.payload, 'base64'));
    writeFileSync(join(sandbox.root, 'pae.bin'), pae);
    writeFileSync(join(sandbox.root, 'sig.bin'), Buffer.from(line.envelope.signatures[0]!.sig, 'base64'));
    const env = { GNUPGHOME: gnupg };
    mkdirSync(gnupg, { recursive: true, mode: 0o700 });
    const imp = spawnSyncText('gpg', ['--batch', '--import', join(repo.dir, '.ai-attest', 'keys', keyFile)], env);
    expect(imp.status, imp.stderr).toBe(0);
    const ok = spawnSyncText('gpg', ['--batch', '--verify', join(sandbox.root, 'sig.bin'), join(sandbox.root, 'pae.bin')], env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/Good signature/);
    pae[pae.length - 2] = (pae[pae.length - 2] ?? 0) ^ 1;
    writeFileSync(join(sandbox.root, 'pae.bin'), pae);
    const bad = spawnSyncText('gpg', ['--batch', '--verify', join(sandbox.root, 'sig.bin'), join(sandbox.root, 'pae.bin')], env);
    expect(bad.status).not.toBe(0);
  });
});

describe('the index a commit reads', () => {
  it('is the one git commit -a and git commit -- path use', () => {
    const repo = fresh();
    repo.write('a.txt', 'one\n');
    repo.write('b.txt', 'one\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'base'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.write('a.txt', 'two\n');
    repo.write('b.txt', 'two\n');
    repo.git(['commit', '-q', '-a', '-m', 'all'], { env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '10' } });
    expect(decoded(repo).predicate.binding.tree).toBe(repo.git(['rev-parse', 'HEAD^{tree}']).trim());
    expect(decoded(repo).predicate.binding.patchId).toBe(commitPatchId(repo));

    repo.write('a.txt', 'three\n');
    repo.write('b.txt', 'three\n');
    repo.git(['add', 'b.txt']);
    repo.git(['commit', '-q', '-m', 'only a', '--', 'a.txt'], { env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '10' } });
    expect(repo.git(['show', '--name-only', '--format=', 'HEAD']).trim()).toBe('a.txt');
    expect(decoded(repo).predicate.binding.tree).toBe(repo.git(['rev-parse', 'HEAD^{tree}']).trim());
    expect(decoded(repo).predicate.binding.patchId).toBe(commitPatchId(repo));
  });
});

describe('sensitive paths', () => {
  it('lists staged files under the configured globs, odd names included, and which AI touched them', () => {
    const repo = fresh();
    repo.write('src/auth/login flow.ts', 'x\n');
    repo.write('deploy/secrets/ключ,1=2.yaml', 'y\n');
    repo.write('docs/readme.md', 'z\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Touch auth'], {
      env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '70', AI_ATTEST_SENSITIVE: 'src/auth/login flow.ts' },
    });
    // The trailers name the files AI touched; the human-only ones are in the note part.
    expect(decoded(repo).predicate.sensitive).toEqual([
      { path: 'src/auth/login flow.ts', category: 'security-controls', ai: ['claude-code'] },
    ]);
    expect(JSON.parse(noteOf(repo)).note.sensitive).toEqual([{ path: 'deploy/secrets/ключ,1=2.yaml', category: 'credentials', ai: [] }]);
    expect(trailer(repo, 'Ai-Attest-Sensitive')).toContain('src/auth/login%20flow.ts category=security-controls ai=claude-code');
  });
});

describe('no AI, undeclared, policy', () => {
  it('records an explicit, signed "no AI"', async () => {
    const repo = fresh();
    repo.write('x.txt', 'x\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Human'], { env: { AI_ATTEST_TOOLS: 'none' } });
    expect(decoded(repo).predicate).toMatchObject({ ai: 'none', tools: [], share: 0, source: 'env' });
    expect(trailer(repo, 'Assisted-by')).toEqual([]);
    expect(await verifySignature(repo)).toMatchObject({ ok: true });
  });

  it('records a commit without terminal or answers as undeclared, and attest completes it', () => {
    const repo = fresh();
    repo.write('y.txt', 'y\n');
    repo.git(['add', '-A']);
    const r = repo.gitRaw(['commit', '-m', 'GUI commit']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/undeclared/);
    expect(decoded(repo).predicate.ai).toBe('undeclared');
    const attest = repo.cli(['attest', 'HEAD', '--tools', CLAUDE, '--proportion', '20', '--json']);
    expect(attest.status, attest.stderr).toBe(0);
    expect(JSON.parse(attest.stdout)).toMatchObject({ schema: 'ai-attest/attest@1', ai: 'used', share: 20 });
    expect(parseNote(noteOf(repo))).toHaveLength(2);
  });

  it('refuses the commit when the policy says so, keeping the message', () => {
    const repo = fresh();
    const configPath = join(repo.dir, '.ai-attest', 'config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    config.policy.noAnswers = 'fail';
    writeFileSync(configPath, JSON.stringify(config));
    repo.write('z.txt', 'z\n');
    repo.git(['add', 'z.txt']);
    const r = repo.gitRaw(['commit', '-m', 'Precious message that must not be lost']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/AI_ATTEST_TOOLS=none git commit/);
    expect(readFileSync(join(repo.dir, '.git', 'COMMIT_EDITMSG'), 'utf8')).toContain('Precious message');
    expect(repo.git(['log', '--format=%s']).split('\n')).not.toContain('Precious message that must not be lost');
  });

  it('is skipped with AI_ATTEST=0, and a missing key fails with the fix', () => {
    const repo = fresh();
    repo.write('s.txt', 's\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'skip'], { env: { AI_ATTEST: '0', AI_ATTEST_TOOLS: 'none' } });
    expect(trailer(repo, 'Ai-Attest')).toEqual([]);
    repo.write('t.txt', 't\n');
    repo.git(['add', '-A']);
    const r = repo.gitRaw(['commit', '-m', 'no key'], {
      env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_HOME: join(sandbox.root, 'empty-home') },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/ai-attest (init|keys generate)/);
  });

  it('refuses a bare model family name with the hint', () => {
    const repo = fresh();
    repo.write('m.txt', 'm\n');
    repo.git(['add', '-A']);
    const r = repo.gitRaw(['commit', '-m', 'family'], { env: { AI_ATTEST_TOOLS: 'copilot:gpt-4', AI_ATTEST_PROPORTION: '5' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/"gpt-4" is a floating openai alias.*gpt-4-0613/);
  });
});

describe('merge and amend', () => {
  it('leaves a merge without answers to policy, and signs one with answers over both parents', () => {
    const repo = fresh();
    repo.git(['checkout', '-q', '-b', 'topic']);
    repo.write('t.txt', 't\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'topic'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['checkout', '-q', 'main']);
    repo.write('m.txt', 'm\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'main'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['merge', '-q', '--no-ff', '--no-edit', 'topic']);
    expect(trailer(repo, 'Ai-Attest')).toEqual([]);
    repo.git(['reset', '-q', '--hard', 'HEAD^']);
    repo.git(['merge', '-q', '--no-ff', '--no-edit', 'topic'], { env: { AI_ATTEST_TOOLS: 'none' } });
    expect(decoded(repo).predicate.binding.parents).toEqual(repo.git(['log', '-1', '--format=%P']).trim().split(' '));
  });

  it('re-signs an amend with the previous answers, bound to the amended parents and the full change', () => {
    const repo = fresh();
    repo.write('a.txt', '1\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'first'], { env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '60' } });
    const parent = repo.git(['rev-parse', 'HEAD^']).trim();
    repo.write('a.txt', '1\n2\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--amend', '--no-edit']);
    const { predicate } = decoded(repo);
    expect(predicate).toMatchObject({ ai: 'used', share: 60, source: 'amend' });
    expect(predicate.binding.parents).toEqual([parent]);
    expect(predicate.binding.patchId).toBe(commitPatchId(repo));
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 used share=60 src=amend via=cli-agent']);
  });
});

describe('chained hooks', () => {
  it('runs a commit-msg hook that was there before install', () => {
    const sb = sandbox;
    const repo = initRepo(sb, `chain${counter++}`);
    repo.cli(['uninstall']);
    const hook = join(repo.dir, '.git', 'hooks', 'commit-msg');
    writeFileSync(hook, '#!/bin/sh\necho foreign-ran >> "$(git rev-parse --git-dir)/foreign.log"\n');
    chmodSync(hook, 0o755);
    expect(repo.cli(['install']).status).toBe(0);
    repo.write('c.txt', 'c\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'chained'], { env: { AI_ATTEST_TOOLS: 'none' } });
    expect(readFileSync(join(repo.dir, '.git', 'foreign.log'), 'utf8')).toBe('foreign-ran\n');
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 none src=env']);
  });
});

describe('parallel commits', () => {
  it('20 commits in 20 worktrees at once leave 20 notes', async () => {
    const repo = fresh();
    const trees = Array.from({ length: 20 }, (_, i) => join(sandbox.root, `wt-${counter}-${i}`));
    for (const [i, dir] of trees.entries()) repo.git(['worktree', 'add', '-q', '-b', `wt${i}`, dir]);
    const results = await Promise.all(
      trees.map(
        (dir, i) =>
          new Promise<number>((resolve) => {
            writeFileSync(join(dir, `file${i}.txt`), `${i}\n`);
            const child = spawn('sh', ['-c', `git add -A && git commit -q -m "parallel ${i}"`], {
              cwd: dir,
              env: { ...repo.env, AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '50' },
              stdio: 'ignore',
            });
            child.on('close', (code) => resolve(code ?? -1));
          }),
      ),
    );
    expect(results).toEqual(Array(20).fill(0));
    const noted = repo.git(['notes', '--ref=ai-attest', 'list']).trim().split('\n');
    for (let i = 0; i < 20; i++) {
      const head = repo.git(['rev-parse', `wt${i}`]).trim();
      expect(
        noted.some((line) => line.endsWith(head)),
        `note for wt${i}`,
      ).toBe(true);
    }
  });
});

function spawnSyncText(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(cmd, args, { env: { ...sandbox.env, ...env }, encoding: 'utf8' });
}
