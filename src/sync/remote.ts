import { createHash } from 'node:crypto';
import { AttestError } from '../errors.js';
import { configGet } from '../git/repo.js';
import { remoteUrls } from '../git/config.js';
import { currentBranch } from '../git/refs.js';
import type { GitOptions } from '../git/run.js';
import { NOTES_REF } from '../core/model.js';

/** A remote as sync uses it: what to fetch from and push to, and where its notes are kept locally. */
export interface NotesRemote {
  /** What git is given: a configured remote's name, or a URL. */
  target: string;
  /** A configured remote's name, or a stable stand-in for a bare URL. */
  name: string;
  /** `refs/notes/remotes/<name>/ai-attest`: ours to overwrite, never the local notes. */
  trackingRef: string;
}

/**
 * The remote named, or (none named) the current branch's upstream remote, else `origin`, else
 * the only remote. A URL (pre-push gets one for `git push URL`) maps to the configured remote
 * with that URL, or to `url-<hash>`.
 */
export async function resolveNotesRemote(remote: string | undefined, options: GitOptions): Promise<NotesRemote> {
  const remotes = await configuredRemotes(options);
  let name: string;
  let target: string;
  if (remote) {
    const byUrl = [...remotes].find(([, url]) => url === remote)?.[0];
    if (remotes.has(remote)) name = remote;
    else if (byUrl) name = byUrl;
    else if (/[:/]/.test(remote)) name = `url-${createHash('sha256').update(remote).digest('hex').slice(0, 12)}`;
    else throw new AttestError(`no remote named "${remote}": run \`git remote -v\` to see the remotes, or give a URL.`);
    target = remotes.has(remote) || byUrl ? name : remote;
  } else {
    const upstream = await upstreamRemote(options);
    const names = [...remotes.keys()];
    const chosen =
      (upstream && remotes.has(upstream) ? upstream : null) ?? (remotes.has('origin') ? 'origin' : names.length === 1 ? names[0]! : null);
    if (!chosen) {
      throw new AttestError(
        names.length
          ? `several remotes (${names.join(', ')}) and no upstream: name one, e.g. \`ai-attest sync ${names[0]}\`.`
          : 'this repository has no remote: add one (`git remote add origin URL`) first.',
      );
    }
    name = target = chosen;
  }
  return { target, name, trackingRef: trackingRefFor(name) };
}

/**
 * A remote git named to a hook: pre-push gets the remote's name and its URL, both the URL when no
 * named remote is used (githooks(5)), so a name that differs from the URL is a configured remote.
 */
export function hookRemote(name: string, url: string | undefined): NotesRemote | null {
  return url !== undefined && url !== name ? { target: name, name, trackingRef: trackingRefFor(name) } : null;
}

export function trackingRefFor(name: string): string {
  return `refs/notes/remotes/${name
    .replace(/[^A-Za-z0-9._/-]/g, '-')
    .replace(/\.\.+/g, '-')
    .replace(/^[./]+|[./]+$/g, '')}/${NOTES_REF.slice('refs/notes/'.length)}`;
}

export async function configuredRemotes(options: GitOptions): Promise<Map<string, string>> {
  return remoteUrls(options);
}

async function upstreamRemote(options: GitOptions): Promise<string | null> {
  const branch = await currentBranch(options);
  if (branch === null) return null;
  const value = await configGet(`branch.${branch}.remote`, options);
  return value && value !== '.' ? value : null;
}
