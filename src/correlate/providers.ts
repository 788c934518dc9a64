import { AttestError } from '../errors.js';

/**
 * One model call as the provider recorded it, normalised across providers. Prompt text is never
 * kept: only ids, the model, the time, and (for raw-output comparison) the output's lines.
 */
export interface ProviderCall {
  provider: string;
  /** The provider's request id (Anthropic `req_…`, OpenAI `x-request-id`, Bedrock `requestId`, APIM `RequestId`). */
  requestId?: string;
  /** The response body's id (`msg_…`, `chatcmpl-…`, `resp_…`, Gemini `responseId`). */
  responseId?: string;
  /** An id the client chose and the provider echoed (Bedrock `requestMetadata`, APIM `CorrelationId`). */
  clientIds: string[];
  model?: string;
  /** ISO 8601 when the provider gives a time. */
  time?: string;
  /** Text the model returned, as lines (compared by digest, never printed or stored). */
  outputLines?: string[];
  /** `file:line` of the record in the log. */
  source: string;
}

export const PROVIDERS = ['anthropic', 'openai', 'bedrock', 'azure-apim', 'vertex', 'generic'] as const;
export type Provider = (typeof PROVIDERS)[number];

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

/** A value at a dotted path (`a.b.0.c`), looked up case-insensitively per key. */
export function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObj(cur)) {
      const hit = key in cur ? key : Object.keys(cur).find((k) => k.toLowerCase() === key.toLowerCase());
      cur = hit === undefined ? undefined : cur[hit];
    } else return undefined;
  }
  return cur;
}

function first(obj: unknown, paths: readonly string[]): string | undefined {
  for (const p of paths) {
    const v = str(at(obj, p));
    if (v) return v;
  }
  return undefined;
}

function time(v: unknown): string | undefined {
  if (typeof v === 'number') return new Date(v > 1e12 ? v : v * 1000).toISOString();
  if (typeof v === 'string' && v) {
    const d = new Date(/^\d+(\.\d+)?$/.test(v) ? Number(v) * (Number(v) > 1e12 ? 1 : 1000) : v);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return undefined;
}

/** Every string inside a response body (text blocks, tool-call inputs), split into lines. */
function textLines(body: unknown): string[] | undefined {
  if (body === undefined || body === null) return undefined;
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      // Ids, roles, model names and stop reasons are not output.
      if (!['id', 'type', 'role', 'model', 'stop_reason', 'finish_reason', 'object', 'name', 'tool_use_id'].includes(key))
        out.push(...v.split('\n'));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(typeof body === 'string' ? parseMaybe(body) : body, '');
  return out;
}

function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function anthropic(r: Obj, source: string): ProviderCall {
  const body = at(r, 'response') ?? at(r, 'body') ?? r;
  return {
    provider: 'anthropic',
    ...opt('requestId', first(r, ['request_id', 'requestId', 'headers.request-id', 'response_headers.request-id', 'request-id'])),
    ...opt('responseId', first(body, ['id'])),
    clientIds: [],
    ...opt('model', first(body, ['model']) ?? first(r, ['model'])),
    ...opt('time', time(at(r, 'timestamp') ?? at(r, 'created_at') ?? at(r, 'time'))),
    ...optLines(textLines(at(body, 'content'))),
    source,
  };
}

function openai(r: Obj, source: string): ProviderCall {
  const body = at(r, 'response') ?? at(r, 'body') ?? r;
  const output = at(body, 'choices') ?? at(body, 'output');
  return {
    provider: 'openai',
    ...opt('requestId', first(r, ['x-request-id', 'request_id', 'requestId', 'headers.x-request-id', 'response_headers.x-request-id'])),
    ...opt('responseId', first(body, ['id'])),
    clientIds: [first(r, ['x-client-request-id', 'headers.x-client-request-id', 'metadata.client_request_id'])].filter(
      (x): x is string => !!x,
    ),
    ...opt('model', first(body, ['model']) ?? first(r, ['model'])),
    ...opt('time', time(at(body, 'created') ?? at(body, 'created_at') ?? at(r, 'timestamp'))),
    ...optLines(textLines(output)),
    source,
  };
}

function bedrock(r: Obj, source: string): ProviderCall | null {
  if (str(r.schemaType) && r.schemaType !== 'ModelInvocationLog') return null;
  const outBody = at(r, 'output.outputBodyJson');
  const metadata = at(r, 'requestMetadata');
  return {
    provider: 'bedrock',
    ...opt('requestId', first(r, ['requestId'])),
    ...opt('responseId', first(outBody, ['id', 'responseId'])),
    clientIds: isObj(metadata)
      ? Object.values(metadata)
          .map(str)
          .filter((x): x is string => !!x)
      : [],
    ...opt('model', first(r, ['modelId'])),
    ...opt('time', time(at(r, 'timestamp'))),
    ...optLines(textLines(isObj(outBody) ? (at(outBody, 'content') ?? at(outBody, 'output') ?? outBody) : outBody)),
    source,
  };
}

function azureApim(r: Obj, source: string): ProviderCall {
  const props = isObj(at(r, 'properties')) ? (at(r, 'properties') as Obj) : r;
  const responses = at(props, 'ResponseMessages') ?? at(props, 'responseMessages');
  return {
    provider: 'azure-apim',
    ...opt('requestId', first(props, ['RequestId', 'requestId'])),
    ...opt('responseId', first(props, ['ResponseId', 'CompletionId', 'Id'])),
    clientIds: [first(props, ['CorrelationId', 'correlationId'])].filter((x): x is string => !!x),
    // APIM logs the deployment name as well; the model name is what the API returned.
    ...opt('model', first(props, ['ModelName', 'modelName', 'DeploymentName', 'deploymentName'])),
    ...opt('time', time(at(r, 'TimeGenerated') ?? at(r, 'time') ?? at(props, 'TimeGenerated'))),
    ...optLines(textLines(typeof responses === 'string' ? parseMaybe(responses) : responses)),
    source,
  };
}

function vertex(r: Obj, source: string): ProviderCall {
  const response = at(r, 'full_response') ?? at(r, 'response_payload');
  const resp =
    typeof response === 'string'
      ? parseMaybe(response)
      : Array.isArray(response) && typeof response[0] === 'string'
        ? parseMaybe(response[0])
        : response;
  return {
    provider: 'vertex',
    ...opt('requestId', first(r, ['request_id', 'requestId'])),
    ...opt('responseId', first(resp, ['responseId', 'response_id'])),
    clientIds: [first(r, ['metadata.client_request_id', 'labels.request_id'])].filter((x): x is string => !!x),
    ...opt('model', first(resp, ['modelVersion', 'model_version']) ?? first(r, ['model_version', 'model'])),
    ...opt('time', time(at(r, 'logging_time') ?? at(r, 'timestamp'))),
    ...optLines(textLines(at(resp, 'candidates'))),
    source,
  };
}

export interface GenericMapping {
  requestId?: string;
  responseId?: string;
  clientId?: string;
  model?: string;
  time?: string;
  output?: string;
}

const MAPPING_KEYS: ReadonlyArray<keyof GenericMapping> = ['requestId', 'responseId', 'clientId', 'model', 'time', 'output'];

export function checkMapping(raw: unknown, source: string): GenericMapping {
  if (!isObj(raw))
    throw new AttestError(`--map ${source}: expected a JSON object like {"requestId": "meta.request_id", "model": "model"}.`);
  const out: GenericMapping = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!(MAPPING_KEYS as readonly string[]).includes(k) || typeof v !== 'string' || !v) {
      throw new AttestError(`--map ${source}: "${k}" is not one of ${MAPPING_KEYS.join(', ')} with a dotted path as its value.`);
    }
    out[k as keyof GenericMapping] = v;
  }
  if (!out.requestId && !out.responseId && !out.clientId)
    throw new AttestError(`--map ${source}: map at least one of requestId, responseId, clientId.`);
  return out;
}

function generic(r: Obj, source: string, map: GenericMapping): ProviderCall {
  const get = (p?: string) => (p ? str(at(r, p)) : undefined);
  return {
    provider: 'generic',
    ...opt('requestId', get(map.requestId)),
    ...opt('responseId', get(map.responseId)),
    clientIds: [get(map.clientId)].filter((x): x is string => !!x),
    ...opt('model', get(map.model)),
    ...opt('time', map.time ? time(at(r, map.time)) : undefined),
    ...optLines(map.output ? textLines(at(r, map.output)) : undefined),
    source,
  };
}

function opt<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}

function optLines(lines: string[] | undefined): { outputLines?: string[] } {
  return lines && lines.length ? { outputLines: lines } : {};
}

/** Guesses the provider of a record by the fields only that provider writes. */
export function sniff(r: Obj): Provider | null {
  if (r.schemaType === 'ModelInvocationLog' || ('modelId' in r && 'requestId' in r)) return 'bedrock';
  const props = isObj(r.properties) ? r.properties : r;
  if ('CorrelationId' in props || 'ModelName' in props || 'DeploymentName' in props) return 'azure-apim';
  if ('logging_time' in r || 'full_response' in r || 'deployed_model_id' in r) return 'vertex';
  const body = (isObj(r.response) ? r.response : r) as Obj;
  const id = str(body.id) ?? '';
  if (id.startsWith('msg_') || str(r.request_id)?.startsWith('req_')) return 'anthropic';
  if (id.startsWith('chatcmpl-') || id.startsWith('resp_') || 'x-request-id' in r) return 'openai';
  return null;
}

/**
 * Records of one log file: JSON Lines, a JSON array, or an object holding the records under
 * `records`, `logs`, `data` or `value` (CloudWatch and Azure exports wrap them so).
 */
export function parseLog(
  text: string,
  file: string,
  provider: Provider | undefined,
  map?: GenericMapping,
): { calls: ProviderCall[]; skipped: number } {
  const records: Array<{ value: unknown; source: string }> = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n{'))) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      const list = Array.isArray(parsed)
        ? parsed
        : isObj(parsed)
          ? ((['records', 'logs', 'data', 'value', 'Records'].map((k) => parsed[k]).find(Array.isArray) as unknown[] | undefined) ?? [
              parsed,
            ])
          : [];
      list.forEach((value, i) => records.push({ value, source: `${file}#${i + 1}` }));
    } catch {
      // Not one JSON document: read it as JSON Lines below.
    }
  }
  let skipped = 0;
  if (!records.length) {
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push({ value: JSON.parse(line) as unknown, source: `${file}:${i + 1}` });
      } catch {
        skipped++;
      }
    });
  }
  const calls: ProviderCall[] = [];
  for (const { value, source } of records) {
    // CloudWatch subscription exports put the log record in `message` as text.
    const record =
      isObj(value) && typeof value.message === 'string' && value.message.trim().startsWith('{') ? parseMaybe(value.message) : value;
    if (!isObj(record)) {
      skipped++;
      continue;
    }
    const kind = provider ?? sniff(record);
    let call: ProviderCall | null = null;
    if (kind === 'anthropic') call = anthropic(record, source);
    else if (kind === 'openai') call = openai(record, source);
    else if (kind === 'bedrock') call = bedrock(record, source);
    else if (kind === 'azure-apim') call = azureApim(record, source);
    else if (kind === 'vertex') call = vertex(record, source);
    else if (kind === 'generic' && map) call = generic(record, source, map);
    if (call && (call.requestId || call.responseId || call.clientIds.length)) calls.push(call);
    else skipped++;
  }
  return { calls, skipped };
}
