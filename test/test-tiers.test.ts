import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAST_TIER_FILES } from './fast-tier.js';
import { blockChildProcesses } from './helpers/no-processes.js';

// Imports that mean a test file needs git, the built binary, tmux, GnuPG or a browser.
const SLOW_HELPERS = /\.\/helpers\/(repo|tmux|browser|tamper|attested|detail|rewrite|trailer-corpus|detect-corpus)\.js/.source;
const SLOW_IMPORT = new RegExp(`from '(node:child_process|child_process|${SLOW_HELPERS}|${/\.\.\/dist\/[^']*/.source})'`);

describe('test tiers', () => {
  it('lists only test files that exist, each once', () => {
    const all = new Set(
      readdirSync('test')
        .filter((name) => name.endsWith('.test.ts'))
        .map((name) => `test/${name}`),
    );
    for (const file of FAST_TIER_FILES) expect(all.has(file), `${file} is in test/fast-tier.ts but not in test/`).toBe(true);
    expect(new Set(FAST_TIER_FILES).size).toBe(FAST_TIER_FILES.length);
  });

  it('keeps the e2e helpers, child processes and the built binary out of the fast tier', () => {
    // This file imports child_process only to prove the block below.
    const checked = FAST_TIER_FILES.filter((file) => file !== 'test/test-tiers.test.ts');
    const offenders = checked.filter((file) => SLOW_IMPORT.test(readFileSync(file, 'utf8')));
    expect(offenders, 'these fast-tier files import an e2e helper, child_process or dist/').toEqual([]);
  });

  it('tags every other test file `git`, so vitest can select the process-starting tests', () => {
    const files = readdirSync('test')
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => `test/${name}`);
    const tagged = (file: string) => readFileSync(file, 'utf8').startsWith('// @module-tag git\n');
    const fast = new Set(FAST_TIER_FILES);
    expect(
      files.filter((file) => !fast.has(file) && !tagged(file)),
      'neither in test/fast-tier.ts nor tagged git',
    ).toEqual([]);
    expect(
      files.filter((file) => fast.has(file) && tagged(file)),
      'in the fast tier and tagged git',
    ).toEqual([]);
  });

  it('blocks every process the fast tier would start, and the undo restores them', () => {
    const before = spawnSync;
    const restore = blockChildProcesses();
    try {
      expect(() => spawnSync('git', ['--version'])).toThrow(/fast test tier starts no processes.*spawnSync\("git"\)/);
    } finally {
      restore();
    }
    expect(spawnSync).toBe(before);
  });
});
