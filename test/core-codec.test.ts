import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/core/canonical-json.js';
import { decodeTrailers, encodeTrailers, isOwnTrailer } from '../src/core/attestation-trailers.js';
import type { Predicate } from '../src/core/model.js';
import { pctDecode, pctEncode } from '../src/core/percent.js';
import { buildStatement, preAuthEncoding, statementBytes } from '../src/core/statement.js';
import { checkModelId } from '../src/core/model-id.js';

const predicate = (over: Partial<Predicate> = {}): Predicate => ({
  version: 1,
  ai: 'used',
  tools: [
    { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' },
    { tool: 'bedrock-app', model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', via: 'api' },
  ],
  share: 40,
  sensitive: [
    { path: 'src/auth/login flow,v2=ok.ts', category: 'security-controls', ai: ['claude-code'] },
    { path: 'config/日本/.env\nodd', category: 'credentials', ai: [] },
  ],
  attester: { name: 'Zoë Dev-Ops', email: 'zoe@example.com', key: 'A'.repeat(40) },
  binding: { tree: 'a'.repeat(40), parents: ['b'.repeat(40), 'c'.repeat(40)], patchId: 'd'.repeat(40) },
  time: '2026-11-27T12:00:00Z',
  source: 'env',
  extensions: { 'vendor.x': { nested: [1, 'two', null], ok: true } },
  ...over,
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('refuses values that have no JSON form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });
});

describe('percent encoding', () => {
  it('round-trips every odd character and keeps common ones readable', () => {
    for (const s of ['plain/path.ts', 'a b,c=d%e', 'tab\there', 'new\nline', 'ünïcödé/日本', '']) {
      expect(pctDecode(pctEncode(s))).toBe(s);
      expect(pctEncode(s)).not.toMatch(/[\s,=]/);
    }
    expect(pctEncode('src/a-b_c.d~e@f+g:h')).toBe('src/a-b_c.d~e@f+g:h');
  });
});

describe('attestation trailers', () => {
  it('rebuild the exact signed predicate', () => {
    const p = predicate();
    const sig = Uint8Array.from([1, 2, 3, 250]);
    const decoded = decodeTrailers(encodeTrailers(p, sig));
    expect(decoded.kind).toBe('ok');
    if (decoded.kind !== 'ok') return;
    expect(canonicalJson(decoded.predicate)).toBe(canonicalJson(p));
    expect([...decoded.signature]).toEqual([...sig]);
  });

  it('round-trip a no-AI root commit and a carried statement naming its commit', () => {
    for (const p of [
      predicate({
        ai: 'none',
        tools: [],
        share: 0,
        sensitive: [],
        binding: { tree: 'e'.repeat(40), parents: [], patchId: '' },
        extensions: {},
      }),
      predicate({
        source: 'carry',
        carriedFrom: ['1'.repeat(40)],
        binding: { tree: 'e'.repeat(40), parents: ['f'.repeat(40)], patchId: '2'.repeat(40), commit: '3'.repeat(40) },
        detail: { sha256: '4'.repeat(64) },
      }),
    ]) {
      const decoded = decodeTrailers(encodeTrailers(p, new Uint8Array([9])));
      expect(decoded.kind === 'ok' && canonicalJson(decoded.predicate)).toBe(canonicalJson(p));
    }
  });

  it('write one Assisted-by line per tool and single-line values only', () => {
    const lines = encodeTrailers(predicate(), new Uint8Array(100));
    expect(lines.filter((l) => l.key === 'Assisted-by').map((l) => l.value)).toEqual([
      'claude-code:claude-sonnet-4-5-20250929',
      'bedrock-app:anthropic.claude-3-5-sonnet-20240620-v1:0',
    ]);
    expect(lines.every((l) => !/[\r\n]/.test(l.value))).toBe(true);
    expect(lines.some((l) => /signed-off-by/i.test(l.key))).toBe(false);
    expect(lines.every((l) => isOwnTrailer(l.key))).toBe(true);
  });

  it('report a newer version instead of failing, and name what is malformed', () => {
    const lines = encodeTrailers(predicate(), new Uint8Array([1]));
    const newer = lines.map((l) => (l.key === 'Ai-Attest' ? { ...l, value: 'v9' } : l));
    expect(decodeTrailers(newer)).toEqual({ kind: 'unsupported-version', version: 'v9' });
    const badShare = lines.map((l) => (l.key === 'Ai-Attest-Share' ? { ...l, value: '140' } : l));
    expect(decodeTrailers(badShare)).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('Ai-Attest-Share') });
    expect(decodeTrailers([{ key: 'Co-authored-by', value: 'x <x@y>' }])).toEqual({ kind: 'none' });
  });
});

describe('statement', () => {
  it('names the tree at commit time and the commit when known; PAE matches the DSSE spec', () => {
    expect(buildStatement(predicate()).subject).toEqual([{ name: 'tree', digest: { gitTree: 'a'.repeat(40) } }]);
    const withCommit = buildStatement(predicate({ binding: { tree: 'a'.repeat(40), parents: [], patchId: '', commit: 'c'.repeat(40) } }));
    expect(withCommit.subject[1]).toEqual({ name: 'commit', digest: { gitCommit: 'c'.repeat(40) } });
    expect(Buffer.from(preAuthEncoding('t', Buffer.from('ab'))).toString()).toBe('DSSEv1 1 t 2 ab');
    expect(JSON.parse(Buffer.from(statementBytes(buildStatement(predicate()))).toString())._type).toBe('https://in-toto.io/Statement/v1');
  });
});

describe('model ids', () => {
  it.each([
    'claude-sonnet-4-5-20250929',
    'gpt-4.1-2025-04-14',
    'anthropic.claude-3-5-sonnet-20240620-v1:0',
    'gemini-2.5-pro-preview-05-06',
    'gpt-4o-2024-08-06',
    'o3-2025-04-16',
  ])('accepts %s', (id) => {
    expect(checkModelId(id)).toEqual({ ok: true });
  });
  it.each(['gpt-4', 'claude', 'Claude', 'sonnet', 'gpt-4o', 'claude-sonnet-latest', 'gemini', '', 'has space 1.0'])(
    'refuses %j with a hint',
    (id) => {
      const check = checkModelId(id);
      expect(check.ok).toBe(false);
    },
  );
});
