import { PREDICATE_TYPE, STATEMENT_TYPE, type Predicate } from './model.js';

/**
 * `canonicalJson(signedStatementV2(p, noteDigest))`, written out for the one shape a v2 signature
 * covers: its keys in canonical order, strings through JSON.stringify as canonicalJson does.
 * verify rebuilds this text for every commit with format v2 trailers; the generic serialiser
 * sorts each object's entries, the most of that cost (test/statement-json.test.ts compares the
 * two on generated and hostile predicates).
 */
export function signedStatementV2Json(p: Predicate, noteDigest: string | null): string {
  const { binding } = p;
  const used = p.ai === 'used';
  // Plain loops: verify rebuilds this for every commit of a range, with V8's optimising compiler off.
  let tools = '';
  if (used) {
    for (let i = 0; i < p.tools.length; i++) {
      const t = p.tools[i]!;
      tools += `${i ? ',' : ''}{"model":${str(t.model)},"tool":${str(t.tool)},"via":${str(t.via)}}`;
    }
  }
  let sensitive = '';
  for (let i = 0; i < p.sensitive.length; i++) {
    const s = p.sensitive[i]!;
    if (s.ai.length === 0) continue;
    sensitive += `${sensitive ? ',' : ''}{"ai":[${strings(s.ai)}],"category":${str(s.category)},"path":${str(s.path)}}`;
  }
  const commit = binding.commit ? `"commit":${str(binding.commit)},` : '';
  const predicate =
    `{"ai":${str(p.ai)},"attester":{"key":${str(p.attester.key)}},` +
    `"binding":{${commit}"parents":[${strings(binding.parents)}],` +
    `"patchId":${str(binding.patchId)},"tree":${str(binding.tree)}},` +
    (noteDigest ? `"note":{"sha256":${str(noteDigest)}},` : '') +
    `"sensitive":[${sensitive}],"share":${num(used ? p.share : 0)},"source":${str(p.source)},"time":${str(p.time)},` +
    `"tools":[${tools}],"version":${num(p.version)}}`;
  const subject =
    `[{"digest":{"gitTree":${str(binding.tree)}},"name":"tree"}` +
    (binding.commit ? `,{"digest":{"gitCommit":${str(binding.commit)}},"name":"commit"}` : '') +
    ']';
  return `{"_type":${STATEMENT_TYPE_JSON},"predicate":${predicate},"predicateType":${PREDICATE_TYPE_JSON},"subject":${subject}}`;
}

const STATEMENT_TYPE_JSON = JSON.stringify(STATEMENT_TYPE);
const PREDICATE_TYPE_JSON = JSON.stringify(PREDICATE_TYPE);

/** `values.map(str).join(',')`. */
function strings(values: readonly string[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += `${i ? ',' : ''}${str(values[i]!)}`;
  return out;
}

/** Printable ASCII but '"' and '\\': the characters JSON.stringify writes as they are. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** canonicalJson of a value typed as a string: a value of another type (a hostile caller) is refused, never serialised differently. */
function str(value: string): string {
  if (typeof value !== 'string') throw new TypeError('signedStatementV2Json: a string field holds another type');
  // Ids, times and names are almost always plain: quoted as JSON.stringify would, without calling it.
  return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

function num(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError('signedStatementV2Json: a number field is not finite');
  // JSON.stringify writes a finite number as String() does (-0 as 0).
  return String(value);
}
