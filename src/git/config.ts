import { git, runGit, type GitOptions } from './run.js';

/**
 * Every config entry whose key matches `pattern` (a regular expression, as `git config
 * --get-regexp` takes it), in the order git reads them: [key, value]. git prints section and
 * variable lower-cased and a subsection (a remote's name) as written.
 */
export async function configEntries(pattern: string, options: GitOptions): Promise<Array<[string, string]>> {
  const r = await runGit(['config', '-z', '--get-regexp', pattern], { ...options, okCodes: [1] });
  return r.stdout
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const nl = entry.indexOf('\n');
      return nl < 0 ? [entry, ''] : [entry.slice(0, nl), entry.slice(nl + 1)];
    });
}

export interface ScopedConfigEntry {
  /** system, global, local, worktree or command. */
  scope: string;
  /** Where the value comes from, e.g. `file:.git/config`. */
  origin: string;
  /** Lower-cased section and key, as git prints them. */
  key: string;
  value: string;
}

/** Like configEntries, with each entry's scope and origin. */
export async function scopedConfigEntries(pattern: string, options: GitOptions): Promise<ScopedConfigEntry[]> {
  const r = await runGit(['config', '--show-scope', '--show-origin', '-z', '--get-regexp', pattern], { ...options, okCodes: [1] });
  return parseScopedConfig(r.stdout);
}

/** `scope NUL origin NUL key LF value NUL`, repeated. */
function parseScopedConfig(out: string): ScopedConfigEntry[] {
  const fields = out.split('\0');
  const entries: ScopedConfigEntry[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const pair = fields[i + 2] ?? '';
    const newline = pair.indexOf('\n');
    entries.push({
      scope: fields[i] ?? '',
      origin: fields[i + 1] ?? '',
      key: newline < 0 ? pair : pair.slice(0, newline),
      value: newline < 0 ? '' : pair.slice(newline + 1),
    });
  }
  return entries;
}

/** Adds one more value of a multi-valued key to the repository's own config. */
export async function addLocalConfig(key: string, value: string, options: GitOptions): Promise<void> {
  await git(['config', '--local', '--add', key, value], options);
}

/** Sets a key in the repository's own config, replacing every value it had there. */
export async function replaceLocalConfig(key: string, value: string, options: GitOptions): Promise<void> {
  await git(['config', '--local', '--replace-all', key, value], options);
}

/**
 * Removes a key's values from the repository's own config: those matching `valuePattern` (a
 * regular expression), or all. Nothing to remove is no error.
 */
export async function unsetLocalConfig(key: string, options: GitOptions, valuePattern?: string): Promise<void> {
  await runGit(['config', '--local', '--unset-all', key, ...(valuePattern === undefined ? [] : [valuePattern])], {
    ...options,
    okCodes: [5],
  });
}

/** The configured remotes and their URLs (`remote.<name>.url`). */
export async function remoteUrls(options: GitOptions): Promise<Map<string, string>> {
  const out = await runGit(['config', '--get-regexp', '^remote\\..*\\.url$'], { ...options, okCodes: [1] });
  const remotes = new Map<string, string>();
  for (const line of out.stdout.split('\n')) {
    const m = /^remote\.(.+)\.url (.*)$/.exec(line.trim());
    if (m) remotes.set(m[1]!, m[2]!);
  }
  return remotes;
}
