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
  let tools = '';
  if (used) {
    for (const t of p.tools) {
      tools += `${tools ? ',' : ''}{"model":${str(t.model)},"tool":${str(t.tool)},"via":${str(t.via)}}`;
    }
  }
  let sensitive = '';
  for (const s of p.sensitive) {
    if (s.ai.length === 0) continue;
    sensitive += `${sensitive ? ',' : ''}{"ai":[${s.ai.map(str).join(',')}],"category":${str(s.category)},"path":${str(s.path)}}`;
  }
  const commit = binding.commit ? `"commit":${str(binding.commit)},` : '';
  const predicate =
    `{"ai":${str(p.ai)},"attester":{"key":${str(p.attester.key)}},` +
    `"binding":{${commit}"parents":[${binding.parents.map(str).join(',')}],` +
    `"patchId":${str(binding.patchId)},"tree":${str(binding.tree)}},` +
    (noteDigest ? `"note":{"sha256":${str(noteDigest)}},` : '') +
    `"sensitive":[${sensitive}],"share":${num(used ? p.share : 0)},"source":${str(p.source)},"time":${str(p.time)},` +
    `"tools":[${tools}],"version":${num(p.version)}}`;
  const subject =
    `[{"digest":{"gitTree":${str(binding.tree)}},"name":"tree"}` +
    (binding.commit ? `,{"digest":{"gitCommit":${str(binding.commit)}},"name":"commit"}` : '') +
    ']';
  return `{"_type":${str(STATEMENT_TYPE)},"predicate":${predicate},"predicateType":${str(PREDICATE_TYPE)},"subject":${subject}}`;
}

/** canonicalJson of a value typed as a string: a value of another type (a hostile caller) is refused, never serialised differently. */
function str(value: string): string {
  if (typeof value !== 'string') throw new TypeError('signedStatementV2Json: a string field holds another type');
  return JSON.stringify(value);
}

function num(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError('signedStatementV2Json: a number field is not finite');
  return JSON.stringify(value);
}
