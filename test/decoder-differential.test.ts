import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildPredicate, signPredicate, type Signer } from '../src/core/attest.js';
import type { DecodedTrailers, TrailerLine } from '../src/core/attestation-trailers.js';
import { decodeTrailersV2 } from '../src/core/attestation-trailers-v2.js';
import type { Answers, Binding } from '../src/core/model.js';
import { signatureFacts, type SignatureFacts } from '../src/core/signature-facts.js';
import { parseTrailers } from '../src/core/trailers.js';
import { isArmored } from '../src/crypto/armor.js';
import { assembleSignature, HASH_SHA256, hashedPartFor, signatureDigest } from '../src/crypto/signature-packet.js';
import { decodeTrailersV2Before, signatureFactsBefore } from './helpers/decoders-before.js';
import { mulberry32 } from './helpers/rng.js';

// verify decodes every commit's v2 trailers and signature packet; both decoders were rewritten to
// allocate less (indexed loops, the packet read in place). Compared here with the code before
// (test/helpers/decoders-before.ts) on generated statements and on hostile variants of them:
// the same verdict-relevant answer, down to each failure's words.

const { privateKey } = generateKeyPairSync('ed25519');
const FINGERPRINT = '6B01F6F40D60A4E66A477B0A9116FD59DADB2DF5';
const signer: Signer = {
  fingerprint: FINGERPRINT,
  userId: 'Dev <dev@example.com>',
  sign(data, created = new Date(0), notations = []) {
    const hashedPart = hashedPartFor(FINGERPRINT, created, notations);
    const digest = signatureDigest(HASH_SHA256, data, hashedPart);
    return assembleSignature(hashedPart, FINGERPRINT.slice(-16), digest, sign(null, digest, privateKey));
  },
};

const hex = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');

function signedBlock(random: () => number): TrailerLine[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const ai = pick(['used', 'none', 'undeclared'] as const);
  const tools =
    ai === 'used'
      ? Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
          tool: pick(['claude-code', 'bedrock:app', 'tool with space', 'ünï']),
          model: pick(['claude-sonnet-4-5-20250929', 'gpt=5', 'model:with:colons']),
          via: pick(['cli-agent', 'ide-plugin', 'api'] as const),
        }))
      : [];
  const answers: Answers = {
    ai,
    tools,
    share: ai === 'used' ? Math.floor(random() * 101) : 0,
    sensitive:
      random() < 0.4
        ? [
            {
              path: pick(['src/auth/a.ts', `src/${'deep/'.repeat(30)}x y=z.ts`, 'é/%41.ts']),
              category: 'security-controls',
              ai: tools.map((t) => t.tool),
            },
          ]
        : [],
    source: pick(['env', 'prompt', 'events', 'carry']),
  };
  const parents = Array.from({ length: Math.floor(random() * 3) }, () => hex(random, 40));
  const binding: Binding = { tree: hex(random, 40), parents, patchId: random() < 0.8 ? hex(random, 40) : '' };
  const predicate = buildPredicate(answers, binding, signer, new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 1e9) * 1000));
  return signPredicate({ ...predicate, version: 2 }, signer).trailers;
}

/** Hostile edits of a block, each as git would hand it over (through the trailer parser). */
function variants(block: TrailerLine[], random: () => number): TrailerLine[][] {
  const text = (lines: TrailerLine[]) => `Subject\n\n${lines.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
  const at = (n: number) => Math.floor(random() * n);
  const edits: Array<(lines: TrailerLine[]) => TrailerLine[]> = [
    (l) => l,
    (l) => [...l, l[at(l.length)]!],
    (l) => l.filter((_, i) => i !== at(l.length)),
    (l) => [...l].reverse(),
    (l) => l.map((t) => ({ ...t, key: random() < 0.5 ? t.key.toUpperCase() : t.key.toLowerCase() })),
    (l) => [{ key: 'Ai-Attest-Extra', value: 'x' }, ...l],
    (l) => [...l, { key: 'Ai-Attest-Sensitive', value: 'outside category=a ai=b' }],
    (l) => [...l.slice(0, 1), { key: 'Assisted-by', value: pick(['a:b', 'nocolon', 'a:', ':b', 'a:b=c', 'x%ZZ:y%41']) }, ...l.slice(1)],
    (l) => l.map((t, i) => (i === 0 ? { ...t, value: mutateHead(t.value) } : t)),
    (l) =>
      l.map((t) =>
        t.key === 'Ai-Attest-Sensitive' ? { ...t, value: pick(['', 'p', 'p category=c', 'p ai=a category=c ai=b', 'p x=y']) } : t,
      ),
    (l) => l.map((t) => (t.key === 'Ai-Attest-Sig' ? { ...t, value: mutateSignature(t.value) } : t)),
    (l) => l.map((t) => ({ ...t, value: t.value.replace(/ /g, '\n  ') })),
  ];
  function pick<T>(items: readonly T[]): T {
    return items[at(items.length)]!;
  }
  function mutateHead(value: string): string {
    return pick([
      value.replace('share=', 'share=0'),
      value.replace(/share=\d+/, 'share=101'),
      `${value} src=env`,
      value.replace('src=', 'source='),
      value.replace('v2', 'v3'),
      value.replace(/via=\S+/, 'via=cli-agent,carrier-pigeon'),
      `  ${value}\u00a0`,
      value.replace(' ', '\t'),
    ]);
  }
  function mutateSignature(value: string): string {
    const bytes = Buffer.from(value, 'base64');
    const choice = at(4);
    if (choice === 0) {
      const i = at(bytes.length);
      bytes[i] = bytes[i]! ^ (1 << at(8));
    }
    if (choice === 1) return bytes.subarray(0, at(bytes.length)).toString('base64');
    if (choice === 2) return `${value}!`;
    // A subpacket length byte of the hashed area (offset 2 + 6 on): past the area, or short.
    if (choice === 3 && bytes.length > 12) bytes[8 + at(4)] = pick([0, 1, 191, 192, 254, 255]);
    return bytes.toString('base64');
  }
  return edits.map((edit) => parseTrailers(text(edit(block))));
}

/** What a decode says, with the lazy payload read out. */
function answer(decoded: DecodedTrailers): unknown {
  return decoded.kind === 'ok' ? { ...decoded, payload: Buffer.from(decoded.payload).toString('hex') } : decoded;
}

function facts(f: SignatureFacts | null): unknown {
  return (
    f && {
      created: f.created.getTime(),
      issuer: f.issuer,
      notations: [...f.notations].map(([k, v]) => [k, Buffer.from(v).toString('hex')]),
    }
  );
}

describe('verify’s decoders agree with the code before their speed-up', () => {
  it('decodeTrailersV2, on generated blocks and hostile variants of them', () => {
    const random = mulberry32(16);
    let ok = 0;
    let compared = 0;
    for (let n = 0; n < 150; n++) {
      for (const lines of variants(signedBlock(random), random)) {
        for (const declared of [2, 1]) {
          const now = decodeTrailersV2(lines, declared);
          expect(answer(now)).toEqual(answer(decodeTrailersV2Before(lines, declared)));
          if (now.kind === 'ok') ok++;
          compared++;
        }
      }
    }
    // Both outcomes are well represented, so the comparison covers the failures' words too.
    expect(ok).toBeGreaterThan(compared / 10);
    expect(compared - ok).toBeGreaterThan(compared / 3);
  });

  it('signatureFacts, on real packets with random bytes and subpacket lengths changed', () => {
    const random = mulberry32(61);
    const lengths = [0, 1, 2, 5, 191, 192, 223, 254, 255];
    let some = 0;
    let none = 0;
    const compare = (packet: Buffer) => {
      const now = signatureFacts(packet);
      expect(facts(now)).toEqual(facts(signatureFactsBefore(packet)));
      if (now) some++;
      else none++;
    };
    for (let n = 0; n < 300; n++) {
      const packet = Buffer.from(signedBlock(random).at(-1)!.value, 'base64');
      compare(packet);
      // The hashed area's length (packet offsets 6-7: a 2-octet header, then version, type,
      // algorithms) and each of its subpackets' first length octet: short, long, past the end.
      const marks = [6, 7];
      for (let at = 8; at < 8 + packet.readUInt16BE(6); at += packet[at]! + 1) marks.push(at);
      for (const at of marks) {
        for (const value of [lengths[Math.floor(random() * lengths.length)]!, packet[at]! + 1, packet[at]! - 1]) {
          const changed = Buffer.from(packet);
          changed[at] = value & 0xff;
          compare(changed);
        }
      }
      const changed = Buffer.from(packet);
      changed[2 + Math.floor(random() * (changed.length - 2))] = Math.floor(random() * 256);
      compare(changed);
    }
    expect(some).toBeGreaterThan(300);
    expect(none).toBeGreaterThan(300);
  });
  it('isArmored refuses binary at once as reading the head would, whatever the first octet', () => {
    const readingTheHead = (input: Uint8Array) =>
      Buffer.from(input.subarray(0, 64)).toString('latin1').trimStart().startsWith('-----BEGIN PGP ');
    const random = mulberry32(7);
    for (let first = 0; first < 256; first++) {
      for (const rest of ['-----BEGIN PGP SIGNATURE-----\n', ' \t-----BEGIN PGP PUBLIC KEY BLOCK-----', '', 'x'.repeat(70)]) {
        const input = Buffer.concat([Uint8Array.of(first), Buffer.from(rest, 'latin1')]);
        expect(isArmored(input), `first octet ${first}, then ${JSON.stringify(rest)}`).toBe(readingTheHead(input));
      }
      const noise = Buffer.from(Array.from({ length: 80 }, () => Math.floor(random() * 256)));
      noise[0] = first;
      expect(isArmored(noise)).toBe(readingTheHead(noise));
    }
    expect(isArmored(new Uint8Array(0))).toBe(false);
  });
});
