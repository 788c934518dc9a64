import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isShare, parseShareText, TOOL_ID } from '../src/core/answer-values.js';
import { describeDeclaration } from '../src/core/declaration.js';
import { keyringCacheFile } from '../src/crypto/keyring.js';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { writeFileAtomicSync } from '../src/io/atomic-write-sync.js';

/** The pieces several rooms share (issue 15 item 4: one of each), each on its own. */
const root = mkdtempSync(join(tmpdir(), 'ai-attest-shared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The synchronous one (detect's kept search, the hooks' hand-over) must do exactly what the other does.
const writers: Array<[string, typeof writeFileAtomic]> = [
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', async (path, content, options) => writeFileAtomicSync(path, content as string, options)],
];

describe.each(writers)('%s', (name, writeFileAtomic) => {
  const dir = join(root, name);
  mkdirSync(dir);
  it('replaces a file whole and leaves no temporary file', async () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('makes the folder when asked, and gives the file exactly the mode asked', async () => {
    const path = join(dir, 'made', 'deeper', 'secret.asc');
    await writeFileAtomic(path, 'key', { mode: 0o600, mkdir: 0o700 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'made', 'deeper')).mode & 0o777).toBe(0o700);
    const hook = join(dir, 'made', 'hook');
    await writeFileAtomic(hook, '#!/bin/sh\n', { mode: 0o755 });
    expect(statSync(hook).mode & 0o777).toBe(0o755);
  });

  it('fails without a folder unless asked to make it, and cleans up after a failed rename', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x'), 'x')).rejects.toThrow(/ENOENT/);
    const target = join(dir, 'a-folder');
    await writeFileAtomic(join(target, 'inside'), 'x', { mkdir: true });
    // A rename over a non-empty folder fails: the temporary file must not stay behind.
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('lets concurrent writers of one file in one process each write whole', async () => {
    const path = join(dir, 'raced.json');
    const texts = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(10_000) }));
    await Promise.all(texts.map((text) => writeFileAtomic(path, text)));
    expect(texts).toContain(readFileSync(path, 'utf8'));
  });
});

describe('answer values', () => {
  it('accepts the tool ids the registry does, and nothing a trailer could not carry', () => {
    for (const id of ['claude-code', 'copilot', 'a', '9x', 'a'.repeat(64)]) expect(TOOL_ID.test(id)).toBe(true);
    for (const id of ['', '-x', 'Claude', 'my_agent', 'a b', 'a'.repeat(65), 'x\n']) expect(TOOL_ID.test(id)).toBe(false);
  });

  it('takes a share as a whole number from 0 to 100, in plain digits when written', () => {
    expect([0, 40, 100].every(isShare)).toBe(true);
    expect([-1, 101, 40.5, Number.NaN, '40', null].some(isShare)).toBe(false);
    expect(parseShareText('40')).toBe(40);
    expect(parseShareText('007')).toBe(7);
    expect(parseShareText('100')).toBe(100);
    for (const text of ['101', '-1', '4.5', '', ' 40', '1e2', '0x10', '1000']) expect(parseShareText(text)).toBeNull();
  });
});

describe('one describer of a declaration, one place for the keyring cache', () => {
  it('reads tool uses as asked', () => {
    const used = { ai: 'used' as const, tools: [{ tool: 'aider', model: 'gpt-5', via: 'cli-agent' as const }], share: 20 };
    expect(describeDeclaration(used)).toBe('AI: aider gpt-5, ~20%');
    expect(describeDeclaration(used, (t) => `${t.tool}:${t.model}`)).toBe('AI: aider:gpt-5, ~20%');
  });

  it('keeps the parsed keyring under the shared git dir', () => {
    expect(keyringCacheFile('/repo/.git')).toBe(join('/repo/.git', 'ai-attest', 'keyring-cache.json'));
  });
});
