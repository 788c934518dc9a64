import { describe, expect, it } from 'vitest';
import { parseTrailers, rewriteTrailers, type Trailer } from '../src/core/trailers.js';
import { gitParse, makeCorpus } from './helpers/trailer-corpus.js';

const COUNT = 3000;
// TRAILER_SEED explores other corpora; the default one is what CI checks.
const corpus = makeCorpus(COUNT, Number(process.env.TRAILER_SEED ?? 0x7a11e5));

describe('parseTrailers against git interpret-trailers --parse --no-divider', () => {
  it('covers every feature the parser has a rule for', () => {
    const count = (tag: string): number => corpus.filter((m) => m.tags.has(tag)).length;
    for (const tag of ['continuation', 'crlf', 'unicode', 'separator-spacing', 'git-generated', '25%', 'divider', 'url', 'long', 'not-a-key', 'trailing-space', 'comment']) {
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
      const kept = parseTrailers(m.text).filter(ours).map((t) => `${t.key}: ${t.value}`);
      const got = JSON.stringify(expected[i]);
      // Left as text only when what stays of a 25% block no longer reads as trailers.
      if (kept.length && got === JSON.stringify(added)) ownParagraph++;
      else if (got !== JSON.stringify([...kept, ...added])) problems.push(`#${i} ${JSON.stringify(rewritten[i])}\n  git: ${got}`);
    });
    expect(problems.slice(0, 5).join('\n'), `${problems.length} of ${COUNT} rewritten messages read wrongly`).toBe('');
    expect(ownParagraph).toBeLessThan(COUNT / 100);
  });
});
