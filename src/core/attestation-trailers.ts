import { canonicalJson } from './canonical-json.js';
import {
  INTEGRATION_PATHS,
  isIntegrationPath,
  PREDICATE_VERSION,
  type AiInvolvement,
  type AnswerSource,
  type Predicate,
  type SensitiveFile,
  type ToolUse,
} from './model.js';
import { UNSAFE_KEYS, unsafeKey } from './message-statement.js';
import { decodeTrailersV2, v2Block } from './attestation-trailers-v2.js';
import { withLazyPayload } from './lazy-payload.js';
import { buildStatement, statementBytes } from './statement.js';
import { pctDecode, pctEncode } from './percent.js';
import { parseShareText } from './answer-values.js';
import { isObjectId } from './object-id.js';

/**
 * The trailer form of one attestation: an all-trailers last paragraph, one value per line,
 * namespaced keys, plus Linux-kernel-style `Assisted-by: TOOL:MODEL` lines for interop.
 * It carries every signed field, so a statement rebuilt from trailers verifies on its own.
 */
export const KEY = {
  version: 'Ai-Attest',
  ai: 'Ai-Attest-AI',
  tool: 'Ai-Attest-Tool',
  share: 'Ai-Attest-Share',
  sensitive: 'Ai-Attest-Sensitive',
  attester: 'Ai-Attest-Attester',
  binding: 'Ai-Attest-Binding',
  time: 'Ai-Attest-Time',
  source: 'Ai-Attest-Source',
  detail: 'Ai-Attest-Detail',
  carriedFrom: 'Ai-Attest-Carried-From',
  extension: 'Ai-Attest-Ext',
  signature: 'Ai-Attest-Sig',
  assistedBy: 'Assisted-by',
} as const;

export interface TrailerLine {
  key: string;
  value: string;
}

/** True for every trailer this codec writes (so a rewrite can replace them and keep the user's). */
export function isOwnTrailer(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'ai-attest' || k.startsWith('ai-attest-') || k === 'assisted-by';
}

export function encodeTrailers(predicate: Predicate, signature: Uint8Array): TrailerLine[] {
  const lines: TrailerLine[] = [
    { key: KEY.version, value: `v${predicate.version}` },
    { key: KEY.ai, value: predicate.ai },
  ];
  for (const use of predicate.tools) {
    lines.push({ key: KEY.tool, value: `${pctEncode(use.tool)} model=${pctEncode(use.model)} via=${use.via}` });
  }
  lines.push({ key: KEY.share, value: String(predicate.share) });
  for (const file of predicate.sensitive) {
    lines.push({
      key: KEY.sensitive,
      value: `${pctEncode(file.path)} category=${pctEncode(file.category)} ai=${file.ai.length ? file.ai.map(pctEncode).join(',') : '-'}`,
    });
  }
  const { attester, binding } = predicate;
  lines.push({ key: KEY.attester, value: `${pctEncode(attester.email)} name=${pctEncode(attester.name)} key=${attester.key}` });
  lines.push({
    key: KEY.binding,
    value:
      `tree=${binding.tree} parents=${binding.parents.length ? binding.parents.join(',') : '-'} patch-id=${binding.patchId || '-'}` +
      (binding.commit ? ` commit=${binding.commit}` : ''),
  });
  lines.push({ key: KEY.time, value: predicate.time });
  lines.push({ key: KEY.source, value: predicate.source });
  if (predicate.detail) lines.push({ key: KEY.detail, value: `sha256=${predicate.detail.sha256}` });
  if (predicate.carriedFrom?.length) lines.push({ key: KEY.carriedFrom, value: predicate.carriedFrom.join(',') });
  for (const name of Object.keys(predicate.extensions).sort()) {
    lines.push({ key: KEY.extension, value: `${pctEncode(name)} json=${pctEncode(canonicalJson(predicate.extensions[name]))}` });
  }
  for (const use of predicate.tools) {
    lines.push({ key: KEY.assistedBy, value: `${use.tool}:${use.model}` });
  }
  lines.push({ key: KEY.signature, value: Buffer.from(signature).toString('base64') });
  return lines;
}

export type DecodedTrailers =
  | { kind: 'none' }
  | { kind: 'unsupported-version'; version: string }
  | { kind: 'malformed'; reason: string }
  | {
      kind: 'ok';
      /** The trailer format, 1 or 2 (the predicate's version). */
      format: number;
      predicate: Predicate;
      signature: Uint8Array;
      /**
       * The statement bytes the signature must cover (canonical JSON), made from the predicate as
       * decoded on first read (see withLazyPayload): a reader that checks no signature never pays it.
       */
      readonly payload: Uint8Array;
      /** Format 2: sha256 of the note part the signed statement names, if any. */
      noteDigest: string | null;
      unknownKeys: string[];
      /** Shown lines of the block that the statement does not sign (v1 `Assisted-by:` that name no signed tool). */
      unsignedLines: string[];
    };

/**
 * `head k=v ...` with each key once and only the keys the line has: a duplicated `model=` would
 * let `git log` and verify read different models, and an unknown token is text nothing signs.
 */
export function strictTokens(
  value: string,
  allowed: readonly string[],
  withHead = true,
): { head: string; fields: Map<string, string> } | string {
  const parts = value
    .trim()
    .split(/[ \t\r\n]+/)
    .filter(Boolean);
  const fields = new Map<string, string>();
  let head = '';
  for (const [index, part] of parts.entries()) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      if (index === 0 && withHead) {
        head = pctDecode(part);
        continue;
      }
      return `"${part}" is not a key=value token`;
    }
    const key = part.slice(0, eq);
    if (!allowed.includes(key)) return `"${key}=" is not a token of this line`;
    if (fields.has(key)) return `"${key}=" appears twice`;
    fields.set(key, pctDecode(part.slice(eq + 1)));
  }
  return { head, fields };
}

const SOURCES: readonly AnswerSource[] = ['prompt', 'env', 'events', 'amend', 'attest', 'carry', 'policy'];
const INVOLVEMENT: readonly AiInvolvement[] = ['used', 'none', 'undeclared'];

/** Rebuilds the signed predicate from a commit's trailers (as parsed by src/core/trailers.ts), v1 or v2. */
export function decodeTrailers(trailers: readonly TrailerLine[]): DecodedTrailers {
  const heads = trailers.filter((t) => t.key.toLowerCase() === 'ai-attest');
  // A v2 head line has words after its version; v1's holds the version alone.
  const v2 = heads.length === 1 ? /^v(\d+)[ \t]+\S/.exec(heads[0]!.value.trim()) : null;
  if (v2) {
    const declared = Number(v2[1]);
    if (declared > PREDICATE_VERSION) return { kind: 'unsupported-version', version: `v${v2[1]}` };
    // Read under the version it declares: a signature made as v2 then fails, and the reader says why.
    return decodeTrailersV2(trailers, declared);
  }
  return decodeTrailersV1(trailers);
}

function decodeTrailersV1(trailers: readonly TrailerLine[]): DecodedTrailers {
  const own = trailers.filter((t) => isOwnTrailer(t.key) && t.key.toLowerCase() !== 'assisted-by');
  if (own.length === 0) return { kind: 'none' };
  const byKey = (key: string) => own.filter((t) => t.key.toLowerCase() === key.toLowerCase()).map((t) => t.value.trim());
  const one = (key: string): string | undefined => {
    const values = byKey(key);
    return values.length === 1 ? values[0] : undefined;
  };
  const fail = (reason: string): DecodedTrailers => ({ kind: 'malformed', reason });

  const versionText = one(KEY.version);
  if (!versionText) return fail(`expected exactly one "${KEY.version}:" trailer`);
  const versionMatch = /^v(\d+)$/.exec(versionText);
  if (!versionMatch) return fail(`"${KEY.version}: ${versionText}" is not a version like v1`);
  const version = Number(versionMatch[1]);
  if (version > PREDICATE_VERSION) return { kind: 'unsupported-version', version: versionText };
  if (version === 2) return fail(`"${KEY.version}: v2" with v1 trailers`);

  const ai = one(KEY.ai) as AiInvolvement | undefined;
  if (!ai || !INVOLVEMENT.includes(ai)) return fail(`"${KEY.ai}" must be one of ${INVOLVEMENT.join(', ')}`);

  const tools: ToolUse[] = [];
  for (const value of byKey(KEY.tool)) {
    const t = strictTokens(value, ['model', 'via']);
    if (typeof t === 'string') return fail(`"${KEY.tool}: ${value}": ${t}`);
    const model = t.fields.get('model');
    const via = t.fields.get('via') ?? '';
    if (!t.head || !model || !isIntegrationPath(via)) {
      return fail(`"${KEY.tool}: ${value}" needs a tool id, model=... and via=(${INTEGRATION_PATHS.join('|')})`);
    }
    tools.push({ tool: t.head, model, via });
  }

  const shareText = one(KEY.share);
  if (shareText === undefined || parseShareText(shareText) === null) {
    return fail(`"${KEY.share}" must be one integer from 0 to 100`);
  }

  const sensitive: SensitiveFile[] = [];
  for (const value of byKey(KEY.sensitive)) {
    const t = strictTokens(value, ['category', 'ai']);
    if (typeof t === 'string') return fail(`"${KEY.sensitive}: ${value}": ${t}`);
    const category = t.fields.get('category');
    const aiList = t.fields.get('ai');
    if (!t.head || !category || aiList === undefined) return fail(`"${KEY.sensitive}: ${value}" needs a path, category= and ai=`);
    sensitive.push({ path: t.head, category, ai: aiList === '-' ? [] : aiList.split(',').map(pctDecode) });
  }

  const attesterText = one(KEY.attester);
  if (!attesterText) return fail(`expected exactly one "${KEY.attester}:" trailer`);
  const attesterTokens = strictTokens(attesterText, ['name', 'key']);
  if (typeof attesterTokens === 'string') return fail(`"${KEY.attester}: ${attesterText}": ${attesterTokens}`);
  const key = attesterTokens.fields.get('key');
  if (!attesterTokens.head || !key || !/^[0-9A-F]{40}$/.test(key))
    return fail(`"${KEY.attester}" needs an email, name= and key=FINGERPRINT`);

  const bindingText = one(KEY.binding);
  if (!bindingText) return fail(`expected exactly one "${KEY.binding}:" trailer`);
  const bt = strictTokens(bindingText, ['tree', 'parents', 'patch-id', 'commit'], false);
  if (typeof bt === 'string') return fail(`"${KEY.binding}: ${bindingText}": ${bt}`);
  const b = bt.fields;
  const tree = b.get('tree') ?? '';
  const parentsText = b.get('parents') ?? '';
  const patchText = b.get('patch-id') ?? '';
  const commit = b.get('commit');
  const parents = parentsText === '-' ? [] : parentsText.split(',');
  if (
    !isObjectId(tree) ||
    parents.some((p) => !isObjectId(p)) ||
    !(patchText === '-' || isObjectId(patchText)) ||
    (commit !== undefined && !isObjectId(commit))
  ) {
    return fail(`"${KEY.binding}: ${bindingText}" needs tree=, parents= and patch-id= object ids`);
  }

  const time = one(KEY.time);
  if (!time || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(time))
    return fail(`"${KEY.time}" must be one UTC time like 2026-01-31T12:00:00Z`);
  const source = one(KEY.source) as AnswerSource | undefined;
  if (!source || !SOURCES.includes(source)) return fail(`"${KEY.source}" must be one of ${SOURCES.join(', ')}`);

  const extensions = Object.create(null) as Record<string, unknown>;
  const predicate: Predicate = {
    version,
    ai,
    tools,
    share: Number(shareText),
    sensitive,
    attester: { email: attesterTokens.head, name: attesterTokens.fields.get('name') ?? '', key },
    binding: { tree, parents, patchId: patchText === '-' ? '' : patchText, ...(commit ? { commit } : {}) },
    time,
    source,
    extensions,
  };
  const detailText = one(KEY.detail);
  if (detailText) {
    const d = strictTokens(detailText, ['sha256'], false);
    const sha = typeof d === 'string' ? undefined : d.fields.get('sha256');
    if (!sha || !/^[0-9a-f]{64}$/.test(sha)) return fail(`"${KEY.detail}" must be sha256=<64 hex>`);
    predicate.detail = { sha256: sha };
  }
  const carried = one(KEY.carriedFrom);
  if (carried) predicate.carriedFrom = carried.split(',');
  for (const value of byKey(KEY.extension)) {
    const t = strictTokens(value, ['json']);
    if (typeof t === 'string') return fail(`"${KEY.extension}: ${value}": ${t}`);
    const json = t.fields.get('json');
    if (!t.head || json === undefined) return fail(`"${KEY.extension}: ${value}" needs a name and json=`);
    if (UNSAFE_KEYS.has(t.head) || t.head in extensions)
      return fail(`"${KEY.extension}: ${t.head}" is ${t.head in extensions ? 'repeated' : 'not an extension name'}`);
    try {
      const parsed: unknown = JSON.parse(json);
      const unsafe = unsafeKey(parsed);
      if (unsafe) return fail(`"${KEY.extension}: ${t.head}" holds the key "${unsafe}"`);
      extensions[t.head] = parsed;
    } catch {
      return fail(`"${KEY.extension}: ${t.head}" does not hold valid JSON`);
    }
  }

  const sigText = one(KEY.signature);
  if (!sigText || !/^[A-Za-z0-9+/]+={0,2}$/.test(sigText)) return fail(`expected exactly one base64 "${KEY.signature}:" trailer`);
  const known = new Set(Object.values(KEY).map((k) => k.toLowerCase()));
  const unknownKeys = own.map((t) => t.key).filter((k) => !known.has(k.toLowerCase()));
  return withLazyPayload(
    {
      kind: 'ok',
      format: 1,
      predicate,
      signature: Buffer.from(sigText, 'base64'),
      noteDigest: null,
      unknownKeys,
      unsignedLines: unsignedAssistedBy(trailers, tools),
    },
    () => statementBytes(buildStatement(predicate)),
  );
}

/**
 * v1 did not sign its `Assisted-by:` lines: each one in the block must name a signed tool and
 * model, and each signed tool needs its line, or a reader of `git log` sees an unsigned claim.
 */
function unsignedAssistedBy(trailers: readonly TrailerLine[], tools: readonly ToolUse[]): string[] {
  const block = v1Block(trailers);
  if (!block) return [];
  const expected = tools.map((t) => `${t.tool}:${t.model}`);
  const shown = trailers
    .slice(block.start, block.end)
    .filter((t) => t.key.toLowerCase() === 'assisted-by')
    .map((t) => t.value.trim());
  const out = shown.filter((v) => !expected.includes(v)).map((v) => `Assisted-by: ${v}`);
  for (const e of expected) if (!shown.includes(e)) out.push(`(no "Assisted-by: ${e}" line for a signed tool)`);
  return out;
}

/** A v1 block runs from its `Ai-Attest:` line to its `Ai-Attest-Sig:` line, as the encoder writes it. */
export function v1Block(trailers: readonly TrailerLine[]): { start: number; end: number } | null {
  const start = trailers.findIndex((t) => t.key.toLowerCase() === 'ai-attest');
  if (start < 0) return null;
  const sig = trailers.findIndex((t, i) => i > start && t.key.toLowerCase() === 'ai-attest-sig');
  return { start, end: sig < 0 ? trailers.length : sig + 1 };
}

/**
 * Which trailers (indexes into parseTrailers' list) ai-attest wrote and may replace: every
 * `Ai-Attest*` key (the namespace is ours), and the `Assisted-by:` lines of a block that decodes
 * as ours and names them as its tools. Every other trailer, a typed `Assisted-by: Claude Opus
 * 4.6` included, is the developer's and is never removed or rewritten.
 */
export function ownTrailerIndexes(trailers: readonly TrailerLine[]): Set<number> {
  const own = new Set<number>();
  for (const [i, t] of trailers.entries()) {
    const k = t.key.toLowerCase();
    if (k === 'ai-attest' || k.startsWith('ai-attest-')) own.add(i);
  }
  const decoded = decodeTrailers(trailers);
  if (decoded.kind !== 'ok') return own;
  const block = decoded.format >= 2 ? v2Block(trailers) : v1Block(trailers);
  if (!block || typeof block === 'string') return own;
  const tools = decoded.predicate.tools.map((t) => `${t.tool}:${t.model}`);
  for (let i = block.start; i < block.end; i++) {
    const t = trailers[i]!;
    if (t.key.toLowerCase() !== 'assisted-by') continue;
    if (decoded.format >= 2 || tools.includes(t.value.trim())) own.add(i);
  }
  return own;
}

/** Attribution trailers that ai-attest did not write: what a developer or an agent typed, unsigned. */
export function typedAttributions(trailers: readonly TrailerLine[]): TrailerLine[] {
  // Most messages have none: then the block need not be decoded again to tell whose they are.
  if (!trailers.some((t) => ATTRIBUTION_KEYS.has(t.key.toLowerCase()))) return [];
  const own = ownTrailerIndexes(trailers);
  return trailers.filter((t, i) => !own.has(i) && ATTRIBUTION_KEYS.has(t.key.toLowerCase()));
}

const ATTRIBUTION_KEYS = new Set(['assisted-by', 'co-authored-by', 'generated-by', 'ai-assisted-by', 'ai-generated-by', 'co-developed-by']);
