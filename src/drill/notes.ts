import { NOTES_REF } from '../core/model.js';
import { notedCommits } from '../git/drill.js';
import { resolveNotesRemote } from '../sync/remote.js';
import { fetchNotes } from '../sync/transport.js';
import type { Gap } from './model.js';

/**
 * Notes of the drilled commits that one side has and the other lacks. The remote's notes are
 * fetched into sync's tracking ref (never over the local notes), as `ai-attest sync` would.
 */
export async function remoteNoteGaps(remoteName: string, commits: readonly string[], git: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Gap[]> {
  const remote = await resolveNotesRemote(remoteName, git);
  const fetched = await fetchNotes(remote, git);
  if (!fetched.ok) {
    return [{ kind: 'remote-unreachable', subject: remote.name, message: `the notes of ${remote.name} could not be read: ${fetched.message}`, fix: `check access to ${remote.target}, then run the drill again` }];
  }
  const [local, theirs] = await Promise.all([notedCommits(NOTES_REF, git), fetched.found ? notedCommits(remote.trackingRef, git) : Promise.resolve(new Set<string>())]);
  const gaps: Gap[] = [];
  for (const id of commits) {
    const short = id.slice(0, 12);
    if (local.has(id) && !theirs.has(id)) {
      gaps.push({ kind: 'note-not-on-remote', subject: id, message: `${short}'s note is only in this clone: a clone of ${remote.name} would not find it.`, fix: `ai-attest sync ${remote.name}` });
    } else if (!local.has(id) && theirs.has(id)) {
      gaps.push({ kind: 'note-not-fetched', subject: id, message: `${short}'s note is on ${remote.name} but not in this clone.`, fix: `ai-attest sync ${remote.name}` });
    }
  }
  return gaps;
}
