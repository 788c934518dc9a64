import { isCountable, lineDigest } from '../capture/lines.js';
import { sameModel } from '../detect/compare.js';
import type { ProviderCall } from './providers.js';
import type { TrailEntry, TrailRead } from './trail.js';

export const CORRELATE_SCHEMA = 'ai-attest/correlate@1';

/** Below this share of the captured lines found in the provider's output, the outputs disagree. */
const OUTPUT_AGREEMENT = 0.5;
/** Provider calls this long before the range's first commit may still be its work. */
const LEAD_MS = 24 * 3600 * 1000;
const LAG_MS = 3600 * 1000;

export type CorrelateKind = 'model-mismatch' | 'unknown-request' | 'unaccounted-call' | 'output-mismatch';

export interface CorrelateFinding {
  kind: CorrelateKind;
  commit?: string;
  subject?: string;
  tool?: string;
  /** The id the two sides were joined on (or the provider's ids for an unaccounted call). */
  id: string;
  trailModel?: string;
  attestedModels?: string[];
  providerModel?: string;
  provider?: string;
  /** Where the provider record is: `file:line`. */
  source?: string;
  /** For output-mismatch: captured lines found in the provider's output / captured lines. */
  outputLines?: { found: number; captured: number };
  message: string;
}

export interface CorrelateReport {
  schema: typeof CORRELATE_SCHEMA;
  range: string;
  commits: number;
  trailIds: number;
  providerCalls: number;
  /** Trail ids found in a log. */
  matched: number;
  /** Trail ids not looked for: their commit is outside the time the logs cover, or no log records ids of their kind. */
  outsideLogWindow: number;
  outputsCompared: number;
  findings: CorrelateFinding[];
  /** Lines of the logs that were not provider records. */
  skippedRecords: number;
  stored: false;
}

/**
 * Provider model ids name the same model in other words: a Bedrock id carries a region and vendor
 * prefix and a version suffix (`us.anthropic.claude-3-5-sonnet-20240620-v1:0`), an ARN its path,
 * a Vertex id an `@` version. Compared after those are dropped.
 */
export function providerModelMatches(trail: string, provider: string): boolean {
  const norm = (m: string) =>
    m
      .trim()
      .toLowerCase()
      .replace(/^arn:[^/]*\//, '')
      .replace(/^(?:us|eu|apac|global|us-gov)\./, '')
      .replace(/^(?:anthropic|meta|amazon|cohere|mistral|ai21|openai|google|models)[./]/, '')
      .replace(/-v\d+(?::\d+)?$/, '');
  return sameModel(norm(trail), norm(provider)) || sameModel(norm(trail).replace(/@/, '-'), norm(provider).replace(/@/, '-'));
}

function digestsOf(lines: readonly string[]): Set<string> {
  return new Set(lines.filter(isCountable).map(lineDigest));
}

/** Joins the trail's captured ids with the providers' calls. Reads only; stores nothing. */
export function correlate(trail: TrailRead, calls: readonly ProviderCall[], range: string, skippedRecords: number): CorrelateReport {
  const byRequest = new Map<string, ProviderCall>();
  const byResponse = new Map<string, ProviderCall>();
  for (const c of calls) {
    for (const id of [c.requestId, ...c.clientIds]) if (id) byRequest.set(id, c);
    if (c.responseId) byResponse.set(c.responseId, c);
  }
  // An id of a kind no log records (response ids in a gateway log of request ids) cannot be missing from it.
  const checks = { request: byRequest.size > 0, response: byResponse.size > 0 };
  const times = calls
    .map((c) => c.time)
    .filter((t): t is string => !!t)
    .sort();
  const window = times.length ? { from: Date.parse(times[0]!) - LAG_MS, to: Date.parse(times[times.length - 1]!) + LEAD_MS } : null;

  const findings: CorrelateFinding[] = [];
  const used = new Set<ProviderCall>();
  let trailIds = 0;
  let matched = 0;
  let outside = 0;
  let outputsCompared = 0;
  const base = (e: TrailEntry) => ({ commit: e.commit, subject: e.subject, tool: e.tool });

  for (const e of trail.entries) {
    // One call is judged once per entry, whichever of its ids (request, response) found it.
    const judged = new Set<ProviderCall>();
    const ids: Array<{ id: string; kind: 'request' | 'response' }> = [
      ...[...new Set(e.requestIds)].map((id) => ({ id, kind: 'request' as const })),
      ...[...new Set(e.responseIds)].map((id) => ({ id, kind: 'response' as const })),
    ];
    for (const { id, kind } of ids) {
      trailIds++;
      const call = kind === 'request' ? (byRequest.get(id) ?? byResponse.get(id)) : (byResponse.get(id) ?? byRequest.get(id));
      if (call && judged.has(call)) {
        matched++;
        continue;
      }
      if (!call) {
        if (!checks[kind]) {
          outside++;
          continue;
        }
        // A commit made after the calls the logs cover proves nothing about this id.
        const t = Date.parse(e.time);
        if (window && (t < window.from || t > window.to)) {
          outside++;
          continue;
        }
        findings.push({
          kind: 'unknown-request',
          ...base(e),
          id,
          trailModel: e.capturedModel,
          message: `the trail captured ${id} for ${e.tool} ${e.capturedModel}, and no provider log has a record of it`,
        });
        continue;
      }
      matched++;
      used.add(call);
      judged.add(call);
      const models = [e.capturedModel, ...e.attestedModels].filter(Boolean);
      if (call.model && models.some((m) => !providerModelMatches(m, call.model!))) {
        const which =
          e.capturedModel && !providerModelMatches(e.capturedModel, call.model)
            ? `captured ${e.capturedModel}`
            : `attested ${e.attestedModels.join(', ')}`;
        findings.push({
          kind: 'model-mismatch',
          ...base(e),
          id,
          trailModel: e.capturedModel,
          attestedModels: e.attestedModels,
          providerModel: call.model,
          provider: call.provider,
          source: call.source,
          message: `${call.provider} recorded ${call.model} for ${id}; the trail says ${which}`,
        });
      }
      const written = e.written.get(id);
      if (written?.length && call.outputLines?.length) {
        outputsCompared++;
        const have = digestsOf(call.outputLines);
        const found = written.filter((d) => have.has(d)).length;
        if (found / written.length < OUTPUT_AGREEMENT) {
          findings.push({
            kind: 'output-mismatch',
            ...base(e),
            id,
            provider: call.provider,
            source: call.source,
            outputLines: { found, captured: written.length },
            message: `of ${written.length} lines captured as ${id}'s output, ${found} are in what ${call.provider} returned`,
          });
        }
      }
    }
  }

  const rangeFrom = trail.first ? Date.parse(trail.first) - LEAD_MS : -Infinity;
  const rangeTo = trail.last ? Date.parse(trail.last) + LAG_MS : Infinity;
  for (const c of calls) {
    if (used.has(c)) continue;
    const t = c.time ? Date.parse(c.time) : NaN;
    if (!Number.isNaN(t) && (t < rangeFrom || t > rangeTo)) continue;
    const id = c.requestId ?? c.responseId ?? c.clientIds[0]!;
    findings.push({
      kind: 'unaccounted-call',
      id,
      ...(c.model ? { providerModel: c.model } : {}),
      provider: c.provider,
      source: c.source,
      message: `${c.provider} call ${id}${c.model ? ` (${c.model})` : ''}${c.time ? ` at ${c.time}` : ''} is in no commit of the range`,
    });
  }

  return {
    schema: CORRELATE_SCHEMA,
    range,
    commits: trail.commits,
    trailIds,
    providerCalls: calls.length,
    matched,
    outsideLogWindow: outside,
    outputsCompared,
    findings,
    skippedRecords,
    stored: false,
  };
}
