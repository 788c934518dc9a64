// @module-tag git
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBufferedParts } from '../src/detail/buffer.js';
import { submitContribution } from '../src/detail/index.js';
import { makeRecipient, session } from './helpers/detail.js';
import { makeRepo, makeSandbox, PROJECT_ROOT, type Repo } from './helpers/repo.js';

/**
 * Sealing runs in capture's process when the agent's turn ends. A sealer killed at any moment
 * leaves no torn part and nothing in clear; submitting the same contribution again (capture
 * resubmits from the agent's transcript, with the same key) seals it once.
 */
describe('a sealer killed mid-way', () => {
  let repo: Repo;
  let child: string;

  beforeAll(async () => {
    const alice = await makeRecipient('Alice Compliance');
    repo = makeRepo(makeSandbox());
    repo.write('.ai-attest/recipients/alice.asc', alice.publicArmored);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'recipients']);
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    const entry = join(repo.sandbox.root, 'seal-child.ts');
    writeFileSync(
      entry,
      `import { submitContribution } from ${JSON.stringify(join(PROJECT_ROOT, 'src/detail/index.ts'))};\n` +
        `import { session } from ${JSON.stringify(join(PROJECT_ROOT, 'test/helpers/detail.ts'))};\n` +
        `const [cwd, gitDir] = process.argv.slice(2);\n` +
        `process.stdout.write('start\\n');\n` +
        `await submitContribution(session(3000, 'src/auth/big.ts', 'UNIQUE-CLEAR-PROMPT-MARKER'), { cwd, gitDir, key: 'big' });\n` +
        `process.stdout.write('done\\n');\n`,
    );
    child = join(repo.sandbox.root, 'seal-child.mjs');
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: child,
      logLevel: 'silent',
      absWorkingDir: PROJECT_ROOT,
    });
  });
  afterAll(() => repo.sandbox.cleanup());

  it('leaves no torn part and nothing in clear; sealing again keeps one part', async () => {
    const gitDir = join(repo.dir, '.git');
    let killed = 0;
    for (const delay of [5, 60, 200]) {
      await new Promise<void>((resolve) => {
        const p = spawn(process.execPath, [child, repo.dir, gitDir], {
          cwd: PROJECT_ROOT,
          env: repo.env,
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        let out = '';
        p.stdout.on('data', (c: Buffer) => {
          if (!out) setTimeout(() => p.kill('SIGKILL'), delay);
          out += c.toString();
        });
        p.on('close', () => {
          if (!out.includes('done')) killed++;
          resolve();
        });
      });
      const dir = join(gitDir, 'ai-attest', 'detail');
      const names = (() => {
        try {
          return readdirSync(dir, { withFileTypes: true })
            .filter((d) => d.isFile())
            .map((d) => d.name);
        } catch {
          return [];
        }
      })();
      for (const name of names) {
        expect(readFileSync(join(dir, name), 'latin1')).not.toContain('UNIQUE-CLEAR-PROMPT-MARKER');
      }
      // Whatever is there is whole: every part the buffer lists parses.
      for (const part of await readBufferedParts(gitDir)) expect(part.data.length).toBeGreaterThan(0);
    }
    expect(killed, 'sealers killed before they finished').toBeGreaterThan(0);
    await submitContribution(session(3000, 'src/auth/big.ts', 'UNIQUE-CLEAR-PROMPT-MARKER'), { cwd: repo.dir, gitDir, key: 'big' });
    expect((await readBufferedParts(gitDir)).map((p) => p.files)).toEqual([['src/auth/big.ts']]);
  });
});
