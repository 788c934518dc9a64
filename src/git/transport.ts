import { runGit, type GitOptions } from './run.js';

export type FetchResult =
  | { ok: true; found: boolean }
  /** `race`: another process of this clone was writing `into` (its lock file exists); a later try will do. */
  | { ok: false; race: boolean; message: string };

/**
 * Fetches the remote's `ref` into `into`, forced: `into` must be a ref that only ever holds a
 * copy of the remote's (a `+` onto a local ref would overwrite what nobody has pushed yet).
 * `found` is false when the remote has no such ref.
 */
export async function fetchRefInto(target: string, ref: string, into: string, options: GitOptions): Promise<FetchResult> {
  const result = await runGit(
    ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', target, `+${ref}:${into}`],
    { ...options, okCodes: [1, 128] },
  );
  if (result.status === 0) return { ok: true, found: true };
  if (/couldn't find remote ref/i.test(result.stderr)) return { ok: true, found: false };
  return { ok: false, race: /cannot lock ref/.test(result.stderr), message: firstLine(result.stderr, result.status) };
}

export type PushResult =
  | { ok: true; upToDate: boolean }
  /** Someone pushed since we fetched: fetch, merge and push again. */
  | { ok: false; race: true; message: string }
  | { ok: false; race: false; message: string };

/** Pushes `source` to the remote's `ref` without force (and without running the pre-push hook). */
export async function pushRef(target: string, source: string, ref: string, options: GitOptions): Promise<PushResult> {
  const result = await runGit(['push', '--porcelain', '--no-verify', target, `${source}:${ref}`], { ...options, okCodes: [1, 128] });
  const line = result.stdout.split('\n').find((l) => l.includes(`:${ref}\t`)) ?? '';
  if (result.status === 0) return { ok: true, upToDate: line.startsWith('=') };
  if (line.startsWith('!') && /\[rejected\].*\((fetch first|non-fast-forward|stale info)\)/.test(line)) {
    return { ok: false, race: true, message: line.split('\t').slice(2).join(' ') };
  }
  // Two pushes landing at the same moment: the remote's ref moved (or was created) under the other.
  if (
    line.startsWith('!') &&
    /failed to update ref/.test(line) &&
    /cannot lock ref|already exists|but expected|is at [0-9a-f]+ but/.test(result.stderr)
  ) {
    return { ok: false, race: true, message: line.split('\t').slice(2).join(' ') };
  }
  const detail = line.startsWith('!') ? line.split('\t').slice(2).join(' ') : '';
  const remoteSaid = result.stderr
    .split('\n')
    .filter((l) => /^remote:/.test(l))
    .map((l) => l.replace(/^remote:\s*/, '').trim())
    .filter(Boolean);
  const message = [detail, ...remoteSaid].filter(Boolean).join('; ') || firstLine(result.stderr, result.status);
  return { ok: false, race: false, message };
}

export type RemoteRef = { ok: true; oid: string | null } | { ok: false; message: string };

/**
 * What `ref` points at on the remote (one `git ls-remote`, never prompting for credentials):
 * null when the remote has no such ref.
 */
export async function remoteRefOid(target: string, ref: string, options: GitOptions): Promise<RemoteRef> {
  const env = { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: '0' };
  const r = await runGit(['ls-remote', '--refs', target, ref], { ...options, env, okCodes: [1, 2, 128] });
  if (r.status !== 0) {
    const why =
      r.stderr
        .split('\n')
        .find((l) => l.trim())
        ?.replace(/^fatal: /, '') ?? `status ${r.status}`;
    return { ok: false, message: why };
  }
  return { ok: true, oid: r.stdout.split(/\s+/)[0] || null };
}

function firstLine(stderr: string, status: number): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !/^hint:/.test(l));
  return (line ?? `git exited with status ${status}`).replace(/^(fatal|error): /, '');
}
