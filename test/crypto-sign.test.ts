import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { signingKeyFromArmored } from '../src/crypto/signing-key.js';
import { ed25519PublicKey, parseSignature, signatureInfo, verifySignature } from '../src/crypto/verify-fast.js';

const data = new TextEncoder().encode('{"_type":"https://in-toto.io/Statement/v1"}\n');

async function makeKey(passphrase?: string) {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Ada Lovelace', email: 'ada@example.com' }],
    format: 'object',
    config: { v6Keys: false },
    ...(passphrase ? { passphrase } : {}),
  });
  const point = (publicKey.keyPacket as unknown as { publicParams: { Q: Uint8Array } }).publicParams.Q.subarray(1);
  return { privateKey, publicKey, point };
}

async function openpgpVerifies(sig: Uint8Array, bytes: Uint8Array, publicKey: openpgp.PublicKey): Promise<boolean> {
  const result = await openpgp.verify({
    message: await openpgp.createMessage({ binary: bytes }),
    signature: await openpgp.readSignature({ binarySignature: sig }),
    verificationKeys: publicKey,
  });
  return result.signatures[0]!.verified.then(
    () => true,
    () => false,
  );
}

describe('fast Ed25519 signatures (no openpgp.js on the signing path)', () => {
  it('makes a v4 EdDSA SHA-256 binary-document signature that openpgp.js verifies', async () => {
    const { privateKey, publicKey } = await makeKey();
    const signer = await signingKeyFromArmored(privateKey.armor());
    expect(signer.fingerprint).toBe(publicKey.getFingerprint().toUpperCase());
    expect(signer.keyId).toBe(signer.fingerprint.slice(-16));
    expect(signer.userId).toBe('Ada Lovelace <ada@example.com>');
    const sig = signer.sign(data);
    const parsed = parseSignature(sig);
    expect(parsed).toMatchObject({ type: 0, publicKeyAlgorithm: 22, hashAlgorithm: 8, issuerFingerprint: signer.fingerprint });
    expect(await openpgpVerifies(sig, data, publicKey)).toBe(true);
    const altered = Uint8Array.from(data);
    altered[3] = altered[3]! ^ 1;
    expect(await openpgpVerifies(sig, altered, publicKey)).toBe(false);
  });

  it('accepts detached signatures made by openpgp.js with SHA-256 and SHA-512', async () => {
    const { privateKey, point } = await makeKey();
    const key = ed25519PublicKey(point);
    for (const hash of [openpgp.enums.hash.sha256, openpgp.enums.hash.sha512]) {
      const sig = await openpgp.sign({
        message: await openpgp.createMessage({ binary: data }),
        signingKeys: privateKey,
        detached: true,
        format: 'binary',
        config: { preferredHashAlgorithm: hash },
      });
      expect(verifySignature(data, sig as Uint8Array, key)).toBe(true);
      expect(verifySignature(data.subarray(1), sig as Uint8Array, key)).toBe(false);
    }
  });

  it('verifies its own signatures and rejects other keys and other data', async () => {
    const a = await makeKey();
    const b = await makeKey();
    const signer = await signingKeyFromArmored(a.privateKey.armor());
    const sig = signer.sign(data);
    expect(verifySignature(data, sig, a.point)).toBe(true);
    expect(verifySignature(data, sig, b.point)).toBe(false);
    expect(verifySignature(new Uint8Array([...data, 0x0a]), sig, a.point)).toBe(false);
  });

  it('records the creation time to the second and reports the issuer', async () => {
    const { privateKey } = await makeKey();
    const signer = await signingKeyFromArmored(privateKey.armor());
    const created = new Date('2030-05-06T07:08:09.987Z');
    const info = signatureInfo(signer.sign(data, created));
    expect(info).toEqual({
      issuerFingerprint: signer.fingerprint,
      issuerKeyId: signer.keyId,
      created: new Date('2030-05-06T07:08:09Z'),
    });
  });

  it('decrypts a passphrase-protected key through openpgp.js, then signs natively', async () => {
    const { privateKey, publicKey } = await makeKey('correct horse');
    const armored = privateKey.armor();
    const signer = await signingKeyFromArmored(armored, { env: { AI_ATTEST_PASSPHRASE: 'correct horse' } });
    expect(await openpgpVerifies(signer.sign(data), data, publicKey)).toBe(true);
    const viaCallback = await signingKeyFromArmored(armored, { env: {}, passphrase: () => 'correct horse' });
    expect(viaCallback.fingerprint).toBe(signer.fingerprint);
    await expect(signingKeyFromArmored(armored, { env: {} })).rejects.toThrow(/AI_ATTEST_PASSPHRASE/);
    await expect(signingKeyFromArmored(armored, { env: { AI_ATTEST_PASSPHRASE: 'wrong' } })).rejects.toThrow(/does not unlock key/);
  });

  it('refuses keys other than v4 Ed25519 with a next step', async () => {
    const { privateKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'nistP256',
      userIDs: [{ name: 'P', email: 'p@example.com' }],
      format: 'object',
    });
    await expect(signingKeyFromArmored(privateKey.armor())).rejects.toThrow(/an ECDSA key.*Ed25519/);
  });

  it('rejects malformed and non-binary signatures', async () => {
    const { privateKey, point } = await makeKey();
    expect(() => parseSignature(new Uint8Array())).toThrow(/empty/);
    expect(() => parseSignature(new TextEncoder().encode('garbage'))).toThrow();
    const good = (await signingKeyFromArmored(privateKey.armor())).sign(data);
    expect(() => parseSignature(good.subarray(0, good.length - 3))).toThrow(/truncated/);
    expect(() => parseSignature(new Uint8Array([...good, ...good]))).toThrow(/exactly one/);
    const text = await openpgp.sign({
      message: await openpgp.createMessage({ text: 'hello' }),
      signingKeys: privateKey,
      detached: true,
      format: 'binary',
    });
    expect(() => parseSignature(text as Uint8Array)).toThrow(/binary-document/);
    expect(() => verifySignature(data, text as Uint8Array, point)).toThrow();
  });

  it('reads armored signatures too', async () => {
    const { privateKey, point } = await makeKey();
    const armored = await openpgp.sign({
      message: await openpgp.createMessage({ binary: data }),
      signingKeys: privateKey,
      detached: true,
    });
    expect(verifySignature(data, new TextEncoder().encode(armored), point)).toBe(true);
  });
});
