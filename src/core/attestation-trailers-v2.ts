import type { DecodedTrailers, TrailerLine } from './attestation-trailers.js';
import { isIntegrationPath, type AiInvolvement, type AnswerSource, type Predicate, type SensitiveFile, type ToolUse } from './model.js';
import { mergePredicate, type SignedPredicateV2 } from './message-statement.js';
import { pctDecode, pctEncode } from './percent.js';
import { BINDING_NOTATION, decodeBindingNotation, signatureFacts } from './signature-facts.js';
import { withLazyPayload } from './lazy-payload.js';
import { signedStatementV2Json } from './statement-v2-json.js';

/**
 * Trailer format v2: only what cannot be derived, one short line each.
 *
 *   Ai-Attest: v2 used share=40 src=env via=cli-agent
 *   Assisted-by: claude-code:claude-sonnet-4-5-20250929
 *   Ai-Attest-Sensitive: src/auth/session.ts category=security-controls ai=claude-code
 *   Ai-Attest-Sig: <base64 OpenPGP signature packet>
 *
 * The block runs from the `Ai-Attest:` line to the `Ai-Attest-Sig:` line; the `Assisted-by:` lines
 * inside it are signed (one per tool, in the order of `via=`), any outside it are the developer's.
 * Tree, parents, patch-id and the note part's digest are a notation in the signature packet,
 * the time and key are its creation time and issuer. Values longer than a line are folded
 * (git's continuation lines) at spaces, or inside a token where one is longer than a line:
 * encoded values hold no spaces, so unfolding loses nothing.
 */
export const V2_KEY = {
  head: 'Ai-Attest',
  sensitive: 'Ai-Attest-Sensitive',
  signature: 'Ai-Attest-Sig',
  assistedBy: 'Assisted-by',
} as const;

/** Longest physical line written, except the signature's. */
export const LINE_WIDTH = 100;

const SOURCES: readonly AnswerSource[] = ['prompt', 'env', 'events', 'amend', 'attest', 'carry', 'policy'];
const INVOLVEMENT: readonly AiInvolvement[] = ['used', 'none', 'undeclared'];

/** ':' separates tool from model, so a tool id keeps none of its own. */
function encodeTool(tool: string): string {
  return pctEncode(tool).replace(/:/g, '%3A');
}

export function encodeTrailersV2(p: Predicate, signature: Uint8Array): TrailerLine[] {
  const head = [`v${p.version}`, p.ai];
  if (p.ai === 'used') head.push(`share=${p.share}`);
  head.push(`src=${p.source}`);
  if (p.tools.length) head.push(`via=${p.tools.map((t) => t.via).join(',')}`);
  const lines: TrailerLine[] = [{ key: V2_KEY.head, value: head.join(' ') }];
  for (const use of p.tools) lines.push({ key: V2_KEY.assistedBy, value: `${encodeTool(use.tool)}:${pctEncode(use.model)}` });
  for (const file of p.sensitive) {
    if (file.ai.length === 0) continue;
    lines.push({
      key: V2_KEY.sensitive,
      value: `${pctEncode(file.path)} category=${pctEncode(file.category)} ai=${file.ai.map(encodeTool).join(',')}`,
    });
  }
  const folded = lines.map((l) => ({ key: l.key, value: fold(l.key, l.value) }));
  folded.push({ key: V2_KEY.signature, value: Buffer.from(signature).toString('base64') });
  return folded;
}

/**
 * "Key: value" in physical lines of at most LINE_WIDTH characters; continuation lines start with
 * one space. Breaks at a space where one fits, else inside a token but never before its '=',
 * so the reader can tell a broken token from the next one.
 */
export function fold(key: string, value: string, width = LINE_WIDTH): string {
  const out: string[] = [];
  let rest = value;
  let room = width - key.length - 2;
  while (rest.length > room) {
    let cut = rest.lastIndexOf(' ', room);
    if (cut > 0) {
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    } else {
      const eq = rest.indexOf('=');
      const tokenEnd = rest.indexOf(' ') < 0 ? rest.length : rest.indexOf(' ');
      cut = eq >= 0 && eq < tokenEnd ? Math.max(room, eq + 1) : room;
      // A '%XX' escape stays whole, so no line ends inside one.
      const pct = rest.lastIndexOf('%', cut - 1);
      if (pct > cut - 3 && pct > 0) cut = pct;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    room = width - 1;
  }
  out.push(rest);
  return out.join('\n ');
}

/**
 * Undoes fold() on a value git has unfolded (each fold became one space): a part without '='
 * continues the part before it, except the words a line starts with (`heads` of them).
 */
function unfoldTokens(value: string, heads: number): string[] | string {
  const parts = value.trim().split(/[ \t\r\n]+/);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part) continue;
    if (out.length > 0 && out.length >= heads && !part.includes('=')) out[out.length - 1] += part;
    else out.push(part);
  }
  return out;
}

/** `k=v` tokens, each key once and only the allowed ones. */
function fieldsOf(tokens: readonly string[], allowed: readonly string[]): Map<string, string> | string {
  const fields = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const eq = token.indexOf('=');
    const key = eq > 0 ? token.slice(0, eq) : '';
    if (!allowed.includes(key)) return `"${token}" is not a token of this line`;
    if (fields.has(key)) return `"${key}=" appears twice`;
    fields.set(key, token.slice(eq + 1));
  }
  return fields;
}

/** Index range [start, end) of the v2 block in a message's trailers, or a reason it has none. */
export function v2Block(trailers: readonly TrailerLine[]): { start: number; end: number } | string {
  return blockOf(lowerKeys(trailers));
}

/**
 * Each trailer's key in lower case, made once: the decoder compares every key several times.
 * Indexed loops here and below, not for-of or array callbacks: verify decodes every commit of a
 * range with V8's optimising compiler off (src/read/compiler.ts), where each iteration step and
 * callback allocates.
 */
function lowerKeys(trailers: readonly TrailerLine[]): string[] {
  const keys = new Array<string>(trailers.length);
  for (let i = 0; i < trailers.length; i++) keys[i] = trailers[i]!.key.toLowerCase();
  return keys;
}

function blockOf(keys: readonly string[]): { start: number; end: number } | string {
  let heads = 0;
  let sigs = 0;
  let head = -1;
  let sig = -1;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === 'ai-attest') {
      if (heads++ === 0) head = i;
    } else if (keys[i] === 'ai-attest-sig') {
      if (sigs++ === 0) sig = i;
    }
  }
  if (heads !== 1) return 'expected exactly one "Ai-Attest:" trailer';
  if (sigs !== 1) return 'expected exactly one "Ai-Attest-Sig:" trailer';
  if (sig < head) return 'the "Ai-Attest-Sig:" trailer comes before "Ai-Attest:"';
  return { start: head, end: sig + 1 };
}

export function decodeTrailersV2(trailers: readonly TrailerLine[], declared = 2): DecodedTrailers {
  const fail = (reason: string): DecodedTrailers => ({ kind: 'malformed', reason });
  const keys = lowerKeys(trailers);
  const block = blockOf(keys);
  if (typeof block === 'string') return fail(block);
  for (let i = 0; i < trailers.length; i++) {
    const k = keys[i]!;
    if (!k.startsWith('ai-attest-') || k === 'ai-attest-sig') continue;
    const t = trailers[i]!;
    if (k !== 'ai-attest-sensitive') return fail(`"${t.key}:" is not a trailer of format v2`);
    if (i < block.start || i >= block.end) return fail(`"${t.key}:" stands outside the attestation block`);
  }

  const head = unfoldTokens(trailers[block.start]!.value, 2);
  if (typeof head === 'string') return fail(head);
  const ai = head[1] as AiInvolvement;
  if (head[0] !== `v${declared}` || !INVOLVEMENT.includes(ai))
    return fail(`"Ai-Attest: ${trailers[block.start]!.value}" must start with v2 and one of ${INVOLVEMENT.join(', ')}`);
  const fields = fieldsOf(head.slice(2), ['share', 'src', 'via']);
  if (typeof fields === 'string') return fail(`"Ai-Attest:" ${fields}`);
  const source = fields.get('src') as AnswerSource | undefined;
  if (!source || !SOURCES.includes(source)) return fail(`"Ai-Attest:" needs src= one of ${SOURCES.join(', ')}`);
  const shareText = fields.get('share');
  if (ai === 'used' ? shareText === undefined || !/^(\d|[1-9]\d|100)$/.test(shareText) : shareText !== undefined) {
    return fail('"Ai-Attest:" needs share= (an integer from 0 to 100) exactly when AI was used');
  }
  const vias = fields.has('via') ? fields.get('via')!.split(',') : [];
  for (let i = 0; i < vias.length; i++)
    if (!isIntegrationPath(vias[i]!)) return fail(`"Ai-Attest:" via= lists an unknown integration path`);

  let assisted = 0;
  for (let i = block.start; i < block.end; i++) if (keys[i] === 'assisted-by') assisted++;
  if (assisted !== vias.length || (ai !== 'used' && vias.length)) {
    return fail(
      `the block has ${assisted} "Assisted-by:" line(s) for ${vias.length} via= ` +
        `value(s)${ai !== 'used' && vias.length ? ' on a statement without AI' : ''}`,
    );
  }
  const tools: ToolUse[] = [];
  for (let i = block.start; i < block.end; i++) {
    if (keys[i] !== 'assisted-by') continue;
    const line = trailers[i]!;
    const value = unfoldTokens(line.value, 0);
    const text = typeof value === 'string' ? '' : value.join('');
    const colon = text.indexOf(':');
    if (colon <= 0 || colon === text.length - 1 || text.includes('='))
      return fail(`"Assisted-by: ${line.value}" in the block must be TOOL:MODEL`);
    tools.push({
      tool: pctDecode(text.slice(0, colon)),
      model: pctDecode(text.slice(colon + 1)),
      via: vias[tools.length] as ToolUse['via'],
    });
  }
  const sensitive: SensitiveFile[] = [];
  for (let i = block.start; i < block.end; i++) {
    if (keys[i] !== 'ai-attest-sensitive') continue;
    const line = trailers[i]!;
    const tokens = unfoldTokens(line.value, 0);
    if (typeof tokens === 'string' || tokens.length === 0) return fail(`"Ai-Attest-Sensitive: ${line.value}" is empty`);
    // The path is the first token: it holds no '=' (percent-encoded), the others are k=v.
    const [path, ...rest] = splitHead(tokens);
    const f = fieldsOf(rest, ['category', 'ai']);
    if (typeof f === 'string') return fail(`"Ai-Attest-Sensitive:" ${f}`);
    const category = f.get('category');
    const aiList = f.get('ai');
    if (!path || !category || !aiList) return fail(`"Ai-Attest-Sensitive: ${line.value}" needs a path, category= and ai=`);
    sensitive.push({ path: pctDecode(path), category: pctDecode(category), ai: aiList.split(',').map(pctDecode) });
  }

  const sigLine = trailers[block.end - 1]!.value.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sigLine)) return fail('"Ai-Attest-Sig:" is not base64');
  const signature = Buffer.from(sigLine, 'base64');
  const facts = signatureFacts(signature);
  const notation = facts?.notations.get(BINDING_NOTATION);
  const bound = notation ? decodeBindingNotation(notation) : null;
  if (!facts || !bound) return fail('the "Ai-Attest-Sig:" packet carries no readable creation time, issuer and binding');

  const signed: SignedPredicateV2 = {
    version: declared,
    ai,
    tools,
    share: shareText === undefined ? 0 : Number(shareText),
    sensitive,
    attester: { key: facts.issuer },
    binding: bound.binding,
    time: isoSeconds(facts.created),
    source,
    ...(bound.noteDigest ? { note: { sha256: bound.noteDigest } } : {}),
  };
  const predicate = mergePredicate(signed, null);
  return withLazyPayload(
    { kind: 'ok', format: 2, predicate, signature, noteDigest: bound.noteDigest, unknownKeys: [], unsignedLines: [] },
    () => Buffer.from(signedStatementV2Json(predicate, bound.noteDigest), 'utf8'),
  );
}

/** A creation time (whole seconds) as the statement writes it: ISO 8601 without milliseconds. */
function isoSeconds(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}

/** The first token and the path pieces folded after it (parts without '=') are the path. */
function splitHead(tokens: readonly string[]): string[] {
  return [tokens[0]!.includes('=') ? '' : tokens[0]!, ...tokens.slice(1)];
}
