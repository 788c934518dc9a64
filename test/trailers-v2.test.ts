import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPredicate, signPredicate } from '../src/core/attest.js';
import { decodeTrailers } from '../src/core/attestation-trailers.js';
import { fold } from '../src/core/attestation-trailers-v2.js';
import { canonicalJson } from '../src/core/canonical-json.js';
import type { Answers, Binding } from '../src/core/model.js';
import { parseTrailers, rewriteTrailers } from '../src/core/trailers.js';
import { generateKey } from '../src/crypto/keystore.js';
import { loadKeyring } from '../src/crypto/keyring.js';
import { exportPublicKey } from '../src/crypto/keystore.js';
import { loadSigningKey, type SigningKey } from '../src/crypto/signing-key.js';
import { completeCandidates, readCandidates } from '../src/read/evaluate/candidates.js';
import { restoreStatement } from '../src/read/evaluate/verdict.js';
import { preAuthEncoding } from '../src/core/statement.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import type { Keyring } from '../src/crypto/keyring.js';

const home = mkdtempSync(join(tmpdir(), 'ai-attest-v2-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
let signer: SigningKey;
let keyring: Keyring;

const binding: Binding = { tree: 'a'.repeat(40), parents: ['b'.repeat(40)], patchId: 'c'.repeat(40) };
const claude = { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' as const };
const bedrock = { tool: 'bedrock:app', model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', via: 'api' as const };
const longPath = `src/auth/${'very-long-directory-name/'.repeat(6)}login flow,v2=ok.ts`;

const shapes: Record<string, { answers: Answers; binding?: Binding }> = {
  'human-only': { answers: { ai: 'none', tools: [], share: 0, sensitive: [], source: 'env' } },
  'human-only with a sensitive file': {
    answers: {
      ai: 'none',
      tools: [],
      share: 0,
      sensitive: [{ path: 'src/auth/a.ts', category: 'security-controls', ai: [] }],
      source: 'prompt',
    },
  },
  'undeclared root commit': {
    answers: { ai: 'undeclared', tools: [], share: 0, sensitive: [], source: 'policy' },
    binding: { tree: 'e'.repeat(40), parents: [], patchId: '' },
  },
  'one tool': { answers: { ai: 'used', tools: [claude], share: 40, sensitive: [], source: 'env' } },
  'two tools, sensitive files, extensions, merge': {
    answers: {
      ai: 'used',
      tools: [claude, bedrock],
      share: 100,
      source: 'events',
      sensitive: [
        { path: longPath, category: 'security-controls', ai: ['claude-code', 'bedrock:app'] },
        { path: 'config/日本/.env\nodd', category: 'credentials', ai: [] },
      ],
      extensions: { 'vendor.x': { nested: [1, 'two', null] } },
    },
    binding: { tree: 'a'.repeat(40), parents: ['b'.repeat(40), 'd'.repeat(40)], patchId: 'c'.repeat(40) },
  },
};

beforeAll(async () => {
  await generateKey({ home, name: 'Test Dev', email: 'dev@example.com', makeDefault: true });
  signer = await loadSigningKey({ home });
  const dir = join(home, 'trusted');
  mkdirSync(dir);
  writeFileSync(join(dir, 'dev.asc'), await exportPublicKey({ home }));
  keyring = await loadKeyring([dir]);
});

function check(candidates: ReturnType<typeof readCandidates>): void {
  for (const c of candidates)
    for (const job of c.jobs) job.result = keyring.verify(preAuthEncoding(job.payloadType, job.payload), job.signature);
  completeCandidates(candidates, keyring, new Date(), 'dev@example.com');
}

function message(trailers: { key: string; value: string }[], body = 'Subject\n\nBody text.\n'): string {
  return rewriteTrailers(body, () => true, trailers);
}

describe('trailer format v2', () => {
  for (const [name, shape] of Object.entries(shapes)) {
    it(`round-trips: ${name}`, () => {
      const signed = signPredicate(buildPredicate(shape.answers, shape.binding ?? binding, signer, new Date()), signer);
      const text = message(signed.trailers);
      for (const line of text.split('\n')) if (!line.startsWith('Ai-Attest-Sig:')) expect(line.length).toBeLessThanOrEqual(100);
      const decoded = decodeTrailers(parseTrailers(text));
      if (decoded.kind !== 'ok') throw new Error(JSON.stringify(decoded));
      expect(decoded.format).toBe(2);
      expect(Buffer.from(decoded.payload).toString()).toBe(Buffer.from(Buffer.from(signed.envelope.payload, 'base64')).toString());
      expect(keyring.verify(preAuthEncoding('application/vnd.in-toto+json', decoded.payload), decoded.signature)).toMatchObject({
        ok: true,
      });

      // With the note, a reader sees every field that was signed, the attester from the key.
      const candidates = readCandidates(text, `${signed.noteLine}\n`);
      check(candidates);
      expect(candidates.map((c) => c.problem)).toEqual([null, null]);
      const full = {
        ...signed.predicate,
        sensitive: [...signed.predicate.sensitive].sort((a, b) => (a.path < b.path ? -1 : 1)),
        attester: { name: 'Test Dev', email: 'dev@example.com', key: signer.fingerprint },
      };
      expect(canonicalJson(candidates[0]!.predicate)).toBe(canonicalJson(full));
      expect(candidates[1]!.sameAsTrailers).toBe(true);
    });
  }

  it('round-trips a statement made after the commit (attest, carry) through its note line alone', () => {
    const answers: Answers = { ...shapes['two tools, sensitive files, extensions, merge']!.answers, source: 'carry' };
    const predicate = buildPredicate(answers, { ...binding, commit: 'f'.repeat(40) }, signer, new Date(), ['1'.repeat(40)]);
    predicate.detail = { sha256: '4'.repeat(64) };
    const signed = signPredicate(predicate, signer);
    const [note] = readCandidates('Subject\n', `${signed.noteLine}\n`);
    check([note!]);
    expect(note!.problem).toBeNull();
    const full = {
      ...predicate,
      sensitive: [...predicate.sensitive].sort((a, b) => (a.path < b.path ? -1 : 1)),
      attester: { name: 'Test Dev', email: 'dev@example.com', key: signer.fingerprint },
    };
    expect(canonicalJson(note!.predicate)).toBe(canonicalJson(full));
    expect(JSON.parse(Buffer.from(signed.envelope.payload, 'base64').toString()).subject[1]).toEqual({
      name: 'commit',
      digest: { gitCommit: 'f'.repeat(40) },
    });
  });

  it('a verdict remembered from an earlier run restores the whole statement, note part included', () => {
    const signed = signPredicate(
      buildPredicate(shapes['two tools, sensitive files, extensions, merge']!.answers, binding, signer, new Date()),
      signer,
    );
    const record = {
      commit: 'd'.repeat(40),
      tree: binding.tree,
      parents: binding.parents,
      authorName: 'Test Dev',
      authorEmail: 'dev@example.com',
      authorTime: 0,
      committerName: 'Test Dev',
      committerEmail: 'dev@example.com',
      committerTime: 0,
      message: message(signed.trailers),
      note: `${signed.noteLine}\n`,
    };
    const restored = restoreStatement(record, 'trailers', 'exact');
    expect(restored?.extensions).toEqual({ 'vendor.x': { nested: [1, 'two', null] } });
    expect(restored?.sensitive.map((s) => s.path)).toEqual(['config/日本/.env\nodd', longPath]);
  });

  it('adds two lines for a human-only commit and three for a one-tool AI commit', () => {
    const count = (answers: Answers) => {
      const signed = signPredicate(buildPredicate(answers, binding, signer, new Date()), signer);
      const added = message(signed.trailers, 'Subject\n').split('\n').length - 'Subject\n'.split('\n').length - 1;
      return { trailers: signed.trailers.length, added };
    };
    expect(count(shapes['human-only']!.answers)).toEqual({ trailers: 2, added: 2 });
    expect(count(shapes['one tool']!.answers)).toEqual({ trailers: 3, added: 3 });
  });

  it('a note part that was edited or cut is malformed; the trailers alone still verify', () => {
    const signed = signPredicate(
      buildPredicate(shapes['two tools, sensitive files, extensions, merge']!.answers, binding, signer, new Date()),
      signer,
    );
    const text = message(signed.trailers);
    const edited = signed.noteLine.replace('"two"', '"three"');
    const cut = JSON.stringify({ ...JSON.parse(signed.noteLine), note: undefined });
    const candidates = readCandidates(text, `${edited}\n${cut}\n`);
    check(candidates);
    expect(candidates[0]).toMatchObject({ problem: null, verify: { ok: true } });
    expect(candidates[1]!.problem).toMatchObject({ result: 'malformed', message: expect.stringContaining('edited') });
    expect(candidates[2]!.problem).toMatchObject({ result: 'malformed', message: expect.stringContaining('cut') });
  });

  it('folds long values at spaces or inside a token, never before its =', () => {
    const value = `${'x'.repeat(150)} category=${'y'.repeat(120)} ai=a`;
    const folded = fold('Ai-Attest-Sensitive', value);
    expect(folded.split('\n').every((l) => l.length <= 100 - 'Ai-Attest-Sensitive: '.length || l.startsWith(' '))).toBe(true);
    expect(folded.split('\n').every((l, i) => (i === 0 ? `Ai-Attest-Sensitive: ${l}` : l).length <= 100)).toBe(true);
    expect(
      folded
        .split('\n')
        .slice(1)
        .every((l) => !l.startsWith(' =')),
    ).toBe(true);
  });

  it('refuses duplicate and unknown tokens, unknown Ai-Attest keys and a block without its Sig', () => {
    const signed = signPredicate(buildPredicate(shapes['one tool']!.answers, binding, signer, new Date()), signer);
    const text = message(signed.trailers);
    const variants = [
      text.replace('share=40', 'share=40 share=90'),
      text.replace('src=env', 'src=env extra=1'),
      text.replace(
        'Assisted-by: claude-code:claude-sonnet-4-5-20250929',
        'Assisted-by: claude-code:claude-sonnet-4-5-20250929\nAi-Attest-Share: 90',
      ),
      text.replace(/Ai-Attest-Sig: .*\n/, ''),
      text.replace('Assisted-by: claude-code:claude-sonnet-4-5-20250929\n', ''),
    ];
    for (const v of variants) expect(decodeTrailers(parseTrailers(v)).kind).toBe('malformed');
  });
});
