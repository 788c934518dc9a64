import { NOTES_REF } from '../core/model.js';
import { configEntries } from '../git/config.js';
import type { GitOptions } from '../git/run.js';
import { shellQuote, type DoctorCheck } from './doctor-types.js';

/** Amend and rebase copy notes only with these settings (install sets them). */
export async function checkRewriteConfig(options: GitOptions): Promise<DoctorCheck[]> {
  const entries = await configEntries('^notes\\.rewrite', options);
  const get = (key: string) => entries.filter(([k]) => k === key.toLowerCase()).map(([, v]) => v);
  const checks: DoctorCheck[] = [];
  if (!get('notes.rewriteRef').includes(NOTES_REF)) {
    checks.push({
      id: 'notes.rewriteRef',
      status: 'problem',
      message: `notes.rewriteRef does not list ${NOTES_REF}: amend and rebase drop the attestation notes`,
      fix: `git config --add notes.rewriteRef ${NOTES_REF}   (or ai-attest install)`,
    });
  }
  for (const kind of ['amend', 'rebase']) {
    const value = get(`notes.rewrite.${kind}`).at(-1);
    if (value !== undefined && /^(false|no|off|0)$/i.test(value)) {
      checks.push({
        id: `notes.rewrite.${kind}`,
        status: 'problem',
        message: `notes.rewrite.${kind}=${value}: ${kind} drops the attestation notes`,
        fix: `git config notes.rewrite.${kind} true`,
      });
    }
  }
  const mode = get('notes.rewriteMode').at(-1);
  if (mode === 'overwrite' || mode === 'ignore') {
    checks.push({
      id: 'notes.rewriteMode',
      status: 'problem',
      message: `notes.rewriteMode=${mode}: a rewrite ${mode === 'ignore' ? 'drops' : 'loses'} statement lines`,
      fix: 'git config notes.rewriteMode cat_sort_uniq',
    });
  } else if (mode !== 'cat_sort_uniq') {
    checks.push({
      id: 'notes.rewriteMode',
      status: 'warn',
      message: `notes.rewriteMode is ${mode ?? 'unset (concatenate)'}: a squash keeps duplicate statement lines`,
      fix: 'git config notes.rewriteMode cat_sort_uniq',
    });
  }
  if (checks.length === 0)
    checks.push({ id: 'notes.rewrite', status: 'ok', message: 'amend and rebase copy the attestation notes (cat_sort_uniq)' });
  return checks;
}

/**
 * Refspecs in the config that hurt notes: a fetch refspec writing into refs/notes/ai-attest
 * replaces local notes nobody pushed yet; a remote whose only push refspecs are notes makes a
 * plain `git push` push the notes and not the branch.
 */
export async function checkRefspecs(options: GitOptions): Promise<DoctorCheck[]> {
  const entries = await configEntries('^remote\\..*\\.(fetch|push)$', options);
  const checks: DoctorCheck[] = [];
  const pushes = new Map<string, string[]>();
  for (const [key, value] of entries) {
    const m = /^remote\.(.+)\.(fetch|push)$/.exec(key);
    if (!m) continue;
    const [, remote, kind] = m;
    if (kind === 'push') {
      pushes.set(remote!, [...(pushes.get(remote!) ?? []), value]);
      continue;
    }
    const dst = value.replace(/^\+/, '').split(':')[1] ?? '';
    if (covers(dst, NOTES_REF)) {
      checks.push({
        id: `refspec.${remote}.fetch`,
        status: 'problem',
        message:
          `remote.${remote}.fetch has "${value}": every fetch overwrites ${NOTES_REF} with the ` +
          `remote's, losing local notes not pushed yet`,
        fix:
          `git config --fixed-value --unset remote.${remote}.fetch ${shellQuote(value)}   (ai-attest ` +
          `sync fetches notes safely into refs/notes/remotes/${remote}/)`,
      });
    }
  }
  for (const [remote, values] of pushes) {
    const notes = values.filter((v) => v.replace(/^\+/, '').startsWith('refs/notes/'));
    if (notes.length && notes.length === values.length) {
      checks.push({
        id: `refspec.${remote}.push`,
        status: 'problem',
        message:
          `remote.${remote}.push only has notes refspecs (${notes.join(', ')}): a plain \`git push\` ` +
          `pushes the notes and not your branch`,
        fix:
          notes.map((v) => `git config --fixed-value --unset remote.${remote}.push ${shellQuote(v)}`).join(' && ') +
          '   (the pre-push hook and ai-attest sync push the notes)',
      });
    }
  }
  if (checks.length === 0)
    checks.push({ id: 'refspec', status: 'ok', message: 'no remote refspec overwrites or hijacks the attestation notes' });
  return checks;
}

/** A refspec destination (maybe a glob with one `*`) that matches `ref`. */
function covers(dst: string, ref: string): boolean {
  if (!dst) return false;
  const star = dst.indexOf('*');
  if (star < 0) return dst === ref;
  return ref.startsWith(dst.slice(0, star)) && ref.endsWith(dst.slice(star + 1));
}
