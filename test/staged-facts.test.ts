// @module-tag git
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStagedFacts, STAGED_FACTS_SH, stagedFacts } from '../src/git/staged-facts.js';
import { makeRepo, makeSandbox } from './helpers/repo.js';

const sandbox = makeSandbox('ai-attest-staged-facts-');
afterAll(() => sandbox.cleanup());

describe('the staged facts the commit-msg stub pipes into Node', () => {
  it('reads paths with newlines and spaces, and the parents of a merge in progress', async () => {
    const repo = makeRepo(sandbox, 'facts');
    repo.write('base.txt', 'base\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'base']);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write('two\nlines.txt', 'x\n');
    repo.write('with space.txt', 'y\n');
    repo.git(['add', '-A']);
    const other = repo.git(['commit-tree', '-p', head, '-m', 'other', repo.git(['write-tree']).trim()]).trim();
    writeFileSync(join(repo.dir, '.git', 'MERGE_HEAD'), `${other}\n`);
    const facts = await stagedFacts(false, { cwd: repo.dir, env: repo.env });
    expect(facts.files.sort()).toEqual(['two\nlines.txt', 'with space.txt']);
    expect(facts.parents).toEqual([head, other]);
    expect(facts.tree).toBe(repo.git(['write-tree']).trim());
    expect(facts.patchId).toMatch(/^[0-9a-f]{40}$/);
    // An amend's parents are HEAD's: none for this root commit.
    const amended = await stagedFacts(true, { cwd: repo.dir, env: repo.env });
    expect(amended.parents).toEqual([]);
  });

  it('is refused when cut short (no end marker) or from another format', () => {
    const whole = 'ai-attest-staged 1\n0\n/g\n/g\n/t\n\n\n4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\na\0b\0\0ai-attest-staged-end\n';
    expect(parseStagedFacts(whole, '/')?.staged.files).toEqual(['a', 'b']);
    expect(parseStagedFacts(whole.replace('\0ai-attest-staged-end\n', ''), '/')).toBeNull();
    expect(parseStagedFacts(whole.replace('staged 1', 'staged 2'), '/')).toBeNull();
  });
});

describe('telling an amend from the committing git process', () => {
  // A stand-in "git": a shell named git whose command line holds the arguments under test.
  const bin = join(sandbox.root, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync('/bin/sh', join(bin, 'git'));
  // Its child plays the hook shell (`; :` keeps the stand-in from exec'ing into it).
  const amend = (...gitArgs: string[]) =>
    spawnSync(join(bin, 'git'), ['-c', 'sh -c "$HOOK"; :', 'git', ...gitArgs], {
      encoding: 'utf8',
      env: { ...process.env, HOOK: `${STAGED_FACTS_SH}\necho "$(ai_attest_amend)"` },
    }).stdout.trim();

  it('sees --amend among the options', () => {
    expect(amend('commit', '--amend', '--no-edit')).toBe('1');
    expect(amend('commit', '-m', 'x')).toBe('0');
  });

  it('does not take a path after -- or words inside a message for the option', () => {
    expect(amend('commit', '--', '--amend')).toBe('0');
    expect(amend('commit', '-m', 'fix the --amend flag\n--amend')).toBe('0');
  });
});
