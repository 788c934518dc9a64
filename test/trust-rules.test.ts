import { describe, expect, it } from 'vitest';
import { configChanges } from '../src/read/evaluate/rules/config-changes.js';
import { untrustedSigner } from '../src/read/evaluate/rules/key-proposal.js';
import { keyringFolder } from '../src/read/trust/files.js';
import { parseApproval } from '../src/core/key-approval.js';

/** The trust rules as pure functions: each new check of issue 8 in isolation. */
describe('configChanges', () => {
  const base = {
    version: 1,
    tools: [
      { id: 'aider', name: 'Aider', via: 'cli-agent', approved: false, models: [] },
      { id: 'copilot', name: 'Copilot', via: 'ide-plugin', approved: true, models: [] },
    ],
    sensitive: [{ category: 'security-controls', description: '', globs: ['**/auth/**', '**/crypto/**'] }],
    policy: { checks: {}, exempt: { merges: false, authors: [], before: null }, carriers: [], identities: {} },
    keyring: '.ai-attest/keys',
  };
  const edit = (f: (c: any) => void) => {
    const c = structuredClone(base);
    f(c);
    return configChanges(base, c);
  };

  it('is empty for the same config, and for tools in another order', () => {
    expect(configChanges(base, structuredClone(base))).toEqual([]);
    expect(edit((c) => c.tools.reverse())).toEqual([]);
  });

  it('names each weakening', () => {
    expect(edit((c) => (c.policy.checks.presence = 'off'))).toEqual(['policy.checks.presence: set to "off" (weakens a check)']);
    expect(edit((c) => (c.policy.exempt.merges = true))).toEqual(['policy.exempt.merges: false -> true (exempts merges)']);
    expect(edit((c) => c.policy.exempt.authors.push('bot@example.com'))).toEqual([
      'policy.exempt.authors: adds "bot@example.com" (widens the exemptions)',
    ]);
    expect(edit((c) => c.policy.carriers.push('ci@example.com'))).toEqual(['policy.carriers: adds "ci@example.com" (widens the carriers)']);
    expect(edit((c) => (c.tools[0].approved = true))).toEqual(['tools.aider.approved: false -> true (approves a tool)']);
    expect(edit((c) => c.sensitive[0].globs.pop())).toEqual([
      'sensitive.security-controls.globs: removes "**/crypto/**" (narrows the sensitive paths)',
    ]);
    expect(edit((c) => (c.keyring = 'keys'))).toEqual(['keyring: ".ai-attest/keys" -> "keys" (moves the keyring)']);
  });

  it('lists a new file as a whole, and a broken one as such', () => {
    expect(configChanges(undefined, { version: 1 })).toEqual(['version: set to 1']);
    expect(configChanges(base, '(not valid JSON)')).toEqual([expect.stringMatching(/^\(the whole file\): .* -> "\(not valid JSON\)"$/)]);
  });
});

describe('untrustedSigner', () => {
  const range = { proposed: new Map([['F'.repeat(40), new Set(['c1', 'c2'])]]), onlyAddKeys: new Set(['c1']) };
  it('is a proposal only on a commit that adds its signer key and nothing else', () => {
    expect(untrustedSigner('F'.repeat(40), 'c1', range, 'detail').result).toBe('key-proposed');
    expect(untrustedSigner('F'.repeat(40), 'c2', range, 'detail')).toMatchObject({
      result: 'unknown-key',
      message: expect.stringMatching(/this range adds \(commit c1, c2\)/),
    });
    expect(untrustedSigner('E'.repeat(40), 'c1', range, 'detail')).toEqual({ result: 'unknown-key', message: 'detail' });
    expect(untrustedSigner(undefined, 'c1', null, 'detail')).toEqual({ result: 'unknown-key', message: 'detail' });
  });
});

describe('keyringFolder', () => {
  it('keeps the keyring inside the repository', () => {
    expect(keyringFolder('.ai-attest/keys/')).toBe('.ai-attest/keys');
    expect(keyringFolder('keys')).toBe('keys');
    for (const bad of ['../x', '/etc', '.ai-attest/../../x', 'C:\\keys', '.', ''])
      expect(() => keyringFolder(bad), bad).toThrow(/inside the repository/);
  });
});

describe('parseApproval', () => {
  const good = {
    type: 'ai-attest/key-approval@1',
    fingerprint: 'A'.repeat(40),
    userIds: ['N <n@example.com>'],
    approver: 'B'.repeat(40),
    time: '2026-01-01T00:00:00Z',
    signature: 'AAAA',
  };
  it('reads a well-formed approval and says what is wrong with others', () => {
    expect(parseApproval(JSON.stringify(good))).toEqual(good);
    expect(parseApproval('{')).toBe('not JSON');
    expect(parseApproval(JSON.stringify({ ...good, type: 'x' }))).toMatch(/type/);
    expect(parseApproval(JSON.stringify({ ...good, fingerprint: 'abc' }))).toMatch(/fingerprint/);
    expect(parseApproval(JSON.stringify({ ...good, signature: '%%' }))).toMatch(/base64/);
  });
});
