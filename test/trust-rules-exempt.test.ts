import { describe, expect, it } from 'vitest';
import type { Predicate } from '../src/core/model.js';
import { adoptionPoint } from '../src/read/evaluate/rules/adoption-point.js';
import { authorExemption } from '../src/read/evaluate/rules/author-exempt.js';
import { unfoundedCarry } from '../src/read/evaluate/rules/carry-sources.js';
import { mergeExemption } from '../src/read/evaluate/rules/merge-exempt.js';
import { signedBeforeParent } from '../src/read/evaluate/rules/signature-time.js';

/** Exemptions, identities and time as pure rules (issue 8, items 3 and 6). */
const ID = 'a'.repeat(40);

describe('adoptionPoint', () => {
  it('takes a full commit id only, and names the fix otherwise', () => {
    expect(adoptionPoint(null)).toBeNull();
    expect(adoptionPoint(` ${ID} `)).toBe(ID);
    expect(adoptionPoint('b'.repeat(64))).toBe('b'.repeat(64));
    expect(() => adoptionPoint('2025-01-01')).toThrow(/a date .*back-dated.*git rev-parse/s);
    expect(() => adoptionPoint('HEAD~1')).toThrow(/can move.*full id/s);
    expect(() => adoptionPoint(ID.slice(0, 12))).toThrow(/full id/);
  });
});

describe('mergeExemption', () => {
  const merge = { parents: ['p1', 'p2'], tree: 'T' };
  it("exempts a merge only when its tree is git's own merge", () => {
    expect(mergeExemption({ parents: ['p1'], tree: 'T' }, undefined)).toBeNull();
    expect(mergeExemption(merge, 'T')).toMatchObject({ exempt: true });
    expect(mergeExemption(merge, 'U')).toMatchObject({ exempt: false, why: expect.stringMatching(/not git's own merge/) });
    expect(mergeExemption(merge, null)).toMatchObject({ exempt: false, why: expect.stringMatching(/conflict/) });
    expect(mergeExemption({ parents: ['a', 'b', 'c'], tree: 'T' }, undefined)).toMatchObject({
      exempt: false,
      why: expect.stringMatching(/octopus/),
    });
  });
});

describe('authorExemption', () => {
  const bot = { authorName: 'dependabot[bot]', authorEmail: 'bot@example.com' };
  const fpr = 'ABCD'.repeat(10);
  it('needs a good signature by a named key; a name alone never exempts', () => {
    expect(authorExemption({ authorName: 'Dev', authorEmail: 'dev@example.com' }, ['bot@example.com'], undefined)).toBeNull();
    expect(authorExemption(bot, ['dependabot[bot]'], { status: 'G', fingerprint: fpr, primary: fpr })).toMatchObject({
      exempt: false,
      why: expect.stringMatching(/without signingKeys/),
    });
    const entry = [{ author: 'BOT@example.com', signingKeys: [fpr.toLowerCase()] }];
    expect(authorExemption(bot, entry, { status: 'G', fingerprint: fpr, primary: fpr })).toMatchObject({ exempt: true });
    expect(authorExemption(bot, entry, { status: 'U', fingerprint: 'SUBKEY', primary: fpr })).toMatchObject({ exempt: true });
    expect(authorExemption(bot, entry, { status: 'B', fingerprint: fpr, primary: fpr })).toMatchObject({
      exempt: false,
      why: expect.stringMatching(/bad signature/),
    });
    expect(authorExemption(bot, entry, { status: 'G', fingerprint: 'EEEE'.repeat(10), primary: '' })).toMatchObject({
      exempt: false,
      why: expect.stringMatching(/signed by EEEE/),
    });
    expect(authorExemption(bot, entry, undefined)).toMatchObject({ exempt: false, why: expect.stringMatching(/no signature/) });
    expect(
      authorExemption(bot, [{ author: 'bot@example.com', signingKeys: ['SHA256:abc'] }], {
        status: 'G',
        fingerprint: 'SHA256:abc',
        primary: '',
      }),
    ).toMatchObject({ exempt: true });
  });
});

describe('signedBeforeParent', () => {
  const parent = Date.parse('2026-01-01T12:00:00Z') / 1000;
  it('fails a commit-time signature older than the newest parent, beyond the skew', () => {
    expect(signedBeforeParent(new Date('2026-01-01T12:00:00Z'), [])).toBeNull();
    expect(signedBeforeParent(new Date('2026-01-01T11:50:00Z'), [parent])).toBeNull();
    expect(signedBeforeParent(new Date('2026-01-01T11:40:00Z'), [parent])).toMatch(/back-dated/);
    expect(signedBeforeParent(new Date('2026-01-01T11:40:00Z'), [parent - 3600, parent])).toMatch(/back-dated/);
  });
});

describe('unfoundedCarry', () => {
  const stmt = (p: Partial<Predicate>): Predicate =>
    ({
      version: 1,
      ai: 'used',
      tools: [{ tool: 'claude-code', model: 'm1', via: 'cli-agent' }],
      share: 40,
      sensitive: [],
      attester: { name: 'D', email: 'd@e', key: 'K' },
      binding: { tree: 't', parents: [], patchId: '' },
      time: '',
      source: 'carry',
      extensions: {},
      ...p,
    }) as Predicate;
  const sources = new Map([
    ['c1', [stmt({ source: 'env', share: 20 })]],
    ['c2', [stmt({ source: 'env', ai: 'none', tools: [], share: 0 })]],
  ]);
  it('stands only on verified statements whose answers it carries', () => {
    expect(unfoundedCarry(stmt({ carriedFrom: [] }), sources)).toMatch(/names no commit/);
    expect(unfoundedCarry(stmt({ carriedFrom: ['c1'], share: 20 }), sources)).toBeNull();
    expect(unfoundedCarry(stmt({ carriedFrom: ['c1', 'c2'], share: 10 }), sources)).toBeNull();
    expect(unfoundedCarry(stmt({ carriedFrom: ['c9'] }), sources)).toMatch(/not in this repository/);
    expect(unfoundedCarry(stmt({ carriedFrom: ['c1'], ai: 'none', tools: [], share: 0 }), sources)).toMatch(/drops answers/);
    expect(
      unfoundedCarry(
        stmt({
          carriedFrom: ['c1'],
          share: 20,
          tools: [
            { tool: 'claude-code', model: 'm1', via: 'cli-agent' },
            { tool: 'aider', model: 'x', via: 'cli-agent' },
          ] as Predicate['tools'],
        }),
        sources,
      ),
    ).toMatch(/declares aider:x/);
    expect(unfoundedCarry(stmt({ carriedFrom: ['c2'], share: 5 }), sources)).toMatch(/declares claude-code:m1/);
    expect(unfoundedCarry(stmt({ carriedFrom: ['c1'], share: 90 }), sources)).toMatch(/outside/);
  });
});
