import { GitError } from '../errors.js';
import { type GitOptions, type GitProcess, spawnGitRunner, startGit } from './run.js';
import { catFileObjects } from './tree-files.js';

/**
 * Text of a commit header or message as git stores it: UTF-8 when it is valid UTF-8, else
 * Latin-1. Commits without an `encoding` header are meant to be UTF-8, but older tools wrote
 * Latin-1 names (`Fran\xe7ois`); git prints those bytes as they are, and its web view (gitweb's
 * fallback encoding) reads them as Latin-1, as this does, instead of showing U+FFFD.
 */
export function decodeCommitText(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface RawIdentities {
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  message: string;
}

/** The identities and message of a raw commit object, each decoded by decodeCommitText. */
export function parseRawCommit(raw: Buffer): RawIdentities {
  const end = raw.indexOf('\n\n');
  const header = end < 0 ? raw : raw.subarray(0, end);
  const out: RawIdentities = {
    authorName: '',
    authorEmail: '',
    committerName: '',
    committerEmail: '',
    message: end < 0 ? '' : decodeCommitText(raw.subarray(end + 2)),
  };
  let start = 0;
  while (start < header.length) {
    let nl = header.indexOf('\n', start);
    if (nl < 0) nl = header.length;
    const line = header.subarray(start, nl);
    for (const role of ['author', 'committer'] as const) {
      const prefix = Buffer.from(`${role} `);
      if (!line.subarray(0, prefix.length).equals(prefix)) continue;
      const open = line.lastIndexOf('<');
      const close = line.lastIndexOf('>');
      if (open < 0 || close < open) continue;
      out[`${role}Name`] = decodeCommitText(line.subarray(prefix.length, open)).trim();
      out[`${role}Email`] = decodeCommitText(line.subarray(open + 1, close));
    }
    start = nl + 1;
  }
  return out;
}

/**
 * Raw commit objects through one `git cat-file --batch`, started on the first request and kept
 * for the next: the read side asks only for the rare commit whose text is not valid UTF-8. A
 * runner that cannot keep a process (a fake) is asked once per commit.
 */
export class RawCommitReader {
  private child: GitProcess | null = null;
  private buffered = Buffer.alloc(0);
  private waiting: Array<{ resolve: (b: Buffer | null) => void; reject: (e: Error) => void }> = [];

  constructor(private readonly options: GitOptions) {}

  async read(commit: string): Promise<Buffer | null> {
    if (!(this.options.git ?? spawnGitRunner).start) {
      const [object] = await catFileObjects([commit], this.options);
      return object ? Buffer.from(object.content) : null;
    }
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      child.stdin.write(`${commit}\n`);
    });
  }

  close(): void {
    this.child?.stdin.end();
    this.child = null;
  }

  private start(): GitProcess {
    if (this.child) return this.child;
    const child = startGit(['cat-file', '--batch'], this.options);
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.drain();
    });
    child.ended.then(
      () => this.fail(new GitError('git cat-file --batch ended early', ['cat-file', '--batch'])),
      (e: Error) => this.fail(new GitError(`could not run git cat-file (${e.message})`, ['cat-file', '--batch'])),
    );
    this.child = child;
    return child;
  }
  private drain(): void {
    for (;;) {
      const nl = this.buffered.indexOf('\n');
      if (nl < 0 || this.waiting.length === 0) return;
      const head = this.buffered.subarray(0, nl).toString('utf8');
      if (head.endsWith(' missing')) {
        this.buffered = this.buffered.subarray(nl + 1);
        this.waiting.shift()!.resolve(null);
        continue;
      }
      const size = Number(head.split(' ')[2]);
      if (this.buffered.length < nl + 1 + size + 1) return;
      const body = Buffer.from(this.buffered.subarray(nl + 1, nl + 1 + size));
      this.buffered = this.buffered.subarray(nl + 1 + size + 1);
      this.waiting.shift()!.resolve(body);
    }
  }

  private fail(error: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}
