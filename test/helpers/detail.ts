import type { PrivateKey } from 'openpgp';
import type { DetailContribution } from '../../src/detail/types.js';
import { mulberry32 } from './rng.js';

export interface TestRecipient {
  fingerprint: string;
  publicArmored: string;
  privateArmored: string;
  privateKey: PrivateKey;
}

/** A compliance key as GnuPG makes them by default: Ed25519 primary, Curve25519 encryption subkey. */
export async function makeRecipient(name: string): Promise<TestRecipient> {
  const pgp = await import('openpgp');
  const { privateKey, publicKey } = await pgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com` }],
    format: 'armored',
  });
  const key = await pgp.readPrivateKey({ armoredKey: privateKey });
  return { fingerprint: key.getFingerprint().toUpperCase(), publicArmored: publicKey, privateArmored: privateKey, privateKey: key };
}

/**
 * A seeded corpus of secrets of the kinds people paste into prompts and agents echo back.
 * Random bodies (a fixed seed), so that no rule's allow-list of documentation examples lets one
 * through and no secret appears in this source file.
 */
export function secretCorpus(seed = 1234): Record<string, string> {
  const rand = mulberry32(seed);
  const pick = (alphabet: string, n: number): string =>
    Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const b64 = `${alnum}+/`;
  const pem = Array.from({ length: 12 }, () => pick(b64, 64)).join('\n');
  return {
    awsAccessKey: `AKIA${pick(upper, 16)}`,
    awsSecret: pick(b64, 40),
    github: `ghp_${pick(alnum, 36)}`,
    githubFine: `github_pat_${pick(alnum, 22)}_${pick(alnum, 59)}`,
    openai: `sk-proj-${pick(alnum, 48)}T3BlbkFJ${pick(alnum, 48)}`,
    anthropic: `sk-ant-api03-${pick(`${alnum}_-`, 93)}AA`,
    slack: `xoxb-${pick('0123456789', 12)}-${pick('0123456789', 13)}-${pick(alnum, 24)}`,
    privateKey: `-----BEGIN RSA PRIVATE KEY-----\n${pem}\n-----END RSA PRIVATE KEY-----`,
    generic: `${pick(alnum, 32)}`,
  };
}

/** Text that carries every secret of the corpus the way a developer would paste it. */
export function textWithSecrets(s: Record<string, string>): string {
  return [
    `export AWS_ACCESS_KEY_ID=${s.awsAccessKey}`,
    `aws_secret_access_key = ${s.awsSecret}`,
    `my token is ${s.github}, the fine-grained one ${s.githubFine}`,
    `OPENAI_API_KEY="${s.openai}"`,
    `ANTHROPIC_API_KEY=${s.anthropic}`,
    `slack: ${s.slack}`,
    s.privateKey,
    `const password = "${s.generic}";`,
  ].join('\n');
}

/** A multi-turn session of `turns` prompt/answer pairs writing `file`. */
export function session(turns: number, file: string, secretText = ''): DetailContribution {
  const t = (i: number): string => new Date(Date.UTC(2026, 10, 28, 10, 0, i)).toISOString();
  const list: DetailContribution['turns'] = [];
  for (let i = 0; i < turns; i++) {
    list.push({
      role: 'user',
      text: `Turn ${i}: refactor the session handling in ${file}, keep the API.${i === 1 ? `\n${secretText}` : ''}`,
      time: t(i),
      id: `u${i}`,
    });
    list.push({
      role: 'assistant',
      text: `I changed ${file}: the handler now validates the token before use (step ${i}).`,
      time: t(i),
      id: `msg_${i}`,
    });
  }
  return {
    tool: 'claude-code',
    model: 'claude-sonnet-4-5-20250929',
    via: 'cli-agent',
    session: 'sess-1',
    requestIds: ['req_011CVabc', 'req_011CVdef'],
    messageIds: ['msg_1', 'msg_2'],
    startedAt: t(0),
    endedAt: t(turns),
    files: [file],
    turns: list,
    outputs: [
      {
        kind: 'write',
        file,
        content: `export function check(token: string) {\n  return token.length > 0;\n}\n${secretText ? `// ${secretText}\n` : ''}`,
        time: t(turns),
      },
    ],
  };
}

/** Distinctive pieces of a secret (its PEM armour lines excluded): none may appear anywhere. */
export function secretPieces(secret: string): string[] {
  const body = secret.split('\n').filter((l) => !l.startsWith('-----'));
  const pieces: string[] = [];
  for (const line of body) for (let i = 0; i + 12 <= line.length; i += 12) pieces.push(line.slice(i, i + 12));
  return pieces;
}
