import { addLocalConfig, replaceLocalConfig, unsetLocalConfig } from '../git/config.js';
import type { ConfigEntry } from './git-config.js';
import type { ConfigRecord } from './state.js';

interface Setting {
  key: string;
  value: string;
  multi?: boolean;
  bool?: boolean;
}

/**
 * Amend and rebase copy notes only for the refs in notes.rewriteRef; cat_sort_uniq keeps one
 * copy of each statement line when a rewritten commit already had a note.
 */
export const NOTES_SETTINGS: readonly Setting[] = [
  { key: 'notes.rewriteRef', value: 'refs/notes/ai-attest', multi: true },
  { key: 'notes.rewrite.amend', value: 'true', bool: true },
  { key: 'notes.rewrite.rebase', value: 'true', bool: true },
  { key: 'notes.rewriteMode', value: 'cat_sort_uniq' },
];

export interface ConfigChange {
  key: string;
  value: string;
  action: 'set' | 'already' | 'unset' | 'restored' | 'kept';
}

interface GitOpts {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Sets the notes settings in the repository's own config. Records kept from an earlier install
 * survive a re-install that finds nothing to change, so uninstall still restores the original.
 */
export async function applyNotesConfig(
  entries: readonly ConfigEntry[],
  earlier: readonly ConfigRecord[],
  opts: GitOpts,
): Promise<{ changes: ConfigChange[]; records: ConfigRecord[] }> {
  const changes: ConfigChange[] = [];
  const records: ConfigRecord[] = [];
  for (const setting of NOTES_SETTINGS) {
    const kept = earlier.find((r) => r.key === setting.key);
    if (setting.multi) {
      // Any scope will do: a second copy of the same ref would only rewrite each note twice.
      if (values(entries, setting.key).some((v) => v === setting.value)) {
        changes.push({ key: setting.key, value: setting.value, action: 'already' });
        if (kept) records.push(kept);
        continue;
      }
      await addLocalConfig(setting.key, setting.value, opts);
      records.push({ key: setting.key, value: setting.value, added: true });
    } else {
      const local = values(entries, setting.key, 'local');
      const current = local.length ? (local[local.length - 1] ?? null) : null;
      if (current !== null && same(setting, current)) {
        changes.push({ key: setting.key, value: setting.value, action: 'already' });
        if (kept) records.push(kept);
        continue;
      }
      await replaceLocalConfig(setting.key, setting.value, opts);
      records.push({ key: setting.key, value: setting.value, previous: current });
    }
    changes.push({ key: setting.key, value: setting.value, action: 'set' });
  }
  return { changes, records };
}

/** Undoes what install recorded, leaving alone any value the user changed since. */
export async function undoNotesConfig(
  entries: readonly ConfigEntry[],
  records: readonly ConfigRecord[],
  opts: GitOpts,
): Promise<ConfigChange[]> {
  const changes: ConfigChange[] = [];
  for (const record of records) {
    const setting = NOTES_SETTINGS.find((s) => s.key === record.key) ?? { key: record.key, value: record.value };
    if (record.added) {
      await unsetLocalConfig(record.key, opts, `^${escapeRegex(record.value)}$`);
      changes.push({ key: record.key, value: record.value, action: 'unset' });
      continue;
    }
    const local = values(entries, record.key, 'local');
    const current = local[local.length - 1];
    if (current === undefined || !same(setting, current)) {
      changes.push({ key: record.key, value: current ?? '', action: 'kept' });
    } else if (record.previous === null || record.previous === undefined) {
      await unsetLocalConfig(record.key, opts);
      changes.push({ key: record.key, value: record.value, action: 'unset' });
    } else {
      await replaceLocalConfig(record.key, record.previous, opts);
      changes.push({ key: record.key, value: record.previous, action: 'restored' });
    }
  }
  return changes;
}

function values(entries: readonly ConfigEntry[], key: string, scope?: string): string[] {
  const lower = key.toLowerCase();
  return entries.filter((e) => e.key === lower && (scope === undefined || e.scope === scope)).map((e) => e.value);
}

function same(setting: Setting, value: string): boolean {
  if (!setting.bool) return value === setting.value;
  return asBool(value) === asBool(setting.value);
}

function asBool(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1', ''].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  return null;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
