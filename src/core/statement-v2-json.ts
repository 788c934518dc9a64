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

/**
 * `Buffer.from(signedStatementV2Json(p, noteDigest), 'utf8')`, written straight into bytes: verify
 * rebuilds it for every commit, and building the text first (a string per piece, then a copy to
 * flatten it, then the UTF-8 copy) was the largest share of what decoding a commit allocates.
 * A string needing no JSON escape (printable ASCII, no quote or backslash: ids, times, names)
 * is copied as is; any other goes through JSON.stringify, as in the text version.
 */
export function signedStatementV2Bytes(p: Predicate, noteDigest: string | null): Buffer {
  const w = writer;
  w.at = 0;
  const { binding } = p;
  const used = p.ai === 'used';
  w.ascii(`{"_type":`);
  w.str(STATEMENT_TYPE);
  w.ascii(`,"predicate":{"ai":`);
  w.str(p.ai);
  w.ascii(`,"attester":{"key":`);
  w.str(p.attester.key);
  w.ascii(`},"binding":{`);
  if (binding.commit) {
    w.ascii(`"commit":`);
    w.str(binding.commit);
    w.ascii(',');
  }
  w.ascii(`"parents":[`);
  binding.parents.forEach((parent, i) => {
    if (i) w.ascii(',');
    w.str(parent);
  });
  w.ascii(`],"patchId":`);
  w.str(binding.patchId);
  w.ascii(`,"tree":`);
  w.str(binding.tree);
  w.ascii('},');
  if (noteDigest) {
    w.ascii(`"note":{"sha256":`);
    w.str(noteDigest);
    w.ascii('},');
  }
  w.ascii(`"sensitive":[`);
  let first = true;
  for (const s of p.sensitive) {
    if (s.ai.length === 0) continue;
    w.ascii(first ? `{"ai":[` : `,{"ai":[`);
    first = false;
    s.ai.forEach((tool, i) => {
      if (i) w.ascii(',');
      w.str(tool);
    });
    w.ascii(`],"category":`);
    w.str(s.category);
    w.ascii(`,"path":`);
    w.str(s.path);
    w.ascii('}');
  }
  w.ascii(`],"share":`);
  w.ascii(num(used ? p.share : 0));
  w.ascii(`,"source":`);
  w.str(p.source);
  w.ascii(`,"time":`);
  w.str(p.time);
  w.ascii(`,"tools":[`);
  if (used) {
    p.tools.forEach((t, i) => {
      w.ascii(i ? `,{"model":` : `{"model":`);
      w.str(t.model);
      w.ascii(`,"tool":`);
      w.str(t.tool);
      w.ascii(`,"via":`);
      w.str(t.via);
      w.ascii('}');
    });
  }
  w.ascii(`],"version":`);
  w.ascii(num(p.version));
  w.ascii(`},"predicateType":`);
  w.str(PREDICATE_TYPE);
  w.ascii(`,"subject":[{"digest":{"gitTree":`);
  w.str(binding.tree);
  w.ascii(`},"name":"tree"}`);
  if (binding.commit) {
    w.ascii(`,{"digest":{"gitCommit":`);
    w.str(binding.commit);
    w.ascii(`},"name":"commit"}`);
  }
  w.ascii(']}');
  return Buffer.from(w.bytes.subarray(0, w.at));
}

/** One reused buffer that grows as needed; the caller copies out what it wrote. */
class ByteWriter {
  bytes = Buffer.allocUnsafe(16 * 1024);
  at = 0;

  /** Text known to be ASCII (the serialiser's own punctuation and keys, numbers). */
  ascii(text: string): void {
    this.room(text.length);
    const { bytes } = this;
    let at = this.at;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** canonicalJson of a string field, as str() spells it. */
  str(value: string): void {
    if (typeof value !== 'string') throw new TypeError('signedStatementV2Json: a string field holds another type');
    const n = value.length;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        const json = JSON.stringify(value);
        // UTF-8 takes at most three bytes per UTF-16 code unit.
        this.room(json.length * 3);
        this.at += this.bytes.write(json, this.at, 'utf8');
        return;
      }
    }
    this.room(n + 2);
    const { bytes } = this;
    let at = this.at;
    bytes[at++] = 0x22;
    for (let i = 0; i < n; i++) bytes[at++] = value.charCodeAt(i);
    bytes[at++] = 0x22;
    this.at = at;
  }

  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + n));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
  }
}

const writer = new ByteWriter();
