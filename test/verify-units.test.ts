import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPredicate, signPredicate, type SignedAttestation } from '../src/core/attest.js';
import { generateKey } from '../src/crypto/keystore.js';
import { loadSigningKey, type SigningKey } from '../src/crypto/signing-key.js';
import type { CommitRecord } from '../src/git/log.js';
import { isNoteLineOf, noteLineOf, readCandidates } from '../src/read/evaluate/candidates.js';
import { identityOf, relationOf } from '../src/read/evaluate/relation.js';
import { parsePushLines } from '../src/read/verify/pre-push.js';

const home = mkdtempSync(join(tmpdir(), 'ai-attest-verify-units-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const T = 'a'.repeat(40);
const P = 'b'.repeat(40);
const PATCH = 'c'.repeat(40);
let signer: SigningKey;
let signed: SignedAttestation;

function record(over: Partial<CommitRecord> = {}): CommitRecord {
  return {
    commit: 'd'.repeat(40),
    tree: T,
    parents: [P],
    authorName: 'Test Dev',
    authorEmail: 'dev@example.com',
    authorTime: 0,
    committerName: 'Test Dev',
    committerEmail: 'dev@example.com',
    committerTime: 0,
    message: 'x\n',
    note: '',
    ...over,
  };
}

beforeAll(async () => {
  await generateKey({ home, name: 'Test Dev', email: 'dev@example.com', makeDefault: true });
  signer = await loadSigningKey({ home });
  const answers = {
    ai: 'used' as const,
    tools: [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' as const }],
    share: 30,
    sensitive: [],
    source: 'env' as const,
  };
  signed = signPredicate(
    buildPredicate(answers, { tree: T, parents: [P], patchId: PATCH }, signer, new Date('2026-01-01T00:00:00Z')),
    signer,
  );
});

describe('statements', () => {
  it('recognises the commit-time note line by its text: the same bytes noteLine() writes', () => {
    const sig = Buffer.from(signed.signature).toString('base64');
    expect(noteLineOf(signed.envelope.payload, signer.fingerprint, sig)).toBe(signed.noteLine);
    const message = `Subject\n\n${signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
    const [trailers, note, other] = readCandidates(message, `${signed.noteLine}\n  \nnot json\n`);
    expect(trailers).toMatchObject({ origin: 'trailers', problem: null, sameAsTrailers: false });
    expect(trailers!.jobs).toHaveLength(1);
    expect(note).toMatchObject({ origin: 'note:1', sameAsTrailers: true, jobs: [] });
    expect(other).toMatchObject({ origin: 'note:2', problem: { result: 'malformed' } });
  });

  it('compares a note line in place exactly as building the line and comparing the strings does', () => {
    const sig = Buffer.from(signed.signature).toString('base64');
    const key = signer.fingerprint;
    const payload = signed.envelope.payload;
    const line = noteLineOf(payload, key, sig);
    const edits: Array<(l: string) => string> = [
      (l) => l,
      (l) => `${l} `,
      (l) => ` ${l}`,
      (l) => l.slice(0, -1),
      (l) => l.slice(1),
      (l) => l.replace('"payload":"', '"payload": "'),
      (l) => l.replace(payload, payload.slice(0, -4)),
      (l) => l.replace(payload, `${payload}AAAA`),
      (l) => l.replace(payload.slice(0, 8), 'AAAAAAAA'),
      (l) => l.replace(key, key.toLowerCase()),
      (l) => l.replace(key, `${key}0`),
      (l) => l.replace(sig, sig.replace(/^.{4}/, 'AAAA')),
      (l) => l.replace('}]}', '}],"note":{}}'),
      (l) => l.replace('in-toto+json', 'in-toto+jsom'),
      // The same length, the pieces shifted: the key one character longer, the signature shorter.
      (l) => l.replace(`${key}","sig":"${sig}`, `${key}0","sig":"${sig.slice(1)}`),
    ];
    for (const edit of edits) {
      const text = edit(line);
      expect(isNoteLineOf(text, payload, key, sig), text).toBe(text === line);
      expect(isNoteLineOf(text, payload, `${key}0`, sig.slice(1)), text).toBe(text === noteLineOf(payload, `${key}0`, sig.slice(1)));
    }
  });
});

describe('binding and identity', () => {
  it('is exact, carried by patch-id or by a reword, or none; an empty patch-id never carries', () => {
    const p = signed.predicate;
    expect(relationOf(p, record(), undefined)).toBe('exact');
    expect(relationOf(p, record({ parents: ['e'.repeat(40)] }), PATCH)).toBe('carried');
    expect(relationOf(p, record({ parents: ['e'.repeat(40)] }), 'f'.repeat(40))).toBe('none');
    expect(relationOf({ ...p, binding: { ...p.binding, commit: '1'.repeat(40) } }, record(), undefined)).toBe('carried');
    const empty = { ...p, binding: { ...p.binding, patchId: '' } };
    expect(relationOf(empty, record({ parents: ['e'.repeat(40)] }), '')).toBe('none');
  });

  it('matches the key to the author, or through policy.identities', () => {
    const ids = ['Test Dev <dev@example.com>'];
    expect(identityOf(signed.predicate, ids, record(), {}).ok).toBe(true);
    const other = record({ authorEmail: 'dev@users.noreply.github.com' });
    expect(identityOf(signed.predicate, ids, other, {})).toMatchObject({ ok: false, message: expect.stringMatching(/policy.identities/) });
    expect(identityOf(signed.predicate, ids, other, { 'DEV@users.noreply.github.com': ['dev@example.com'] }).ok).toBe(true);
    expect(identityOf(signed.predicate, ['Someone <someone@example.com>'], record(), {})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/belongs to/),
    });
  });

  it('accepts the committer, or a carrier in policy.carriers, as the signer of a carry statement only', () => {
    const ids = ['Test Dev <dev@example.com>'];
    const carry = { ...signed.predicate, source: 'carry' as const };
    const colleagues = record({ authorEmail: 'colleague@example.com', committerEmail: 'colleague@example.com' });
    const rebasedByDev = record({ authorEmail: 'colleague@example.com', committerEmail: 'DEV@example.com' });
    expect(identityOf(carry, ids, colleagues, {})).toMatchObject({ ok: false, message: expect.stringMatching(/policy.carriers/) });
    expect(identityOf(carry, ids, rebasedByDev, {})).toMatchObject({ ok: true, message: expect.stringMatching(/committer/) });
    expect(identityOf(carry, ids, colleagues, {}, ['Dev@Example.com'])).toMatchObject({
      ok: true,
      message: expect.stringMatching(/policy.carriers/),
    });
    // A statement made at commit time speaks for the author: committing someone else's commit is no licence.
    expect(identityOf(signed.predicate, ids, rebasedByDev, {}, ['dev@example.com']).ok).toBe(false);
    // The key must still belong to the attester the carry statement names.
    expect(identityOf(carry, ['CI <ci@example.com>'], rebasedByDev, {}, ['ci@example.com'])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/belongs to/),
    });
  });
});

describe('pre-push input', () => {
  it('reads git lines and refuses anything else', () => {
    expect(parsePushLines(`refs/heads/main ${T} refs/heads/main ${P}\n\n`)).toEqual([
      { localRef: 'refs/heads/main', localOid: T, remoteRef: 'refs/heads/main', remoteOid: P },
    ]);
    expect(() => parsePushLines('refs/heads/main abc\n')).toThrow(/expected "<local ref> <local oid>/);
  });
});
