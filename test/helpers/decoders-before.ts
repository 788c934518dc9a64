import type { DecodedTrailers, TrailerLine } from '../../src/core/attestation-trailers.js';
import { withLazyPayload } from '../../src/core/lazy-payload.js';
import { mergePredicate, type SignedPredicateV2 } from '../../src/core/message-statement.js';
import { isIntegrationPath, type AiInvolvement, type AnswerSource, type SensitiveFile, type ToolUse } from '../../src/core/model.js';
import { pctDecode } from '../../src/core/percent.js';
import { BINDING_NOTATION, readSubpacketArea, SUBPACKET, type BindingFacts, type SignatureFacts } from '../../src/core/signature-facts.js';
import { signedStatementV2Json } from '../../src/core/statement-v2-json.js';

// The v2 trailer decoder and the signature packet reader as they were before verify's decoding
// was made to allocate less (src/core/attestation-trailers-v2.ts, src/core/signature-facts.ts):
// the reference test/decoder-differential.test.ts compares them with, on valid and hostile input.

const SOURCES: readonly AnswerSource[] = ['prompt', 'env', 'events', 'amend', 'attest', 'carry', 'policy'];
const INVOLVEMENT: readonly AiInvolvement[] = ['used', 'none', 'undeclared'];
const FORMAT = 1;
const HAS_PATCH_ID = 1;
const HAS_NOTE_DIGEST = 2;

function decodeBindingNotation(value: Uint8Array): BindingFacts | null {
  if (value.length < 4 || value[0] !== FORMAT) return null;
  const size = value[1]!;
  const count = value[2]!;
  const flags = value[3]!;
  if ((size !== 20 && size !== 32) || flags & ~(HAS_PATCH_ID | HAS_NOTE_DIGEST)) return null;
  const ids = 1 + (flags & HAS_PATCH_ID ? 1 : 0) + count;
  if (value.length !== 4 + ids * size + (flags & HAS_NOTE_DIGEST ? 32 : 0)) return null;
  let pos = 4;
  const take = (n: number) => hex(value, pos, (pos += n));
  const tree = take(size);
  const patchId = flags & HAS_PATCH_ID ? take(size) : '';
  const parents = Array.from({ length: count }, () => take(size));
  const noteDigest = flags & HAS_NOTE_DIGEST ? take(32) : null;
  return { binding: { tree, parents, patchId }, noteDigest };
}
export function signatureFactsBefore(packet: Uint8Array): SignatureFacts | null {
  try {
    const body = packetBody(packet);
    if (!body || body[0] !== 4) return null;
    const hashedLength = (body[4]! << 8) | body[5]!;
    if (6 + hashedLength > body.length) return null;
    const area = readSubpacketArea(body.subarray(6, 6 + hashedLength));
    if (!area) return null;
    let created: Date | null = null;
    let issuer: string | null = null;
    const notations = new Map<string, Uint8Array>();
    for (const { type, content } of area) {
      if (type === SUBPACKET.creationTime && content.length === 4 && !created) {
        created = new Date(view(content).readUInt32BE(0) * 1000);
      } else if (type === SUBPACKET.issuerFingerprint && content.length === 21 && content[0] === 4 && !issuer) {
        issuer = hex(content, 1, 21).toUpperCase();
      } else if (type === SUBPACKET.notation && content.length >= 8) {
        const nameLength = (content[4]! << 8) | content[5]!;
        const valueLength = (content[6]! << 8) | content[7]!;
        if (content.length !== 8 + nameLength + valueLength) return null;
        const name = view(content).toString('utf8', 8, 8 + nameLength);
        if (!notations.has(name)) notations.set(name, content.subarray(8 + nameLength));
      }
    }
    return created && issuer ? { created, issuer, notations } : null;
  } catch {
    return null;
  }
}
function view(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
function hex(bytes: Uint8Array, start: number, end: number): string {
  return view(bytes).toString('hex', start, end);
}
function packetBody(bytes: Uint8Array): Uint8Array | null {
  const first = bytes[0];
  if (first === undefined || (first & 0x80) === 0) return null;
  let tag: number;
  let pos: number;
  let length: number;
  if (first & 0x40) {
    tag = first & 0x3f;
    const o1 = bytes[1]!;
    if (o1 < 192) [length, pos] = [o1, 2];
    else if (o1 < 224) [length, pos] = [((o1 - 192) << 8) + bytes[2]! + 192, 3];
    else if (o1 === 255) [length, pos] = [Buffer.from(bytes.subarray(2, 6)).readUInt32BE(0), 6];
    else return null;
  } else {
    tag = (first >> 2) & 0x0f;
    const size = [1, 2, 4][first & 0x03];
    if (!size) return null;
    const lb = Buffer.from(bytes.subarray(1, 1 + size));
    length = size === 1 ? lb[0]! : size === 2 ? lb.readUInt16BE(0) : lb.readUInt32BE(0);
    pos = 1 + size;
  }
  if (tag !== 2 || pos + length !== bytes.length) return null;
  return bytes.subarray(pos, pos + length);
}

function unfoldTokens(value: string, heads: number): string[] | string {
  const parts = value
    .trim()
    .split(/[ \t\r\n]+/)
    .filter(Boolean);
  const out: string[] = [];
  for (const part of parts) {
    if (out.length > 0 && out.length >= heads && !part.includes('=')) out[out.length - 1] += part;
    else out.push(part);
  }
  return out;
}
function fieldsOf(tokens: readonly string[], allowed: readonly string[]): Map<string, string> | string {
  const fields = new Map<string, string>();
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const key = eq > 0 ? token.slice(0, eq) : '';
    if (!allowed.includes(key)) return `"${token}" is not a token of this line`;
    if (fields.has(key)) return `"${key}=" appears twice`;
    fields.set(key, token.slice(eq + 1));
  }
  return fields;
}
function v2Block(trailers: readonly TrailerLine[]): { start: number; end: number } | string {
  const heads = trailers.flatMap((t, i) => (t.key.toLowerCase() === 'ai-attest' ? [i] : []));
  const sigs = trailers.flatMap((t, i) => (t.key.toLowerCase() === 'ai-attest-sig' ? [i] : []));
  if (heads.length !== 1) return 'expected exactly one "Ai-Attest:" trailer';
  if (sigs.length !== 1) return 'expected exactly one "Ai-Attest-Sig:" trailer';
  if (sigs[0]! < heads[0]!) return 'the "Ai-Attest-Sig:" trailer comes before "Ai-Attest:"';
  return { start: heads[0]!, end: sigs[0]! + 1 };
}
export function decodeTrailersV2Before(trailers: readonly TrailerLine[], declared = 2): DecodedTrailers {
  const fail = (reason: string): DecodedTrailers => ({ kind: 'malformed', reason });
  const block = v2Block(trailers);
  if (typeof block === 'string') return fail(block);
  for (let i = 0; i < trailers.length; i++) {
    const t = trailers[i]!;
    const k = t.key.toLowerCase();
    if (!k.startsWith('ai-attest-') || k === 'ai-attest-sig') continue;
    if (k !== 'ai-attest-sensitive') return fail(`"${t.key}:" is not a trailer of format v2`);
    if (i < block.start || i >= block.end) return fail(`"${t.key}:" stands outside the attestation block`);
  }
  const inBlock = trailers.slice(block.start, block.end);

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
  if (vias.some((v) => !isIntegrationPath(v))) return fail(`"Ai-Attest:" via= lists an unknown integration path`);

  const assisted = inBlock.filter((t) => t.key.toLowerCase() === 'assisted-by');
  if (assisted.length !== vias.length || (ai !== 'used' && vias.length)) {
    return fail(
      `the block has ${assisted.length} "Assisted-by:" line(s) for ${vias.length} via= ` +
        `value(s)${ai !== 'used' && vias.length ? ' on a statement without AI' : ''}`,
    );
  }
  const tools: ToolUse[] = [];
  for (const [i, line] of assisted.entries()) {
    const value = unfoldTokens(line.value, 0);
    const text = typeof value === 'string' ? '' : value.join('');
    const colon = text.indexOf(':');
    if (colon <= 0 || colon === text.length - 1 || text.includes('='))
      return fail(`"Assisted-by: ${line.value}" in the block must be TOOL:MODEL`);
    tools.push({ tool: pctDecode(text.slice(0, colon)), model: pctDecode(text.slice(colon + 1)), via: vias[i] as ToolUse['via'] });
  }
  const sensitive: SensitiveFile[] = [];
  for (const line of inBlock.filter((t) => t.key.toLowerCase() === 'ai-attest-sensitive')) {
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
  const facts = signatureFactsBefore(signature);
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
function isoSeconds(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}
function splitHead(tokens: readonly string[]): string[] {
  return [tokens[0]!.includes('=') ? '' : tokens[0]!, ...tokens.slice(1)];
}
