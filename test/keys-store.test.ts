// @module-tag git
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyError } from '../src/errors.js';
import { aiAttestHome } from '../src/crypto/home.js';
import { exportPublicKey, generateKey, importKey, listKeys, setDefaultKey } from '../src/crypto/keystore.js';
import { loadSigningKey } from '../src/crypto/signing-key.js';
import { verifySignature } from '../src/crypto/verify-fast.js';
import { makeSandbox, type Sandbox } from './helpers/repo.js';

let sandbox: Sandbox;
let home: string;
beforeEach(() => {
  sandbox = makeSandbox();
  home = sandbox.env.AI_ATTEST_HOME!;
});
afterEach(() => sandbox.cleanup());

const mode = (path: string) => statSync(path).mode & 0o777;
const data = new TextEncoder().encode('payload');

async function pointOf(armored: string): Promise<Uint8Array> {
  const key = await openpgp.readKey({ armoredKey: armored });
  return (key.keyPacket as unknown as { publicParams: { Q: Uint8Array } }).publicParams.Q.subarray(1);
}

describe('aiAttestHome', () => {
  it('prefers AI_ATTEST_HOME, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(aiAttestHome({ AI_ATTEST_HOME: '/a', XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/a');
    expect(aiAttestHome({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/ai-attest');
    expect(aiAttestHome({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe('/h/.config/ai-attest');
    expect(aiAttestHome({ HOME: '/h' })).toBe('/h/.config/ai-attest');
  });
});

describe('key store', () => {
  it('generates a v4 Ed25519 key: 0600 private key in a 0700 directory, first key is the default', async () => {
    const info = await generateKey({ name: 'Ada Lovelace', email: 'ada@example.com', home });
    expect(info.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(info).toMatchObject({
      keyId: info.fingerprint.slice(-16),
      userIds: ['Ada Lovelace <ada@example.com>'],
      expires: null,
      revoked: false,
      revokedAt: null,
      algorithm: 'EdDSA Ed25519',
      hasSecret: true,
      encrypted: false,
      isDefault: true,
    });
    const keys = join(home, 'keys');
    expect(mode(keys)).toBe(0o700);
    expect(mode(join(keys, `${info.fingerprint}.key.asc`))).toBe(0o600);
    expect(mode(join(keys, `${info.fingerprint}.rev.asc`))).toBe(0o600);
    expect(readFileSync(join(keys, `${info.fingerprint}.pub.asc`), 'utf8')).toMatch(/BEGIN PGP PUBLIC KEY BLOCK/);
    expect(readFileSync(join(home, 'default-key'), 'utf8').trim()).toBe(info.fingerprint);

    const parsed = await openpgp.readKey({ armoredKey: await exportPublicKey({ home }) });
    expect(parsed.keyPacket.version).toBe(4);
    expect(parsed.getAlgorithmInfo()).toMatchObject({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' });
  });

  it('signs with the default key through the fast path', async () => {
    const info = await generateKey({ name: 'Ada', email: 'ada@example.com', home });
    const signer = await loadSigningKey({ home, env: {} });
    expect(signer.fingerprint).toBe(info.fingerprint);
    expect(signer.userId).toBe('Ada <ada@example.com>');
    expect(verifySignature(data, signer.sign(data), await pointOf(await exportPublicKey({ home })))).toBe(true);
  });

  it('keeps the first default unless asked, and switches with setDefaultKey or makeDefault', async () => {
    const first = await generateKey({ name: 'One', email: 'one@example.com', home });
    const second = await generateKey({ name: 'Two', email: 'two@example.com', home });
    expect(second.isDefault).toBe(false);
    expect((await loadSigningKey({ home, env: {} })).fingerprint).toBe(first.fingerprint);
    expect((await loadSigningKey({ home, env: {}, fingerprint: second.keyId })).fingerprint).toBe(second.fingerprint);
    await setDefaultKey({ home, fingerprint: second.fingerprint.toLowerCase() });
    expect((await loadSigningKey({ home, env: {} })).fingerprint).toBe(second.fingerprint);
    const third = await generateKey({ name: 'Three', email: 'three@example.com', home, makeDefault: true });
    expect(third.isDefault).toBe(true);
    const listed = await listKeys({ home });
    expect(listed.map((k) => [k.userIds[0], k.isDefault])).toEqual(
      expect.arrayContaining([
        ['One <one@example.com>', false],
        ['Two <two@example.com>', false],
        ['Three <three@example.com>', true],
      ]),
    );
  });

  it('records an expiry', async () => {
    const before = Date.now();
    const info = await generateKey({ name: 'Ada', email: 'ada@example.com', home, expiresInDays: 30 });
    const expected = before + 30 * 86_400_000;
    expect(Math.abs(info.expires!.getTime() - expected)).toBeLessThan(5_000);
    await expect(generateKey({ name: 'Ada', email: 'ada@example.com', home, expiresInDays: -1 })).rejects.toThrow(/--expires/);
  });

  it('encrypts with a passphrase: AI_ATTEST_PASSPHRASE unlocks it, a wrong or missing one says what to do', async () => {
    const info = await generateKey({ name: 'Ada', email: 'ada@example.com', home, passphrase: 's3cret' });
    expect(info.encrypted).toBe(true);
    expect(readFileSync(join(home, 'keys', `${info.fingerprint}.key.asc`), 'utf8')).toMatch(/PRIVATE KEY/);
    const signer = await loadSigningKey({ home, env: { AI_ATTEST_PASSPHRASE: 's3cret' } });
    expect(verifySignature(data, signer.sign(data), await pointOf(await exportPublicKey({ home })))).toBe(true);

    const missing = loadSigningKey({ home, env: {} });
    await expect(missing).rejects.toBeInstanceOf(KeyError);
    await expect(missing).rejects.toThrow(/set AI_ATTEST_PASSPHRASE/);
    await expect(loadSigningKey({ home, env: { AI_ATTEST_PASSPHRASE: 'guess' } })).rejects.toThrow(
      new RegExp(`passphrase in AI_ATTEST_PASSPHRASE does not unlock key ${info.fingerprint}`),
    );
    const asked: string[] = [];
    const viaCallback = await loadSigningKey({ home, env: {}, passphrase: (fpr) => (asked.push(fpr), 's3cret') });
    expect(asked).toEqual([info.fingerprint]);
    expect(viaCallback.fingerprint).toBe(info.fingerprint);
    expect((await listKeys({ home }))[0]).toMatchObject({ encrypted: true });
  });

  it('refuses bad user ids with a next step', async () => {
    await expect(generateKey({ name: '', email: 'a@example.com', home })).rejects.toThrow(/--name/);
    await expect(generateKey({ name: 'A', email: 'not-an-email', home })).rejects.toThrow(/--email/);
  });

  it('imports a public key (public only, cannot be the default signer) and a secret key', async () => {
    const generated = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Grace', email: 'grace@example.com' }],
      config: { v6Keys: false },
    });
    const pub = await importKey({ home, armored: generated.publicKey });
    expect(pub).toMatchObject({ hasSecret: false, isDefault: false });
    expect(existsSync(join(home, 'keys', `${pub.fingerprint}.key.asc`))).toBe(false);
    await expect(importKey({ home, armored: generated.publicKey, makeDefault: true })).rejects.toThrow(/without its secret part/);
    await expect(loadSigningKey({ home, env: {} })).rejects.toThrow(/No signing key.*ai-attest keys generate/);

    const secret = await importKey({ home, armored: generated.privateKey });
    expect(secret).toMatchObject({ fingerprint: pub.fingerprint, hasSecret: true, isDefault: true });
    expect(mode(join(home, 'keys', `${pub.fingerprint}.key.asc`))).toBe(0o600);
    expect((await loadSigningKey({ home, env: {} })).fingerprint).toBe(pub.fingerprint);

    const binary = await openpgp.readKey({ armoredKey: generated.publicKey });
    expect(await importKey({ home, armored: binary.write() })).toMatchObject({ fingerprint: pub.fingerprint });
  });

  it('refuses input that is not one supported key', async () => {
    await expect(importKey({ home, armored: 'hello' })).rejects.toThrow(/Not an OpenPGP key.*gpg --export --armor/);
    const p256 = await openpgp.generateKey({ type: 'ecc', curve: 'nistP256', userIDs: [{ name: 'P', email: 'p@example.com' }] });
    await expect(importKey({ home, armored: p256.publicKey })).rejects.toThrow(
      /an ECDSA \(nistP256\) key; ai-attest signs and verifies with OpenPGP v4 Ed25519 keys only/,
    );
    const v6 = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'S', email: 's@example.com' }],
      config: { v6Keys: true },
    });
    await expect(importKey({ home, armored: v6.privateKey })).rejects.toThrow(/OpenPGP v6 key/);
  });

  it('explains what to do when there is no key or the fingerprint is unknown', async () => {
    await expect(loadSigningKey({ home, env: {} })).rejects.toThrow(/ai-attest keys generate/);
    await expect(exportPublicKey({ home, fingerprint: 'ABCDEF0123456789' })).rejects.toThrow(/ai-attest keys list/);
    await expect(exportPublicKey({ home, fingerprint: 'zz' })).rejects.toThrow(/not a key fingerprint/);
  });
});
