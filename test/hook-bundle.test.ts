// @module-tag git
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeTrailers } from '../src/core/attestation-trailers.js';
import { parseTrailers } from '../src/core/trailers.js';
import { initRepo, noteOf, trailer } from './helpers/attested.js';
import { PROJECT_ROOT, makeSandbox } from './helpers/repo.js';
import { startTmux } from './helpers/tmux.js';

// One sandbox (one AI_ATTEST_HOME, one default key) per test.
const sandboxes = [0, 1, 2, 3].map(() => makeSandbox('ai-attest-hook-bundle-'));
afterAll(() => sandboxes.forEach((s) => s.cleanup()));

describe('the code-cached commit-msg bundle', () => {
  it('signs with an encrypted key: openpgp is imported through the loader, with and without the cache', () => {
    const repo = initRepo(sandboxes[0], 'encrypted');
    const env = { AI_ATTEST_TOOLS: 'none', AI_ATTEST_PASSPHRASE: 'correct horse', KEY_PASS: 'correct horse' };
    const made = repo.cli(['keys', 'generate', '--passphrase-env', 'KEY_PASS', '--default', '--json'], { env });
    expect(made.status, made.stderr).toBe(0);
    const fingerprint = (JSON.parse(made.stdout) as { fingerprint: string }).fingerprint;
    for (const n of [1, 2]) {
      repo.write(`f${n}.txt`, `${n}\n`);
      repo.git(['add', '-A']);
      const done = repo.gitRaw(['commit', '-q', '-m', `change ${n}`], { env });
      expect(done.status, done.stderr).toBe(0);
      const decoded = decodeTrailers(parseTrailers(repo.git(['log', '-1', '--format=%B'])));
      expect(decoded.kind === 'ok' && decoded.predicate.attester.key).toBe(fingerprint);
      expect(noteOf(repo)).toContain('"payloadType"');
      // The first commit of a build leaves the cache beside the bundle, keyed by Node and bundle.
      expect(readdirSync(join(PROJECT_ROOT, 'dist')).some((f) => /^hook-commit\.[0-9a-f]{16}\.[0-9a-f]{16}\.cache$/.test(f))).toBe(true);
    }
  });

  it('fails the commit, and keeps the message, when the passphrase is wrong', () => {
    const repo = initRepo(sandboxes[1], 'wrong-passphrase');
    const made = repo.cli(['keys', 'generate', '--passphrase-env', 'KEY_PASS', '--default'], { env: { KEY_PASS: 'right' } });
    expect(made.status, made.stderr).toBe(0);
    repo.write('f.txt', 'x\n');
    repo.git(['add', '-A']);
    const done = repo.gitRaw(['commit', '-q', '-m', 'kept'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_PASSPHRASE: 'wrong' } });
    expect(done.status).not.toBe(0);
    expect(done.stderr).toContain('does not unlock key');
    expect(repo.git(['status', '--porcelain'])).toContain('A  f.txt');
  });

  it('asks on a terminal from the prompt bundle, and commit-msg signs the answer', async () => {
    const repo = initRepo(sandboxes[2], 'prompt');
    repo.write('x.ts', 'x\n');
    repo.git(['add', '-A']);
    const tmux = startTmux({
      command: `git commit -m 'Asked'; echo "commit exit $?"; sleep 30`,
      cwd: repo.dir,
      env: sandboxes[2]!.env,
      width: 160,
      height: 45,
    });
    try {
      await tmux.waitFor('Was AI used for this change?', 20_000);
      tmux.keys('Down', 'Enter'); // No AI was used
      await tmux.waitFor('commit exit 0', 20_000);
    } finally {
      tmux.kill();
    }
    expect(trailer(repo, 'Ai-Attest')).toEqual(['v2 none src=prompt']);
    expect(readdirSync(join(PROJECT_ROOT, 'dist')).some((f) => /^hook-prepare\.[0-9a-f]{16}\.[0-9a-f]{16}\.cache$/.test(f))).toBe(true);
  });

  it("starts the hook's Node without NODE_EXTRA_CA_CERTS (Node 20 reads it before anything runs; a hook opens no TLS connection)", () => {
    const repo = initRepo(sandboxes[3], 'extra-certs');
    repo.write('f.txt', 'x\n');
    repo.git(['add', '-A']);
    // A file that does not exist makes any Node that reads the variable print a warning.
    const done = repo.gitRaw(['commit', '-q', '-m', 'certs'], {
      env: { AI_ATTEST_TOOLS: 'none', NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' },
    });
    expect(done.status, done.stderr).toBe(0);
    expect(done.stderr).not.toContain('extra certs');
    expect(noteOf(repo)).toContain('"payloadType"');
  });
});
