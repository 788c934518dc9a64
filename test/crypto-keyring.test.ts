import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKeyring } from '../src/crypto/keyring.js';
import { signingKeyFromArmored, type SigningKey } from '../src/crypto/signing-key.js';

const data = new TextEncoder().encode('statement');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ai-attest-keyring-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface TestKey {
  privateKey: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
  revocationCertificate: string;
  signer: SigningKey;
}

async function makeKey(options: { date?: Date; keyExpirationTime?: number; email?: string } = {}): Promise<TestKey> {
  const generated = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Key Holder', email: options.email ?? 'holder@example.com' }],
    format: 'object',
    config: { v6Keys: false },
    ...(options.date ? { date: options.date } : {}),
    ...(options.keyExpirationTime ? { keyExpirationTime: options.keyExpirationTime } : {}),
  });
  return { ...generated, signer: await signingKeyFromArmored(generated.privateKey.armor()) };
}

function trust(name: string, armored: string, into = dir): void {
  mkdirSync(into, { recursive: true });
  writeFileSync(join(into, name), armored);
}

describe('Keyring.verify', () => {
  it('accepts a good signature and names the signer', async () => {
    const key = await makeKey();
    trust('holder.asc', key.publicKey.armor());
    const keyring = await loadKeyring([dir]);
    expect([...keyring.keys.keys()]).toEqual([key.signer.fingerprint]);
    const created = new Date(Math.floor(Date.now() / 1000) * 1000);
    expect(keyring.verify(data, key.signer.sign(data, created))).toEqual({
      ok: true,
      fingerprint: key.signer.fingerprint,
      created,
      userIds: ['Key Holder <holder@example.com>'],
    });
  });

  it('says bad-signature for changed data or a changed signature, malformed for garbage', async () => {
    const key = await makeKey();
    trust('holder.asc', key.publicKey.armor());
    const keyring = await loadKeyring([dir]);
    const sig = key.signer.sign(data);
    expect(keyring.verify(new TextEncoder().encode('statemenT'), sig)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
      fingerprint: key.signer.fingerprint,
    });
    const flipped = Uint8Array.from(sig);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
    expect(keyring.verify(data, flipped)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(keyring.verify(data, new TextEncoder().encode('not a signature'))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(keyring.verify(data, new Uint8Array())).toMatchObject({ ok: false, reason: 'malformed' });
    expect(keyring.verify(data, sig.subarray(0, 20))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('says unknown-key for a signer outside the keyring', async () => {
    const trusted = await makeKey();
    const stranger = await makeKey({ email: 'stranger@example.com' });
    trust('holder.asc', trusted.publicKey.armor());
    const result = (await loadKeyring([dir])).verify(data, stranger.signer.sign(data));
    expect(result).toMatchObject({ ok: false, reason: 'unknown-key', fingerprint: stranger.signer.fingerprint });
    expect(!result.ok && result.detail).toMatch(/\.ai-attest\/keys/);
  });

  it('judges expiry at the signature time: before expiry stays valid, after is expired', async () => {
    const key = await makeKey({ date: day('2020-01-01'), keyExpirationTime: 86_400 });
    trust('holder.asc', key.publicKey.armor());
    const keyring = await loadKeyring([dir]);
    expect(keyring.keys.get(key.signer.fingerprint)?.expires).toEqual(day('2020-01-02'));
    expect(keyring.verify(data, key.signer.sign(data, new Date('2020-01-01T12:00:00Z')))).toMatchObject({ ok: true });
    const late = keyring.verify(data, key.signer.sign(data, day('2020-01-03')));
    expect(late).toMatchObject({ ok: false, reason: 'expired', fingerprint: key.signer.fingerprint });
  });

  it('says not-yet-valid for a signature older than its key or from the future', async () => {
    const key = await makeKey({ date: day('2020-01-01') });
    trust('holder.asc', key.publicKey.armor());
    const keyring = await loadKeyring([dir]);
    expect(keyring.verify(data, key.signer.sign(data, day('2019-12-31')))).toMatchObject({ ok: false, reason: 'not-yet-valid' });
    const at = day('2020-06-01');
    expect(keyring.verify(data, key.signer.sign(data, new Date(at.getTime() + 60_000)), at)).toMatchObject({ ok: true });
    expect(keyring.verify(data, key.signer.sign(data, day('2020-06-02')), at)).toMatchObject({ ok: false, reason: 'not-yet-valid' });
  });

  it('a hard revocation (no reason, or compromised) invalidates even earlier signatures', async () => {
    for (const reasonForRevocation of [undefined, { flag: openpgp.enums.reasonForRevocation.keyCompromised, string: 'laptop stolen' }]) {
      const key = await makeKey({ date: day('2020-01-01') });
      const { publicKey } = await openpgp.revokeKey({
        key: key.privateKey,
        date: day('2021-01-01'),
        format: 'object',
        ...(reasonForRevocation ? { reasonForRevocation } : {}),
      });
      rmSync(dir, { recursive: true, force: true });
      trust('holder.asc', publicKey.armor());
      const keyring = await loadKeyring([dir]);
      expect(keyring.keys.get(key.signer.fingerprint)).toMatchObject({ revoked: true, revokedAt: day('2021-01-01') });
      const result = keyring.verify(data, key.signer.sign(data, day('2020-06-01')));
      expect(result).toMatchObject({ ok: false, reason: 'revoked', fingerprint: key.signer.fingerprint });
      if (reasonForRevocation) expect(!result.ok && result.detail).toMatch(/compromised: "laptop stolen"/);
    }
  });

  it('a superseded or retired key keeps its earlier signatures valid', async () => {
    const key = await makeKey({ date: day('2020-01-01') });
    const { publicKey } = await openpgp.revokeKey({
      key: key.privateKey,
      date: day('2021-01-01'),
      reasonForRevocation: { flag: openpgp.enums.reasonForRevocation.keySuperseded, string: 'moved to a new key' },
      format: 'object',
    });
    trust('holder.asc', publicKey.armor());
    const keyring = await loadKeyring([dir]);
    expect(keyring.verify(data, key.signer.sign(data, day('2020-06-01')))).toMatchObject({ ok: true });
    expect(keyring.verify(data, key.signer.sign(data, day('2021-06-01')))).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('applies a revocation certificate dropped next to the key', async () => {
    const key = await makeKey();
    trust('holder.asc', key.publicKey.armor());
    trust('holder.rev.asc', key.revocationCertificate);
    const keyring = await loadKeyring([dir]);
    expect(keyring.rejected).toEqual([]);
    expect(keyring.verify(data, key.signer.sign(data))).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('merges several directories, skips missing ones and reports files it cannot use', async () => {
    const a = await makeKey({ email: 'a@example.com' });
    const b = await makeKey({ email: 'b@example.com' });
    trust('a.asc', a.publicKey.armor(), join(dir, 'repo'));
    writeFileSync(join(dir, 'repo', 'b.gpg'), b.publicKey.write());
    writeFileSync(join(dir, 'repo', 'notes.asc'), 'hello');
    writeFileSync(join(dir, 'repo', 'README.md'), 'ignored: not .asc/.gpg');
    const keyring = await loadKeyring([join(dir, 'repo'), join(dir, 'missing')]);
    expect(new Set(keyring.keys.keys())).toEqual(new Set([a.signer.fingerprint, b.signer.fingerprint]));
    expect(keyring.rejected).toEqual([expect.objectContaining({ source: join(dir, 'repo', 'notes.asc') })]);
    expect(keyring.verify(data, b.signer.sign(data))).toMatchObject({ ok: true, fingerprint: b.signer.fingerprint });
  });

  it('digests the key material: same keys same digest, another key another digest', async () => {
    const a = await makeKey({ email: 'a@example.com' });
    const b = await makeKey({ email: 'b@example.com' });
    trust('1.asc', a.publicKey.armor(), join(dir, 'x'));
    trust('2.asc', b.publicKey.armor(), join(dir, 'y'));
    const xy = await loadKeyring([join(dir, 'x'), join(dir, 'y')]);
    const yx = await loadKeyring([join(dir, 'y'), join(dir, 'x')]);
    expect(xy.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(yx.digest).toBe(xy.digest);
    expect((await loadKeyring([join(dir, 'x')])).digest).not.toBe(xy.digest);
  });

  it('a cache file keyed by the digest is reused, and ignored once the keys change', async () => {
    const key = await makeKey({ date: day('2020-01-01'), keyExpirationTime: 86_400 });
    trust('holder.asc', key.publicKey.armor(), join(dir, 'keys'));
    const cacheFile = join(dir, 'cache', 'keyring.json');
    const first = await loadKeyring([join(dir, 'keys')], { cacheFile });
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
    expect(cached.digest).toBe(first.digest);
    // Mark the cached copy so the test can tell a cache hit from a re-read.
    cached.keys[0].userIds = ['From Cache <cache@example.com>'];
    writeFileSync(cacheFile, JSON.stringify(cached));
    const second = await loadKeyring([join(dir, 'keys')], { cacheFile });
    expect(second.keys.get(key.signer.fingerprint)).toMatchObject({
      userIds: ['From Cache <cache@example.com>'],
      expires: day('2020-01-02'),
    });
    expect(second.verify(data, key.signer.sign(data, day('2020-01-03')))).toMatchObject({ reason: 'expired' });
    expect(second.verify(data, key.signer.sign(data, new Date('2020-01-01T01:00:00Z')))).toMatchObject({ ok: true });

    const other = await makeKey({ email: 'other@example.com' });
    trust('other.asc', other.publicKey.armor(), join(dir, 'keys'));
    const third = await loadKeyring([join(dir, 'keys')], { cacheFile });
    expect(third.keys.size).toBe(2);
    expect(third.keys.get(key.signer.fingerprint)?.userIds).toEqual(['Key Holder <holder@example.com>']);
  });
});
