import { NOTES_REF } from '../core/model.js';
import { listNotes } from '../git/notes-read.js';
import { resolveNotesRemote } from '../sync/remote.js';
import { notesStatus } from '../health/notes-status.js';
import { fetchNotes } from '../sync/transport.js';
import type { Gap } from './model.js';

/**
 * Notes of the drilled commits that one side has and the other lacks. The remote's notes are
 * fetched into sync's tracking ref (never over the local notes), as `ai-attest sync` would.
 */
export async function remoteNoteGaps(
  remoteName: string,
  commits: readonly string[],
  git: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Gap[]> {
  const remote = await resolveNotesRemote(remoteName, git);
  const fetched = await fetchNotes(remote, git);
  if (!fetched.ok) {
    return [
      {
        kind: 'remote-unreachable',
        subject: remote.name,
        message: `the notes of ${remote.name} could not be read: ${fetched.message}`,
        fix: `check access to ${remote.target}, then run the drill again`,
      },
    ];
  }
  const noted = async (ref: string) => new Set((await listNotes(ref, git)).keys());
  const [local, theirs] = await Promise.all([
    noted(NOTES_REF),
    fetched.found ? noted(remote.trackingRef) : Promise.resolve(new Set<string>()),
  ]);
  const gaps: Gap[] = [];
  for (const id of commits) {
    const short = id.slice(0, 12);
    if (local.has(id) && !theirs.has(id)) {
      gaps.push({
        kind: 'note-not-on-remote',
        subject: id,
        message: `${short}'s note is only in this clone: a clone of ${remote.name} would not find it.`,
        fix: `ai-attest sync ${remote.name}`,
      });
    } else if (!local.has(id) && theirs.has(id)) {
      gaps.push({
        kind: 'note-not-fetched',
        subject: id,
        message: `${short}'s note is on ${remote.name} but not in this clone.`,
        fix: `ai-attest sync ${remote.name}`,
      });
    }
  }
  return gaps;
}

/** Notes a crash or a busy lock left unfiled in this clone (docs/sync.md, "No invisible gaps"). */
export async function leftBehindGaps(git: { cwd: string; env: NodeJS.ProcessEnv; gitDir: string; commonDir: string }): Promise<Gap[]> {
  const status = await notesStatus(git);
  const waiting = status.unfiled.length + status.leftPending.length;
  if (!waiting) return [];
  return [
    {
      kind: 'notes-unfiled',
      subject: 'this clone',
      message:
        `${waiting} attestation note(s) were never filed in this clone (a post-commit that was ` +
        `killed, a busy lock, a failed write): an investigation elsewhere would not find them.`,
      fix: 'ai-attest notes flush (sync and the next push also file them)',
    },
  ];
}
