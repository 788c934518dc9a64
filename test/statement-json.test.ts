import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTrailers } from '../src/core/attestation-trailers.js';
import { signPredicate } from '../src/core/attest.js';
import { canonicalJson } from '../src/core/canonical-json.js';
import { signedStatementV2 } from '../src/core/message-statement.js';
import { INTEGRATION_PATHS, type AiInvolvement, type AnswerSource, type Predicate } from '../src/core/model.js';
import { signedStatementV2Json } from '../src/core/statement-v2-json.js';
import { statementBytes } from '../src/core/statement.js';
import { parseTrailers } from '../src/core/trailers.js';
import { signingKeyFromArmored, type SigningKey } from '../src/crypto/signing-key.js';
import { mulberry32 } from './helpers/rng.js';

/**
 * verify rebuilds the statement a format v2 signature covers with its own serialiser
 * (signedStatementV2Json) instead of the generic canonical JSON: the two must give the same
 * text for every predicate, hostile strings included, or a valid signature would fail (or a
 * statement be read under bytes nobody signed).
 */
const HOSTILE = [
  '"',
  '\\',
  '/',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  '%',
  '=',
  ' ',
  ',',
  ':',
  '\n',
  '\t',
];
const HEX = '0123456789abcdef';

function generator(seed: number) {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const text = (max = 12) => {
    let s = '';
    for (let i = int(max + 1); i > 0; i--) s += rand() < 0.3 ? pick(HOSTILE) : String.fromCharCode(97 + int(26));
    return s;
  };
  const hex = (n: number) => Array.from({ length: n }, () => pick([...HEX])).join('');
  const predicate = (plain = false): Predicate => {
    const word = plain ? () => `w${hex(6)}` : text;
    const ai = pick<AiInvolvement>(['used', 'none', 'undeclared']);
    const tools = Array.from({ length: int(4) }, () => ({
      tool: word(),
      model: word(),
      via: pick(INTEGRATION_PATHS),
    }));
    return {
      version: 2,
      ai,
      tools: plain && ai !== 'used' ? [] : tools,
      share: ai === 'used' || !plain ? int(101) : 0,
      sensitive: Array.from({ length: int(4) }, () => ({
        path: plain ? `src/${word()}.ts` : word(),
        category: word(),
        ai: Array.from({ length: int(3) }, () => word()),
      })),
      attester: { name: word(), email: word(), key: hex(40).toUpperCase() },
      binding: {
        tree: hex(40),
        parents: Array.from({ length: int(4) }, () => hex(40)),
        patchId: rand() < 0.2 ? '' : hex(40),
        // The v2 binding notation carries no commit id: a statement that names one is a note's.
        ...(!plain && rand() < 0.3 ? { commit: hex(40) } : {}),
      },
      time: `2026-0${1 + int(9)}-1${int(10)}T1${int(10)}:${int(6)}${int(10)}:0${int(10)}Z`,
      source: pick<AnswerSource>(['prompt', 'env', 'events', 'amend', 'attest', 'carry', 'policy']),
      extensions: {},
    };
  };
  return { predicate, rand, hex };
}

describe('signedStatementV2Json', () => {
  it('is canonicalJson(signedStatementV2(...)) for generated predicates with hostile strings', () => {
    const { predicate, rand, hex } = generator(16);
    for (let i = 0; i < 3000; i++) {
      const p = predicate();
      const digest = rand() < 0.5 ? hex(64) : null;
      expect(signedStatementV2Json(p, digest)).toBe(canonicalJson(signedStatementV2(p, digest)));
    }
  });

  it('spells numbers and empty lists as the generic serialiser does', () => {
    const { predicate } = generator(3);
    for (const share of [0, 1, 5, 99, 100]) {
      const p = { ...predicate(), ai: 'used' as const, share, tools: [], sensitive: [] };
      expect(signedStatementV2Json(p, null)).toBe(canonicalJson(signedStatementV2(p, null)));
      expect(signedStatementV2Json(p, null)).toContain(`"share":${share},`);
    }
  });

  it('refuses a field of another type rather than serialise it unlike canonicalJson', () => {
    const { predicate } = generator(4);
    const p = predicate();
    expect(() => signedStatementV2Json({ ...p, time: 5 as unknown as string }, null)).toThrow(TypeError);
    expect(() => signedStatementV2Json({ ...p, ai: 'used', share: Number.NaN }, null)).toThrow(TypeError);
    expect(() => signedStatementV2Json({ ...p, version: Infinity }, null)).toThrow(TypeError);
    expect(() => signedStatementV2Json({ ...p, binding: { ...p.binding, parents: [1 as unknown as string] } }, null)).toThrow(TypeError);
  });
});

describe('format v2 trailers decode to the bytes that were signed', () => {
  let signer: SigningKey;
  beforeAll(async () => {
    const { privateKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Key Holder', email: 'holder@example.com' }],
      format: 'armored',
      config: { v6Keys: false },
    });
    signer = await signingKeyFromArmored(privateKey);
  });

  it('for generated statements, sensitive files, tools and note parts included', () => {
    const { predicate } = generator(23);
    for (let i = 0; i < 300; i++) {
      const p = predicate(true);
      p.attester = { name: 'Key Holder', email: 'holder@example.com', key: signer.fingerprint };
      if (i % 3 === 0) p.extensions = { provenance: { requestIds: [`req_${i}`] } };
      const signed = signPredicate(p, signer);
      const message = `Change ${i}\n\n${signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
      const decoded = decodeTrailers(parseTrailers(message));
      if (decoded.kind !== 'ok') throw new Error(`message ${i} does not decode: ${JSON.stringify(decoded)}\n${message}`);
      const generic = statementBytes(signedStatementV2(decoded.predicate, decoded.noteDigest));
      expect(Buffer.from(decoded.payload).equals(Buffer.from(generic))).toBe(true);
      expect(Buffer.from(decoded.payload).equals(Buffer.from(statementBytes(signed.statement)))).toBe(true);
    }
  });
});
