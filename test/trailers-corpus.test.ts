// @module-tag git
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPredicate, signPredicate } from '../src/core/attest.js';
import { decodeTrailers } from '../src/core/attestation-trailers.js';
import { parseTrailers, rewriteTrailers, type Trailer } from '../src/core/trailers.js';
import { generateKey } from '../src/crypto/keystore.js';
import { loadSigningKey } from '../src/crypto/signing-key.js';
import { readMessageBlock, replaceBlock } from '../src/hook/message-block.js';
import { mulberry32 } from './helpers/rng.js';
import { gitParse, makeCorpus } from './helpers/trailer-corpus.js';

const COUNT = 3000;
// TRAILER_SEED explores other corpora; the default one is what CI checks.
const corpus = makeCorpus(COUNT, Number(process.env.TRAILER_SEED ?? 0x7a11e5));

describe('parseTrailers against git interpret-trailers --parse --no-divider', () => {
  it('covers every feature the parser has a rule for', () => {
    const count = (tag: string): number => corpus.filter((m) => m.tags.has(tag)).length;
    for (const tag of [
      'continuation',
      'crlf',
      'unicode',
      'separator-spacing',
      'git-generated',
      '25%',
      'divider',
      'url',
      'long',
      'not-a-key',
      'trailing-space',
      'comment',
    ]) {
      expect(count(tag), tag).toBeGreaterThan(100);
    }
    for (const tag of ['subject-only', 'no-final-newline', 'scissors', 'conflicts', 'whitespace-line']) {
      expect(count(tag), tag).toBeGreaterThan(50);
    }
    expect(corpus.filter((m) => m.text === '').length).toBeGreaterThan(20);
  });

  it('agrees on every message', async () => {
    const expected = await gitParse(corpus.map((m) => m.text));
    const mismatches: string[] = [];
    let withTrailers = 0;
    corpus.forEach((m, i) => {
      const got = parseTrailers(m.text).map((t) => `${t.key}: ${t.value}`);
      if (expected[i]!.length) withTrailers++;
      if (JSON.stringify(got) !== JSON.stringify(expected[i])) {
        mismatches.push(`#${i} ${JSON.stringify(m.text)}\n  git:  ${JSON.stringify(expected[i])}\n  ours: ${JSON.stringify(got)}`);
      }
    });
    expect(mismatches.slice(0, 5).join('\n'), `${mismatches.length} of ${COUNT} messages differ`).toBe('');
    // Both outcomes must be common, or the comparison proves little.
    expect(withTrailers).toBeGreaterThan(COUNT / 4);
    expect(COUNT - withTrailers).toBeGreaterThan(COUNT / 4);
  });

  it('rewriteTrailers keeps every other line, is idempotent, and git reads the result as intended', async () => {
    const ours = (t: Trailer): boolean => !t.key.startsWith('Ai-Attest-');
    const add = [
      { key: 'Ai-Attest-Tool', value: 'claude-code:claude-sonnet-4-5-20250929' },
      { key: 'Ai-Attest-Sig', value: 'abc' },
    ];
    const problems: string[] = [];
    const rewritten = corpus.map(({ text }) => {
      const out = rewriteTrailers(text, ours, add);
      // Adding without dropping may only insert lines: the trailers, a blank line, a final newline
      // (which gives a CRLF message's last line its '\r').
      const plus = rewriteTrailers(text, () => true, add).split(/\r?\n/);
      const before = text.split(/\r?\n/);
      let i = 0;
      for (const line of plus) if (line === before[i]) i++;
      if (i < before.length || plus.length > before.length + add.length + 2) problems.push(`lost text: ${JSON.stringify(text)}`);
      if (rewriteTrailers(text, () => true, []) !== text) problems.push(`not a no-op: ${JSON.stringify(text)}`);
      if (rewriteTrailers(out, ours, add) !== out) problems.push(`not idempotent: ${JSON.stringify(text)}`);
      return out;
    });
    expect(problems.slice(0, 5).join('\n'), `${problems.length} problems`).toBe('');

    const expected = await gitParse(rewritten);
    const added = add.map((t) => `${t.key}: ${t.value}`);
    let ownParagraph = 0;
    corpus.forEach((m, i) => {
      const kept = parseTrailers(m.text)
        .filter(ours)
        .map((t) => `${t.key}: ${t.value}`);
      const got = JSON.stringify(expected[i]);
      // Left as text only when what stays of a 25% block no longer reads as trailers.
      if (kept.length && got === JSON.stringify(added)) ownParagraph++;
      else if (got !== JSON.stringify([...kept, ...added])) problems.push(`#${i} ${JSON.stringify(rewritten[i])}\n  git: ${got}`);
    });
    expect(problems.slice(0, 5).join('\n'), `${problems.length} of ${COUNT} rewritten messages read wrongly`).toBe('');
    expect(ownParagraph).toBeLessThan(COUNT / 100);
  });
});

describe('format v2 blocks in the corpus', () => {
  const home = mkdtempSync(join(tmpdir(), 'ai-attest-corpus-v2-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const random = mulberry32(0x2f0a7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const paths = [
    'src/auth/login.ts',
    `src/${'deeply-nested-module-name/'.repeat(5)}session handler.ts`,
    'config/日本/.env',
    'a b/c,d=e.ts',
    `x/${'y'.repeat(140)}.ts`,
  ];
  const tools = [
    { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' as const },
    { tool: 'bedrock:app', model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', via: 'api' as const },
    { tool: 'copilot', model: `gpt-4.1-2025-04-14-${'long'.repeat(20)}`, via: 'ide-plugin' as const },
  ];

  it('git reads every v2 block as ai-attest does, and the block decodes back to what was signed', async () => {
    await generateKey({ home, name: 'Corpus Dev', email: 'corpus@example.com', makeDefault: true });
    const signer = await loadSigningKey({ home });
    const messages = corpus.slice(0, 600).map(({ text }) => {
      const ai = pick(['none', 'used', 'used', 'undeclared'] as const);
      const used = ai === 'used' ? tools.slice(0, 1 + Math.floor(random() * tools.length)) : [];
      const sensitive = paths
        .slice(0, Math.floor(random() * 3))
        .map((path) => ({ path, category: 'security-controls', ai: used.length && random() < 0.7 ? [used[0]!.tool] : [] }));
      const answers = { ai, tools: used, share: used.length ? Math.floor(random() * 101) : 0, sensitive, source: 'env' as const };
      const signed = signPredicate(
        buildPredicate(answers, { tree: 'a'.repeat(40), parents: ['b'.repeat(40)], patchId: 'c'.repeat(40) }, signer, new Date()),
        signer,
      );
      const withBlock = replaceBlock(text, readMessageBlock(text), signed.trailers);
      return { text: withBlock, signed };
    });
    const expected = await gitParse(messages.map((m) => m.text));
    const problems: string[] = [];
    messages.forEach(({ text, signed }, i) => {
      const ours = parseTrailers(text);
      if (JSON.stringify(ours.map((t) => `${t.key}: ${t.value}`)) !== JSON.stringify(expected[i]))
        problems.push(`#${i} parse differs: ${JSON.stringify(text)}`);
      for (const t of signed.trailers.filter((x) => x.key !== 'Ai-Attest-Sig')) {
        for (const line of `${t.key}: ${t.value}`.split('\n')) if (line.length > 100) problems.push(`#${i} long line: ${line}`);
      }
      // git's own reading of the message decodes to the signed statement.
      const fromGit = expected[i]!.map((l) => ({ key: l.slice(0, l.indexOf(':')), value: l.slice(l.indexOf(':') + 1).trim() }));
      const decoded = decodeTrailers(fromGit);
      if (decoded.kind !== 'ok' || Buffer.from(decoded.payload).toString('base64') !== signed.envelope.payload)
        problems.push(
          `#${i} does not decode: ${decoded.kind === 'ok' ? JSON.stringify(decoded.predicate) : ''} vs` +
            ` ${JSON.stringify(signed.predicate)} in ${JSON.stringify(text)}`,
        );
      // Re-signing replaces the block and nothing else.
      if (replaceBlock(text, readMessageBlock(text), signed.trailers) !== text) problems.push(`#${i} not idempotent`);
    });
    expect(problems.slice(0, 5).join('\n'), `${problems.length} problems`).toBe('');
  }, 60_000);
});
