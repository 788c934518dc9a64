import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTrailers } from '../src/core/attestation-trailers.js';
import { signPredicate } from '../src/core/attest.js';
import { canonicalJson } from '../src/core/canonical-json.js';
import { INTEGRATION_PATHS, type AnswerSource, type Predicate } from '../src/core/model.js';
import { parseTrailers } from '../src/core/trailers.js';
import { signingKeyFromArmored, type SigningKey } from '../src/crypto/signing-key.js';
import { readCandidates, trailersPredicate } from '../src/read/evaluate/candidates.js';
import { mulberry32 } from './helpers/rng.js';

/*
 * A remembered verdict's statement is restored with trailersPredicate, which makes the signed
 * bytes only where a note line could complete the statement: it must give exactly what
 * readCandidates gives the trailers' candidate (what restoring gave before), for format 1 and 2
 * trailers, note parts, and notes that copy, forge, repeat or garble the line that completes them.
 */
const HEX = '0123456789abcdef';

function generator(seed: number, fingerprint: string) {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => pick([...HEX])).join('');
  const word = () => `w${hex(5)}`;
  const predicate = (version: number): Predicate => {
    const ai = pick(['used', 'none', 'undeclared'] as const);
    return {
      version,
      ai,
      tools: ai === 'used' ? Array.from({ length: 1 + int(3) }, () => ({ tool: word(), model: word(), via: pick(INTEGRATION_PATHS) })) : [],
      share: ai === 'used' ? int(101) : 0,
      // ai: [] is a human-only sensitive file: format 2 keeps it in the note part.
      sensitive: Array.from({ length: int(3) }, () => ({
        path: `src/${word()}.ts`,
        category: word(),
        ai: rand() < 0.5 ? [] : [word()],
      })),
      attester: { name: 'Key Holder', email: 'holder@example.com', key: fingerprint },
      binding: { tree: hex(40), parents: Array.from({ length: int(3) }, () => hex(40)), patchId: rand() < 0.2 ? '' : hex(40) },
      time: `2026-0${1 + int(9)}-1${int(10)}T1${int(10)}:${int(6)}${int(10)}:0${int(10)}Z`,
      source: pick<AnswerSource>(['prompt', 'env', 'events', 'amend', 'attest', 'policy']),
      extensions: rand() < 0.4 ? { provenance: { requestIds: [`req_${hex(6)}`] } } : {},
    };
  };
  return { rand, int, pick, hex, predicate };
}

/** What restoring gave before: the trailers' candidate of the full reading. */
function reference(message: string, note: string): Predicate | null {
  return readCandidates(message, note).find((c) => c.origin === 'trailers')?.predicate ?? null;
}

describe('trailersPredicate', () => {
  let signer: SigningKey;
  let other: SigningKey;
  beforeAll(async () => {
    const keys = await Promise.all(
      ['holder', 'someone'].map((name) =>
        openpgp.generateKey({
          type: 'ecc',
          curve: 'curve25519Legacy',
          userIDs: [{ name, email: `${name}@example.com` }],
          format: 'armored',
          config: { v6Keys: false },
        }),
      ),
    );
    const [a, b] = await Promise.all(keys.map((k) => signingKeyFromArmored(k.privateKey)));
    signer = a!;
    other = b!;
  });

  it('is the trailers candidate of readCandidates, for generated statements and notes', () => {
    const g = generator(61, signer.fingerprint);
    let merged = 0;
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const version = i % 4 === 0 ? 1 : 2;
      const p = g.predicate(version);
      const signed = signPredicate(p, signer);
      const message = `change ${i}\n\nbody\n\n${signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
      const line = signed.noteLine;
      const envelope = JSON.parse(line) as { payload: string; signatures: Array<{ sig: string }>; note?: Record<string, unknown> };
      // Another statement signed by someone else, with a note part of its own.
      const stranger = signPredicate({ ...g.predicate(2), extensions: { provenance: { requestIds: ['x'] } } }, other).noteLine;
      const forgedPart = JSON.stringify({ ...envelope, note: { ...(envelope.note ?? {}), extensions: { forged: true } } });
      const otherPayload = JSON.stringify({ ...envelope, payload: Buffer.from('{"forged":1}').toString('base64') });
      const nullPart = JSON.stringify({ ...envelope, note: null });
      const strangerSig = (JSON.parse(stranger) as typeof envelope).signatures;
      const otherSignature = JSON.stringify({ ...envelope, signatures: strangerSig });
      // The same JSON, spelled otherwise: escaped slashes and a reordered object.
      const { signatures, note: part, ...rest } = envelope;
      const respelled = JSON.stringify({ signatures, note: part, ...rest }).replaceAll('/', '\\/');
      const notes = [
        '',
        line,
        `${stranger}\n${line}`,
        `${line}\n${line}`,
        `not json\n${line}\n\n{"payload":1}`,
        `${forgedPart}\n${line}`,
        `${otherPayload}\n${nullPart}`,
        `${otherSignature}\n${line}`,
        otherSignature,
        respelled,
        `${respelled}\n${line}`,
        stranger,
      ];
      const decoded = decodeTrailers(parseTrailers(message));
      const alone = decoded.kind === 'ok' ? JSON.stringify(decoded.predicate) : null;
      for (const note of notes) {
        const fast = trailersPredicate(message, note);
        const full = reference(message, note);
        expect(fast).toEqual(full);
        // Key order too: the restored statement is printed as it is.
        expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
        expect(canonicalJson(fast)).toBe(canonicalJson(full));
        if (full && JSON.stringify(full) !== alone) merged++;
        compared++;
      }
      if (envelope.note) {
        // Completed by its own line: the note part's fields are there.
        const completed = trailersPredicate(message, line)!;
        expect(completed.extensions).toEqual(p.extensions);
        expect(completed.sensitive.length).toBe(p.sensitive.length);
      }
    }
    expect(compared).toBe(4800);
    // The generated statements exercise the note part: many comparisons are of completed statements.
    expect(merged).toBeGreaterThan(500);
  });

  it('gives nothing where readCandidates gives no predicate: no trailers, garbled or unsupported ones', () => {
    const g = generator(7, signer.fingerprint);
    const signed = signPredicate(g.predicate(2), signer);
    const block = signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n');
    const messages = [
      'plain message\n',
      'mentions ai-attest in prose only\n',
      `subject\n\n${block.replace(/Ai-Attest-Sig: \S+/, 'Ai-Attest-Sig: !!!')}\n`,
      `subject\n\n${block.replace(/^Ai-Attest: v2/m, 'Ai-Attest: v9')}\n`,
      `subject\n\n${block.replace(/^Ai-Attest: v2 \S+/m, 'Ai-Attest: v2 maybe')}\n`,
    ];
    for (const message of messages) {
      for (const note of ['', signed.noteLine]) {
        expect(trailersPredicate(message, note)).toBeNull();
        expect(reference(message, note)).toBeNull();
      }
    }
  });

  it('makes the signed bytes only for a line that could complete the statement', () => {
    const g = generator(5, signer.fingerprint);
    const p = { ...g.predicate(2), ai: 'none' as const, tools: [], share: 0, sensitive: [], extensions: {} };
    const signed = signPredicate(p, signer);
    const message = `subject\n\n${signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
    const decoded = decodeTrailers(parseTrailers(message));
    if (decoded.kind !== 'ok') throw new Error('does not decode');
    // No note part named: the note is not read, and the payload made on demand is the signed one.
    expect(decoded.noteDigest).toBeNull();
    expect(Buffer.from(decoded.payload).equals(Buffer.from(JSON.parse(signed.noteLine).payload, 'base64'))).toBe(true);
    expect(decoded.payload).toBe(decoded.payload);
  });
});
