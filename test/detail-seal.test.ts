// @module-tag git
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitContribution } from '../src/detail/index.js';
import { readBufferedParts } from '../src/detail/buffer.js';
import { decryptPart, reencryptPart, parseRecipientKeys } from '../src/detail/crypt.js';
import { buildRecord, recordDigest } from '../src/detail/record.js';
import { redactTexts, marker } from '../src/detail/redact.js';
import { looksRandom } from '../src/detail/entropy.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';
import { makeRecipient, secretCorpus, secretPieces, session, textWithSecrets, type TestRecipient } from './helpers/detail.js';

describe('sealing a contribution (redact, encrypt to the committed recipients, buffer)', () => {
  let repo: Repo;
  let gitDir: string;
  let alice: TestRecipient;
  let bob: TestRecipient;
  let carol: TestRecipient;
  const secrets = secretCorpus();

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([
      makeRecipient('Alice Compliance'),
      makeRecipient('Bob Incident'),
      makeRecipient('Carol Outsider'),
    ]);
    repo = makeRepo(makeSandbox());
    repo.write('.ai-attest/recipients/alice.asc', alice.publicArmored);
    repo.write('.ai-attest/recipients/bob.asc', bob.publicArmored);
    // In the work tree only, never committed: it must not become a reader.
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'compliance recipients']);
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    repo.write('.ai-attest/recipients/carol.asc', carol.publicArmored);
    gitDir = join(repo.dir, '.git');
  });
  afterAll(() => repo.sandbox.cleanup());

  it('encrypts to the two committed recipients, each decrypts, an uncommitted key is no recipient', async () => {
    const result = await submitContribution(session(3, 'src/auth/session.ts'), { cwd: repo.dir, gitDir, key: 'sess-1:turn-1' });
    expect(result.status).toBe('sealed');
    if (result.status !== 'sealed') return;
    expect(result.recipients).toEqual([alice.fingerprint, bob.fingerprint].sort());
    const [part] = await readBufferedParts(gitDir);
    expect(part!.id).toBe(result.id);
    expect(part!.files).toEqual(['src/auth/session.ts']);
    for (const reader of [alice, bob]) {
      const plain = JSON.parse(Buffer.from(await decryptPart(part!, reader.privateKey)).toString('utf8'));
      expect(plain).toMatchObject({
        id: result.id,
        tool: 'claude-code',
        model: 'claude-sonnet-4-5-20250929',
        requestIds: ['req_011CVabc', 'req_011CVdef'],
      });
      expect(plain.turns).toHaveLength(6);
    }
    await expect(decryptPart(part!, carol.privateKey)).rejects.toThrow(/not a recipient of this detail record.*ask one of them/s);
  });

  it('submitting the same contribution again replaces it', async () => {
    await submitContribution(session(3, 'src/auth/session.ts'), { cwd: repo.dir, gitDir, key: 'sess-1:turn-1' });
    expect(readdirSync(join(gitDir, 'ai-attest', 'detail')).filter((n) => n.endsWith('.json'))).toHaveLength(1);
  });

  it('redacts every secret of the corpus before encryption, leaving typed markers; nothing in clear in the buffer', async () => {
    const text = textWithSecrets(secrets);
    const result = await submitContribution(session(2, 'src/payments/pay.ts', text), { cwd: repo.dir, gitDir, key: 'sess-2' });
    if (result.status !== 'sealed') throw new Error(result.reason);
    for (const name of readdirSync(join(gitDir, 'ai-attest', 'detail'))) {
      const raw = readFileSync(join(gitDir, 'ai-attest', 'detail', name), 'utf8');
      for (const s of Object.values(secrets)) for (const piece of secretPieces(s)) expect(raw).not.toContain(piece);
    }
    const part = (await readBufferedParts(gitDir)).find((p) => p.id === result.id)!;
    const plain = Buffer.from(await decryptPart(part, alice.privateKey)).toString('utf8');
    for (const [name, s] of Object.entries(secrets)) {
      for (const piece of secretPieces(s)) expect(plain, name).not.toContain(piece);
    }
    expect(plain).toContain(marker('github-token'));
    expect(plain).toContain(marker('private-key'));
    expect(plain).toContain(marker('anthropic-api-key'));
    expect(Object.keys(result.redactions).length).toBeGreaterThanOrEqual(4);
    // Ordinary text passes through.
    expect(plain).toContain('refactor the session handling in src/payments/pay.ts');
  });

  it('a rotation re-encrypts the session key only: the bound digest stays, the new recipient reads, the removed one does not', async () => {
    const [part] = await readBufferedParts(gitDir);
    const before = recordDigest(buildRecord([part!]));
    const [carolKey] = await parseRecipientKeys([{ path: 'carol.asc', content: Buffer.from(carol.publicArmored) }]);
    const [aliceKey] = await parseRecipientKeys([{ path: 'alice.asc', content: Buffer.from(alice.publicArmored) }]);
    const rotated = await reencryptPart(part!, bob.privateKey, [aliceKey!, carolKey!]);
    expect(recordDigest(buildRecord([rotated]))).toBe(before);
    expect(rotated.recipients).toEqual([alice.fingerprint, carol.fingerprint].sort());
    const plain = JSON.parse(Buffer.from(await decryptPart(rotated, carol.privateKey)).toString('utf8'));
    expect(plain.id).toBe(part!.id);
    await expect(decryptPart(rotated, bob.privateKey)).rejects.toThrow(/not a recipient/);
  });

  it('a record with no committed recipients is skipped with what to do', async () => {
    const bare = makeRepo(repo.sandbox, 'bare-repo');
    bare.write('a.txt', 'a\n');
    bare.git(['add', '-A']);
    bare.git(['commit', '-q', '-m', 'a']);
    const result = await submitContribution(session(1, 'a.txt'), { cwd: bare.dir, gitDir: join(bare.dir, '.git') });
    expect(result).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(
        /no compliance recipients at the trust revision \(.*\): commit their public keys under \.ai-attest\/recipients/,
      ),
    });
  });
});

describe('developerReads', () => {
  it("adds the developer's own key as a recipient only when the committed policy says so", async () => {
    const { generateKey } = await import('../src/crypto/keystore.js');
    const compliance = await makeRecipient('Compliance');
    const repo = makeRepo(makeSandbox());
    try {
      const dev = await generateKey({ name: 'Dev', email: 'dev@example.com', home: repo.env.AI_ATTEST_HOME! });
      repo.write('.ai-attest/recipients/compliance.asc', compliance.publicArmored);
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', 'recipients']);
      repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
      const gitDir = join(repo.dir, '.git');
      const first = await submitContribution(session(1, 'a.ts'), { cwd: repo.dir, gitDir, env: repo.env });
      expect(first).toMatchObject({ status: 'sealed', recipients: [compliance.fingerprint] });
      repo.write('.ai-attest/config.json', JSON.stringify({ version: 1, tools: [], detail: { developerReads: true } }));
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', 'developers read their own records']);
      // Only on this branch: not applied.
      const branch = await submitContribution(session(1, 'a.ts'), { cwd: repo.dir, gitDir, env: repo.env });
      expect(branch).toMatchObject({ status: 'sealed', recipients: [compliance.fingerprint] });
      repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
      const second = await submitContribution(session(1, 'a.ts'), { cwd: repo.dir, gitDir, env: repo.env });
      expect(second).toMatchObject({ status: 'sealed', recipients: [compliance.fingerprint, dev.fingerprint].sort() });
    } finally {
      repo.sandbox.cleanup();
    }
  });
});

describe('redaction', () => {
  it('keeps ids, hex object ids and ordinary identifiers; removes random keys', async () => {
    const sha = '3f786850e387550fdab836ed7e6dc881de23001b';
    const { texts } = await redactTexts([`commit ${sha} in handleUserAuthenticationRequest`, 'key: Zr8Qm2xLw7Pk4Vn9Tb1Hc6Jy3Fd5Gs0A']);
    expect(texts[0]).toBe(`commit ${sha} in handleUserAuthenticationRequest`);
    expect(texts[1]).toBe(`key: ${marker('high-entropy')}`);
    expect(looksRandom('handleUserAuthenticationRequestV2')).toBe(false);
  });

  it('a secret split across two texts is redacted in each', async () => {
    const s = secretCorpus(99);
    const { texts } = await redactTexts([`token ${s.github}`, `another ${s.github}`]);
    for (const t of texts) expect(t).not.toContain(s.github);
  });
});
