import { repoPaths, type RepoPaths } from '../git/repo.js';
import type { GitOptions } from '../git/run.js';
import { notesPushPlan, pushNewNotes, type NotesPushPlan } from './push-new-notes.js';
import { hookRemote, resolveNotesRemote, type NotesRemote } from './remote.js';
import { readSyncState } from './state.js';
import { syncNotes } from './sync.js';

/**
 * For the pre-push hook, once verify passed: publish the attestation notes to the remote being
 * pushed to. Never throws for a network or remote failure: the failure is recorded in
 * `$GIT_COMMON_DIR/ai-attest/sync-state.json` (status and doctor report it) and `message` says
 * it for the hook to print; the next push, or `ai-attest sync`, retries.
 */
export async function pushNotesAfterVerify(input: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  remote: string;
  pushing?: readonly string[];
  /** The commits the push gives the remote (the range verify just passed): their notes go without a reachability check. */
  pushed?: ReadonlySet<string>;
  /** This repository's git dirs, when the caller has them already. */
  paths?: Promise<RepoPaths> | RepoPaths;
  /** `notesPushReads`, started beside verify. */
  early?: Promise<NotesPushReads>;
}): Promise<{ pushed: boolean; message?: string }> {
  // A hook has no one to type a password to: fail now and record it rather than hang a GUI push.
  const env = { ...input.env, GIT_TERMINAL_PROMPT: '0' };
  const opts = { cwd: input.cwd, env };
  let remote;
  let plan;
  try {
    ({ remote, plan } = await (input.early ?? notesPushReads(input.remote, undefined, input)));
  } catch (error) {
    return { pushed: false, message: `ai-attest: attestation notes not pushed: ${(error as Error).message}` };
  }
  const { gitDir, commonDir } = await (input.paths ?? repoPaths(opts));
  const before = (await readSyncState(commonDir)).remotes[remote.name]?.failure ?? null;
  const pushing = input.pushing ?? [];
  // Usually only what is new needs publishing; where that shortcut does not apply, sync's rounds.
  const fast = await pushNewNotes({ ...opts, remote, gitDir, commonDir, pushing, pushed: input.pushed ?? new Set(), plan });
  const result = fast === null || fast === 'race' ? await syncNotes({ ...opts, remote, pushFirst: fast === null, pushing }) : fast;
  if (!result.ok) {
    const failure = result.failure!;
    const times = failure.attempts > 1 ? ` (${failure.attempts} pushes in a row)` : '';
    return {
      pushed: false,
      message:
        `ai-attest: could not push the attestation notes to ${remote.name}${times}: ${failure.message}\n` +
        `ai-attest: they are kept locally and the next push retries; \`ai-attest sync ` +
        `${remote.name}\` retries now, \`ai-attest status\` shows what waits.`,
    };
  }
  const kept = withheldMessage(result.withheld.length, remote.name);
  if (before && result.pushed) {
    return {
      pushed: true,
      message: `ai-attest: pushed the attestation notes to ${remote.name} (the earlier failure is resolved).${kept ? `\n${kept}` : ''}`,
    };
  }
  return { pushed: result.pushed, ...(kept ? { message: kept } : {}) };
}

export interface NotesPushReads {
  remote: NotesRemote;
  /** Started, not awaited: a failure surfaces where it is used. */
  plan: Promise<NotesPushPlan>;
}

/**
 * What the notes push reads that does not depend on verify's verdict (the remote's name, the
 * refs, the notes that changed): the hook starts it beside verify. A rejection says the remote
 * cannot be resolved.
 */
export async function notesPushReads(
  remoteArg: string,
  url: string | undefined,
  options: GitOptions & { env: NodeJS.ProcessEnv },
): Promise<NotesPushReads> {
  const remote = hookRemote(remoteArg, url) ?? (await resolveNotesRemote(remoteArg, options));
  const plan = notesPushPlan(remote, options);
  plan.catch(() => undefined);
  return { remote, plan };
}

/** Said on every push that leaves notes behind, so a developer knows they wait for their commits. */
export function withheldMessage(count: number, remote: string): string {
  if (count === 0) return '';
  const one = count === 1;
  return (
    `ai-attest: ${count} attestation note${one ? '' : 's'} kept local: ${one ? 'its commit is' : 'their commits are'} not on ${remote} ` +
    `(${one ? 'it goes' : 'they go'} with the push that publishes ${one ? 'it' : 'them'}).`
  );
}
