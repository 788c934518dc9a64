import { runGit, type GitOptions } from './run.js';

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
  const raw = await catFileBatch(blobs.map((b) => b.oid), options);
  return blobs.map((b, i) => ({ path: b.path, content: raw[i]! }));
}

/** `git cat-file --batch` for many objects in one process; binary-safe. */
export async function catFileBatch(oids: readonly string[], options: GitOptions): Promise<Buffer[]> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.hooksPath=/dev/null', 'cat-file', '--batch'], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', () => {
      const all = Buffer.concat(chunks);
      const out: Buffer[] = [];
      let pos = 0;
      for (let i = 0; i < oids.length; i++) {
        const nl = all.indexOf(10, pos);
        const header = all.subarray(pos, nl).toString('utf8').split(' ');
        if (header[1] === 'missing' || nl < 0) {
          out.push(Buffer.alloc(0));
          pos = nl + 1;
          continue;
        }
        const size = Number(header[2]);
        out.push(all.subarray(nl + 1, nl + 1 + size));
        pos = nl + 1 + size + 1;
      }
      resolve(out);
    });
    child.stdin.end(oids.map((o) => `${o}\n`).join(''));
  });
}

/** One file of a revision's tree (`git cat-file blob REV:PATH`), or null when it has none. */
export async function readCommittedFile(rev: string, path: string, options: GitOptions): Promise<string | null> {
  const shown = await runGit(['cat-file', 'blob', `${rev}:${path}`], { ...options, okCodes: [128] });
  return shown.status === 0 ? shown.stdout : null;
}

/** Recent commits of HEAD (id, tree, Ai-Attest-Detail trailer values): where a record left pending belongs. */
export async function recentCommitTrees(limit: number, options: GitOptions): Promise<Array<{ commit: string; tree: string; detail: string }>> {
  const out = await runGit(['log', `-n${limit}`, '--format=%H %T %(trailers:key=Ai-Attest-Detail,valueonly,separator=%x20)', 'HEAD'], { ...options, okCodes: [128] });
  if (out.status !== 0) return [];
  return out.stdout.split('\n').filter(Boolean).map((line) => {
    const [commit = '', tree = '', ...rest] = line.split(' ');
    return { commit, tree, detail: rest.join(' ') };
  });
}
