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
import { parseTokens, pctDecode, pctEncode } from './percent.js';

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
  | { kind: 'ok'; predicate: Predicate; signature: Uint8Array; unknownKeys: string[] };

const SOURCES: readonly AnswerSource[] = ['prompt', 'env', 'events', 'amend', 'attest', 'carry', 'policy'];
const INVOLVEMENT: readonly AiInvolvement[] = ['used', 'none', 'undeclared'];
const HEX40 = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Rebuilds the signed predicate from a commit's trailers (as parsed by src/core/trailers.ts). */
export function decodeTrailers(trailers: readonly TrailerLine[]): DecodedTrailers {
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

  const ai = one(KEY.ai) as AiInvolvement | undefined;
  if (!ai || !INVOLVEMENT.includes(ai)) return fail(`"${KEY.ai}" must be one of ${INVOLVEMENT.join(', ')}`);

  const tools: ToolUse[] = [];
  for (const value of byKey(KEY.tool)) {
    const { head, fields } = parseTokens(value);
    const model = fields.get('model');
    const via = fields.get('via') ?? '';
    if (!head || !model || !isIntegrationPath(via)) {
      return fail(`"${KEY.tool}: ${value}" needs a tool id, model=... and via=(${INTEGRATION_PATHS.join('|')})`);
    }
    tools.push({ tool: head, model, via });
  }

  const shareText = one(KEY.share);
  if (shareText === undefined || !/^\d{1,3}$/.test(shareText) || Number(shareText) > 100) {
    return fail(`"${KEY.share}" must be one integer from 0 to 100`);
  }

  const sensitive: SensitiveFile[] = [];
  for (const value of byKey(KEY.sensitive)) {
    const { head, fields } = parseTokens(value);
    const category = fields.get('category');
    const aiList = fields.get('ai');
    if (!head || !category || aiList === undefined) return fail(`"${KEY.sensitive}: ${value}" needs a path, category= and ai=`);
    sensitive.push({ path: head, category, ai: aiList === '-' ? [] : aiList.split(',').map(pctDecode) });
  }

  const attesterText = one(KEY.attester);
  if (!attesterText) return fail(`expected exactly one "${KEY.attester}:" trailer`);
  const attesterTokens = parseTokens(attesterText);
  const key = attesterTokens.fields.get('key');
  if (!attesterTokens.head || !key || !/^[0-9A-F]{40}$/.test(key)) return fail(`"${KEY.attester}" needs an email, name= and key=FINGERPRINT`);

  const bindingText = one(KEY.binding);
  if (!bindingText) return fail(`expected exactly one "${KEY.binding}:" trailer`);
  const b = parseTokens(`- ${bindingText}`).fields;
  const tree = b.get('tree') ?? '';
  const parentsText = b.get('parents') ?? '';
  const patchText = b.get('patch-id') ?? '';
  const commit = b.get('commit');
  const parents = parentsText === '-' ? [] : parentsText.split(',');
  if (!HEX40.test(tree) || parents.some((p) => !HEX40.test(p)) || !(patchText === '-' || HEX40.test(patchText)) || (commit !== undefined && !HEX40.test(commit))) {
    return fail(`"${KEY.binding}: ${bindingText}" needs tree=, parents= and patch-id= object ids`);
  }

  const time = one(KEY.time);
  if (!time || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(time)) return fail(`"${KEY.time}" must be one UTC time like 2026-01-31T12:00:00Z`);
  const source = one(KEY.source) as AnswerSource | undefined;
  if (!source || !SOURCES.includes(source)) return fail(`"${KEY.source}" must be one of ${SOURCES.join(', ')}`);

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
    extensions: {},
  };
  const detailText = one(KEY.detail);
  if (detailText) {
    const sha = parseTokens(`- ${detailText}`).fields.get('sha256');
    if (!sha || !/^[0-9a-f]{64}$/.test(sha)) return fail(`"${KEY.detail}" must be sha256=<64 hex>`);
    predicate.detail = { sha256: sha };
  }
  const carried = one(KEY.carriedFrom);
  if (carried) predicate.carriedFrom = carried.split(',');
  for (const value of byKey(KEY.extension)) {
    const { head, fields } = parseTokens(value);
    const json = fields.get('json');
    if (!head || json === undefined) return fail(`"${KEY.extension}: ${value}" needs a name and json=`);
    try {
      predicate.extensions[head] = JSON.parse(json);
    } catch {
      return fail(`"${KEY.extension}: ${head}" does not hold valid JSON`);
    }
  }

  const sigText = one(KEY.signature);
  if (!sigText || !/^[A-Za-z0-9+/]+={0,2}$/.test(sigText)) return fail(`expected exactly one base64 "${KEY.signature}:" trailer`);
  const known = new Set(Object.values(KEY).map((k) => k.toLowerCase()));
  const unknownKeys = own.map((t) => t.key).filter((k) => !known.has(k.toLowerCase()));
  return { kind: 'ok', predicate, signature: Buffer.from(sigText, 'base64'), unknownKeys };
}
