import { finishGit, git, runGit, startGit, type GitOptions } from './run.js';

/**
 * The files under a folder of a committed tree, read from git objects (never the work tree:
 * what a revision holds is what the trust decisions rest on). One ls-tree and one batched
 * cat-file, whatever the number of files. An unknown revision or folder gives an empty list.
 */
export async function readTreeFolder(rev: string, folder: string, options: GitOptions): Promise<Array<{ path: string; content: Buffer }>> {
  const dir = folder.replace(/\/+$/, '');
  const listed = await runGit(['ls-tree', '-z', '--full-tree', rev, '--', `${dir}/`], { ...options, okCodes: [128] });
  if (listed.status !== 0) return [];
  const blobs: Array<{ path: string; oid: string }> = [];
  for (const entry of listed.stdout.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match) blobs.push({ oid: match[1]!, path: match[2]! });
  }
  if (blobs.length === 0) return [];
  const raw = await catFileBatch(
    blobs.map((b) => b.oid),
    options,
  );
  return blobs.map((b, i) => ({ path: b.path, content: raw[i]! }));
}

/** `git cat-file --batch` for many objects in one process; binary-safe. Missing objects read as empty. */
export async function catFileBatch(oids: readonly string[], options: GitOptions): Promise<Buffer[]> {
  return (await catFileObjects(oids, options)).map((object) => object?.content ?? Buffer.alloc(0));
}

/**
 * Each of `specs` (an object id or `REV:PATH`) with its type, from ONE `git cat-file --batch`;
 * null for one git does not have. Binary-safe.
 */
export async function catFileObjects(
  specs: readonly string[],
  options: GitOptions,
): Promise<Array<{ type: string; content: Buffer } | null>> {
  const bytes = await runCatFileBatch(specs.map((s) => `${s}\n`).join(''), options);
  const out: Array<{ type: string; content: Buffer } | null> = [];
  let at = 0;
  for (let i = 0; i < specs.length; i++) {
    const eol = bytes.indexOf(0x0a, at);
    if (eol < 0) {
      out.push(null);
      continue;
    }
    const header = /^[0-9a-f]+ (\w+) (\d+)$/.exec(bytes.subarray(at, eol).toString('utf8'));
    at = eol + 1;
    if (!header) {
      out.push(null); // "<spec> missing"
      continue;
    }
    const size = Number(header[2]);
    out.push({ type: header[1]!, content: bytes.subarray(at, at + size) });
    at += size + 1;
  }
  return out;
}

async function runCatFileBatch(input: string, options: GitOptions): Promise<Buffer> {
  const args = ['cat-file', '--batch'];
  const child = startGit(args, options);
  child.stdin.end(input);
  return (await finishGit(child, args)).bytes;
}

/** One file of a revision's tree (`git cat-file blob REV:PATH`), or null when it has none. */
export async function readCommittedFile(rev: string, path: string, options: GitOptions): Promise<string | null> {
  const shown = await runGit(['cat-file', 'blob', `${rev}:${path}`], { ...options, okCodes: [128] });
  return shown.status === 0 ? shown.stdout : null;
}

/** One entry of a commit's tree, as `git ls-tree -r -l` gives it. */
export interface TreeEntry {
  /** Repository-relative path. */
  path: string;
  /** Octal mode: 100644/100755 regular file, 120000 symlink, 160000 submodule. */
  mode: string;
  type: string;
  oid: string;
  /** Bytes, for blobs; -1 otherwise. */
  size: number;
}

/**
 * The files under `prefixes` in `commit`'s tree (from the repository root, whatever the cwd),
 * with their modes and sizes: one `git ls-tree` call, never the work tree.
 */
export async function listTreeFiles(commit: string, prefixes: readonly string[], options: GitOptions): Promise<TreeEntry[]> {
  const out = await git(['ls-tree', '-r', '-l', '-z', '--full-tree', commit, '--', ...prefixes], options);
  const entries: TreeEntry[] = [];
  for (const record of out.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', oid = '', size = '-'] = record.slice(0, tab).split(/ +/);
    entries.push({ path: record.slice(tab + 1), mode, type, oid, size: size === '-' ? -1 : Number(size) });
  }
  return entries;
}

/** The contents of blobs by object id, from one `git cat-file --batch` call (bytes: keys may be binary); missing ones are left out. */
export async function readBlobs(oids: readonly string[], options: GitOptions): Promise<Map<string, Uint8Array>> {
  const wanted = [...new Set(oids)];
  const result = new Map<string, Uint8Array>();
  if (wanted.length === 0) return result;
  const contents = await catFileBatch(wanted, options);
  wanted.forEach((oid, i) => {
    if (contents[i]) result.set(oid, new Uint8Array(contents[i]!));
  });
  return result;
}

/** One path a commit changed against its first parent (`git log --raw`). */
export interface RawChange {
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
  status: string;
  path: string;
}

const ZERO_OID = /^0+$/;
export const isZeroOid = (oid: string): boolean => ZERO_OID.test(oid);

/**
 * The commits of a range that change any of `paths` (from the repository root), each with its raw changes: one
 * path-limited `git log --raw` (git compares tree ids level by level, so an untouched folder
 * costs one comparison per commit). Merges show no changes of their own: the commits that
 * made them are in the range too.
 */
export async function changesUnder(
  revisions: readonly string[],
  logOptions: readonly string[],
  paths: readonly string[],
  options: GitOptions,
): Promise<Map<string, RawChange[]>> {
  const result = new Map<string, RawChange[]>();
  const out = await git(
    [
      'log',
      '--format=%x01%H',
      '--raw',
      '-r',
      '--no-abbrev',
      '--no-renames',
      '-z',
      ...logOptions,
      ...revisions,
      '--',
      ...paths.map((p) => `:(top,literal)${p}`),
    ],
    options,
  );
  for (const block of out.split('\x01')) {
    if (!block) continue;
    const tokens = block.split('\0');
    const commit = tokens[0]!.trim();
    const changes: RawChange[] = [];
    for (let i = 1; i + 1 < tokens.length; i += 2) {
      const meta = tokens[i]!.trim();
      if (!meta.startsWith(':')) break;
      const [oldMode = '', newMode = '', oldOid = '', newOid = '', status = ''] = meta.slice(1).split(' ');
      changes.push({ oldMode, newMode, oldOid, newOid, status, path: tokens[i + 1]! });
    }
    result.set(commit, changes);
  }
  return result;
}

/** The merge base of two commits, or null when they share no history. */
export async function mergeBase(a: string, b: string, options: GitOptions): Promise<string | null> {
  const r = await runGit(['merge-base', a, b], { ...options, okCodes: [1, 128] });
  return r.status === 0 ? r.stdout.trim() || null : null;
}

/** A range's revisions resolved to commit ids (`git rev-parse --revs-only`): what it includes and excludes. */
export async function resolveRevisions(
  revisions: readonly string[],
  options: GitOptions,
): Promise<{ include: string[]; exclude: string[] }> {
  const out = await git(['rev-parse', '--revs-only', ...revisions], options);
  const ids = out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { include: ids.filter((l) => !l.startsWith('^')), exclude: ids.filter((l) => l.startsWith('^')).map((l) => l.slice(1)) };
}

/** Object ids of `REV:PATH` specs from one `git cat-file --batch-check` (null where a path is missing). */
export async function pathObjectIds(specs: readonly string[], options: GitOptions): Promise<Array<string | null>> {
  if (specs.length === 0) return [];
  const out = await git(['cat-file', '--batch-check=%(objectname)'], { ...options, input: specs.map((s) => `${s}\n`).join('') });
  const lines = out.split('\n');
  return specs.map((_, i) => {
    const line = lines[i]?.trim() ?? '';
    return /^[0-9a-f]{40,64}$/.test(line) ? line : null;
  });
}
