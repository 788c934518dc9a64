import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { signPredicate } from '../../src/core/attest.js';
import { decodeTrailers, isOwnTrailer } from '../../src/core/attestation-trailers.js';
import type { Predicate } from '../../src/core/model.js';
import { parseTrailers, rewriteTrailers } from '../../src/core/trailers.js';
import { generateKey } from '../../src/crypto/keystore.js';
import { loadSigningKey } from '../../src/crypto/signing-key.js';
import { BIN, type Repo } from './repo.js';

/** Ways to forge or damage attestations after the fact, the way someone with push access could. */

export function rev(repo: Repo, name: string): string {
  return repo.git(['rev-parse', name]).trim();
}

export function messageOf(repo: Repo, commit: string): string {
  return repo.git(['cat-file', 'commit', commit]).replace(/^[\s\S]*?\n\n/, '');
}

/**
 * A copy of `commit` with another message, tree or parents; author and committer names and
 * emails are kept, the committer date moves one second on, so that even an unchanged copy is a
 * commit of its own. Notes are not copied (pass `keepNote`).
 */
export function recommit(
  repo: Repo,
  commit: string,
  change: {
    message?: (message: string) => string;
    tree?: string;
    parents?: string[];
    author?: { name: string; email: string };
    keepNote?: boolean;
  },
): string {
  const [an, ae, ad, cn, ce, cd, tree, parents] = repo
    .git(['log', '-1', '--format=%an%x00%ae%x00%ad%x00%cn%x00%ce%x00%cd%x00%T%x00%P', '--date=raw', commit])
    .trimEnd()
    .split('\0');
  const message = change.message ? change.message(messageOf(repo, commit)) : messageOf(repo, commit);
  const parentList = change.parents ?? (parents ? parents.split(' ') : []);
  const env = {
    GIT_AUTHOR_NAME: change.author?.name ?? an,
    GIT_AUTHOR_EMAIL: change.author?.email ?? ae,
    GIT_AUTHOR_DATE: ad,
    GIT_COMMITTER_NAME: cn,
    GIT_COMMITTER_EMAIL: ce,
    GIT_COMMITTER_DATE: cd!.replace(/^\d+/, (t) => String(Number(t) + 1)),
  };
  const id = repo.git(['commit-tree', change.tree ?? tree!, ...parentList.flatMap((p) => ['-p', p])], { env, input: message }).trim();
  if (change.keepNote) {
    const note = noteText(repo, commit);
    if (note) setNote(repo, id, note);
  }
  return id;
}

export function noteText(repo: Repo, commit: string): string {
  const r = repo.gitRaw(['notes', '--ref=ai-attest', 'show', commit]);
  return r.status === 0 ? r.stdout : '';
}

export function setNote(repo: Repo, commit: string, text: string): void {
  repo.git(['notes', '--ref=ai-attest', 'add', '-f', '-F', '-', commit], { input: text });
}

/** Changes a value inside a note line's signed payload and keeps the old signature. */
export function editNotePayload(line: string, edit: (statement: { predicate: Predicate }) => void): string {
  const envelope = JSON.parse(line) as { payload: string };
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { predicate: Predicate };
  edit(statement);
  envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  return JSON.stringify(envelope);
}

/** Replaces one trailer line's value (`Key: old` -> `Key: new`). */
export function editTrailer(message: string, key: string, value: string): string {
  const re = new RegExp(`^${key}: .*$`, 'm');
  if (!re.test(message)) throw new Error(`no "${key}:" trailer in ${message}`);
  return message.replace(re, `${key}: ${value}`);
}

/** Changes the share an AI commit's v2 head line shows (`Ai-Attest: v2 used share=N ...`). */
export function editShare(message: string, share: number): string {
  const re = /^(Ai-Attest: v2 used share=)\d+/m;
  if (!re.test(message)) throw new Error(`no v2 head line with a share in ${message}`);
  return message.replace(re, `$1${share}`);
}

export function dropTrailer(message: string, key: string): string {
  return message.replace(new RegExp(`^${key}: .*\\n`, 'm'), '');
}

/**
 * A validly signed attestation that states something else: the predicate of `commit` is
 * changed, signed again with the key in `env`'s AI_ATTEST_HOME, and written as the trailers
 * and note of a copy of the commit (same tree and parents, so the binding still holds).
 */
export async function resign(repo: Repo, commit: string, edit: (p: Predicate) => void, env: NodeJS.ProcessEnv = repo.env): Promise<string> {
  const message = messageOf(repo, commit);
  const decoded = decodeTrailers(parseTrailers(message));
  if (decoded.kind !== 'ok') throw new Error(`${commit} has no attestation to re-sign`);
  const predicate = structuredClone(decoded.predicate);
  edit(predicate);
  const signed = signPredicate(predicate, await loadSigningKey({ env }));
  const id = recommit(repo, commit, { message: (m) => rewriteTrailers(m, (t) => !isOwnTrailer(t.key), signed.trailers) });
  setNote(repo, id, `${signed.noteLine}\n`);
  return id;
}

/** A new key in its own key home; its public key is trusted by the repository only with `trust`. */
export async function makeKey(
  home: string,
  options: { email?: string; date?: Date; expiresInDays?: number } = {},
): Promise<{ home: string; fingerprint: string }> {
  const info = await generateKey({
    home,
    name: 'Test Dev',
    email: options.email ?? 'dev@example.com',
    makeDefault: true,
    ...(options.date ? { date: options.date } : {}),
    ...(options.expiresInDays ? { expiresInDays: options.expiresInDays } : {}),
  });
  return { home, fingerprint: info.fingerprint };
}

export function trust(repo: Repo, key: { home: string; fingerprint: string }, name: string): void {
  copyFileSync(join(key.home, 'keys', `${key.fingerprint}.pub.asc`), join(repo.dir, '.ai-attest', 'keys', `${name}.asc`));
}

/** Drops the key's revocation certificate (made with the key) into the repository keyring. */
export function revoke(repo: Repo, key: { home: string; fingerprint: string }, name: string): void {
  const cert = readdirSync(join(key.home, 'keys')).find((f) => f === `${key.fingerprint}.rev.asc`);
  if (!cert) throw new Error(`no revocation certificate for ${key.fingerprint}`);
  copyFileSync(join(key.home, 'keys', cert), join(repo.dir, '.ai-attest', 'keys', `${name}.asc`));
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI without blocking the test process: several verifications run side by side. */
export function cliAsync(repo: Repo, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: { ...repo.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * The work tree's `.ai-attest/` as a commit of its own on HEAD, moving no branch: what a trusted
 * base holding these files would be. verify reads trust from objects only, so a test that edits
 * the policy or keyring passes this as `--trust`.
 */
export function trustCommit(repo: Repo): string {
  const index = join(repo.sandbox.root, `trust-index-${process.pid}`);
  const env = { GIT_INDEX_FILE: index };
  try {
    repo.git(['read-tree', 'HEAD'], { env });
    repo.git(['add', '-A', '--', '.ai-attest'], { env });
    const tree = repo.git(['write-tree'], { env }).trim();
    return repo.git(['commit-tree', tree, '-p', 'HEAD', '-m', 'trusted policy']).trim();
  } finally {
    rmSync(index, { force: true });
  }
}
