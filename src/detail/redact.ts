import { highEntropyRanges } from './entropy.js';
import type { DetailContribution, RedactionCounts } from './types.js';

/**
 * Secrets are removed before anything is encrypted or written: secretlint's recommended preset
 * (typed rules for cloud, GitHub, OpenAI, Anthropic, Slack keys, private key blocks, ...) and an
 * entropy check for keys no rule knows. Each removal leaves a typed marker, so a reader sees
 * what was there without seeing it. secretlint is imported here only (never on the commit path).
 */

export function marker(type: string): string {
  return `[ai-attest:redacted:${type}]`;
}

interface Hit {
  start: number;
  end: number;
  type: string;
}

type SecretlintCore = typeof import('@secretlint/core');
type Preset = typeof import('@secretlint/secretlint-rule-preset-recommend');
let loaded: Promise<[SecretlintCore, Preset]> | undefined;

function secretlint(): Promise<[SecretlintCore, Preset]> {
  loaded ??= Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
  return loaded;
}

/** `GITHUB_TOKEN` -> `github-token`, `AWSSecretAccessKey` -> `aws-secret-access-key`. */
function typeName(messageId: string | undefined, ruleId: string): string {
  const raw = messageId || ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  const words = raw.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2');
  return (
    words
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'secret'
  );
}

/**
 * Whole private key blocks, whatever their body: secretlint's rule wants a well-formed key, and
 * a truncated paste (the usual case in a prompt) still gives away most of one.
 */
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)/g;

function privateKeyHits(text: string): Hit[] {
  return [...text.matchAll(PRIVATE_KEY_BLOCK)].map((m) => ({ start: m.index, end: m.index + m[0].length, type: 'private-key' }));
}

/**
 * Redacts many texts with one secretlint pass (one call per text would cost a millisecond each,
 * a 200-turn session hundreds): the texts are joined with blank lines, which no secret spans.
 */
export async function redactTexts(texts: readonly string[]): Promise<{ texts: string[]; counts: RedactionCounts }> {
  const counts: RedactionCounts = {};
  if (texts.length === 0) return { texts: [], counts };
  const [{ lintSource }, { creator }] = await secretlint();
  const separator = '\n\n';
  const starts: number[] = [];
  let offset = 0;
  for (const t of texts) {
    starts.push(offset);
    offset += t.length + separator.length;
  }
  const joined = texts.join(separator);
  const result = await lintSource({
    source: { filePath: 'detail.txt', content: joined, contentType: 'text' },
    options: { config: { rules: [{ id: creator.meta.id, rule: creator as never }] }, maskSecrets: true, noPhysicFilePath: true },
  });
  const perText: Hit[][] = texts.map(() => []);
  for (const m of result.messages) {
    const [from, to] = m.range;
    for (let i = 0; i < texts.length; i++) {
      const s = starts[i]!;
      const e = s + texts[i]!.length;
      if (to <= s || from >= e) continue;
      perText[i]!.push({ start: Math.max(from, s) - s, end: Math.min(to, e) - s, type: typeName(m.messageId, m.ruleId) });
    }
  }
  const out = texts.map((text, i) => applyHits(text, [...perText[i]!, ...privateKeyHits(text)], counts));
  return { texts: out, counts };
}

/** Typed hits first, then the entropy check over what they left; overlaps merge into the first. */
function applyHits(text: string, typed: Hit[], counts: RedactionCounts): string {
  const ordered = [...typed].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Hit[] = [];
  for (const h of ordered) {
    const last = merged[merged.length - 1];
    if (last && h.start < last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }
  let typedOut = '';
  let pos = 0;
  for (const h of merged) {
    typedOut += text.slice(pos, h.start) + marker(h.type);
    counts[h.type] = (counts[h.type] ?? 0) + 1;
    pos = h.end;
  }
  typedOut += text.slice(pos);
  let out = '';
  pos = 0;
  for (const [start, end] of highEntropyRanges(typedOut)) {
    out += typedOut.slice(pos, start) + marker('high-entropy');
    counts['high-entropy'] = (counts['high-entropy'] ?? 0) + 1;
    pos = end;
  }
  return out + typedOut.slice(pos);
}

/** Redacts every free-text field of a contribution; ids, times, models and paths are kept. */
export async function redactContribution(c: DetailContribution): Promise<{ contribution: DetailContribution; counts: RedactionCounts }> {
  const texts: string[] = [];
  for (const t of c.turns) texts.push(t.text);
  for (const o of c.outputs) texts.push(o.content, o.replaced ?? '');
  const { texts: clean, counts } = await redactTexts(texts);
  let i = 0;
  const turns = c.turns.map((t) => ({ ...t, text: clean[i++]! }));
  const outputs = c.outputs.map((o) => {
    const content = clean[i++]!;
    const replaced = clean[i++]!;
    return { ...o, content, ...(o.replaced !== undefined ? { replaced } : {}) };
  });
  return { contribution: { ...c, turns, outputs }, counts };
}
