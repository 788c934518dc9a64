import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/defaults.js';
import { sensitiveMatcher } from '../src/config/sensitive.js';
import { rememberingMatcher } from '../src/read/evaluate/remembering-matcher.js';
import { mulberry32 } from './helpers/rng.js';

/** verify asks the sensitive matcher once per changed file: remembered answers must be its answers. */
describe('rememberingMatcher', () => {
  const PARTS = ['src', 'auth', 'login', 'oauth2', 'session', 'author', 'docs', 'crypto', 'test', 'token', 'lib', '.env', 'x\u001b[31m'];
  const paths = (seed: number, n: number) => {
    const rand = mulberry32(seed);
    const pick = () => PARTS[Math.floor(rand() * PARTS.length)]!;
    return Array.from({ length: n }, () => `${pick()}/${pick()}-${pick()}.${rand() < 0.5 ? 'ts' : 'md'}`);
  };

  it('answers as the matcher does, for new and repeated paths alike', () => {
    const plain = sensitiveMatcher(defaultConfig().sensitive);
    const remembering = rememberingMatcher(plain);
    const all = paths(7, 5000);
    for (const path of [...all, ...all]) expect(remembering(path)).toBe(plain(path));
    expect(all.some((p) => plain(p) !== null) && all.some((p) => plain(p) === null)).toBe(true);
  });

  it('asks the matcher once per path, and again once its memory was cleared', () => {
    let asked = 0;
    const remembering = rememberingMatcher((path) => {
      asked++;
      return path.startsWith('a') ? 'security' : null;
    });
    for (let i = 0; i < 3; i++) for (const path of ['a/x', 'b/y', 'a/z']) remembering(path);
    expect(asked).toBe(3);
    // Past its limit it forgets everything and keeps answering right.
    for (let i = 0; i < 25_000; i++) expect(remembering(`${i % 2 ? 'a' : 'b'}/${i}`)).toBe(i % 2 ? 'security' : null);
    expect(remembering('a/x')).toBe('security');
    expect(asked).toBe(3 + 25_000 + 1);
  });
});
