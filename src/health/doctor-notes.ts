import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NOTES_REF } from '../core/model.js';
import { AttestError } from '../errors.js';
import { commitExists } from '../git/exempt-facts.js';
import { treesOf } from '../git/objects.js';
import type { GitOptions } from '../git/run.js';
import { remoteRefOid } from '../git/transport.js';
import type { RepoPaths } from '../git/repo.js';
import type { DoctorCheck } from './doctor-types.js';
import { notesStatus } from './notes-status.js';
import { resolveNotesRemote } from '../sync/remote.js';
import { contains, refOid } from '../sync/transport.js';

/** Local notes state: unfiled notes, an unfinished notes merge, failed pushes recorded by sync. */
export async function checkLocalNotes(options: GitOptions & { paths: RepoPaths }): Promise<DoctorCheck[]> {
  const { paths } = options;
  const status = await notesStatus({ ...options, gitDir: paths.gitDir, commonDir: paths.commonDir });
  const checks: DoctorCheck[] = [];
  if (status.unfiled.length) {
    checks.push({
      id: 'notes.unfiled',
      status: 'problem',
      message:
        `${status.unfiled.length} attestation note(s) the post-commit hook could not file ` +
        `(${status.unfiled.map((c) => c.slice(0, 12)).join(', ')})`,
      fix: 'ai-attest notes flush',
    });
  }
  if (status.leftPending.length) {
    checks.push({
      id: 'notes.pending',
      status: 'problem',
      message:
        `${status.leftPending.length} prepared attestation note(s) were never filed (a post-commit ` +
        `hook that was killed or did not run)`,
      fix: 'ai-attest notes flush',
    });
  }
  if (existsSync(join(paths.gitDir, 'NOTES_MERGE_PARTIAL')) || existsSync(join(paths.gitDir, 'NOTES_MERGE_REF'))) {
    checks.push({
      id: 'notes.merge',
      status: 'problem',
      message: 'a `git notes merge` was left unfinished: syncing notes is blocked',
      fix: 'git notes --ref=ai-attest merge --abort && ai-attest sync',
    });
  }
  for (const r of status.remotes) {
    if (!r.failure) continue;
    checks.push({
      id: `notes.push.${r.remote}`,
      status: 'problem',
      message:
        `the last ${r.failure.attempts > 1 ? `${r.failure.attempts} notes syncs` : 'notes sync'} ` +
        `with ${r.remote} failed at ${r.failure.stage} (${r.failure.time}): ${r.failure.message}; ` +
        `${r.notPushed} note(s) are not on ${r.remote}`,
      fix: `ai-attest sync ${r.remote}   (after fixing the cause: network, permissions, a server hook)`,
    });
  }
  if (checks.length === 0)
    checks.push({
      id: 'notes.local',
      status: 'ok',
      message: `${status.notes} commit(s) have attestation notes; nothing unfiled, no failed push recorded`,
    });
  return checks;
}

/**
 * Asks the remote (one `git ls-remote`) whether it has notes we do not: a clone that never
 * synced, or notes others pushed since. Skipped offline and without a remote.
 */
export async function checkRemoteNotes(options: GitOptions, offline: boolean): Promise<DoctorCheck[]> {
  let remote;
  try {
    remote = await resolveNotesRemote(undefined, options);
  } catch (error) {
    if (!(error instanceof AttestError)) throw error;
    return [{ id: 'notes.remote', status: 'skipped', message: `no remote to compare notes with (${error.message})` }];
  }
  if (offline) return [{ id: `notes.remote.${remote.name}`, status: 'skipped', message: `not asked ${remote.name} (--offline)` }];
  const asked = await remoteRefOid(remote.target, NOTES_REF, options);
  if (!asked.ok) {
    return [{ id: `notes.remote.${remote.name}`, status: 'warn', message: `could not ask ${remote.name} for its notes: ${asked.message}` }];
  }
  const theirs = asked.oid ?? '';
  const local = await refOid(NOTES_REF, options);
  const id = `notes.remote.${remote.name}`;
  if (!theirs) {
    return [
      local
        ? {
            id,
            status: 'warn',
            message: `${remote.name} has no attestation notes yet; the local ones are not published`,
            fix: `ai-attest sync ${remote.name}`,
          }
        : { id, status: 'ok', message: `neither ${remote.name} nor this clone has attestation notes yet` },
    ];
  }
  const known = await commitExists(theirs, options);
  if (!local || !known || !(await contains(local, theirs, options))) {
    return [
      {
        id,
        status: 'problem',
        message: `${remote.name} has attestation notes this clone does not (verify here misses them)`,
        fix: `ai-attest sync ${remote.name}`,
      },
    ];
  }
  if (local !== theirs && !(await sameTree(local, theirs, options))) {
    return [
      {
        id,
        status: 'warn',
        message:
          `this clone has attestation notes ${remote.name} does not have yet (notes of commits ` +
          `${remote.name} does not have stay local until those commits are pushed)`,
        fix: `ai-attest sync ${remote.name}   (or just git push: the pre-push hook pushes them)`,
      },
    ];
  }
  return [{ id, status: 'ok', message: `the attestation notes are the same here and on ${remote.name}` }];
}

async function sameTree(a: string, b: string, options: GitOptions): Promise<boolean> {
  const trees = await treesOf([a, b], options);
  return trees !== null && trees[0] === trees[1];
}
