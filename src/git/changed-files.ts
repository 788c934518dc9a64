import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { GitError } from '../errors.js';
import { git, gitFailure, spawnGitRunner, startGit, type GitOptions, type GitProcess } from './run.js';

export interface ChangedFilesRequest {
  commit: string;
  /** The commit to compare against (first parent); null for a root commit. */
  base: string | null;
}

const DIFF_TREE = ['diff-tree', '--stdin', '--root', '-r', '--name-only', '-z', '--no-renames'];

/**
 * Files each commit changes against its base, for many commits from one `git diff-tree
 * --stdin` call. After each commit's line goes one that is not an object id, which diff-tree
 * prints back as it is: it ends that commit's answer, so a commit git prints nothing for (no
 * change, an object this clone lacks) cannot shift the answers after it onto other commits, and
 * a path that looks like a commit id stays a path. The marker carries a random nonce: no path
 * in the repository can be taken for it.
 */
export async function changedFiles(requests: readonly ChangedFilesRequest[], options: GitOptions): Promise<Map<string, string[]>> {
  if (requests.length === 0) return new Map();
  const marker = newMarker();
  const out = await git(DIFF_TREE, { ...options, input: inputOf(requests, marker) });
  const result = new Map<string, string[]>();
  let rest = out;
  for (const request of requests) {
    const cut = nextAnswer(rest, marker);
    if (!cut) throw answerMissing(request);
    result.set(request.commit, filesOf(request, cut.answer));
    rest = cut.rest;
  }
  return result;
}

/**
 * changedFiles for batch after batch, from one `git diff-tree --stdin` kept open: verify and
 * report ask once per batch of commits, and every process costs the main thread a fork of
 * itself (about 8 ms of CPU for a process of 200 MB here). A runner that cannot keep a process
 * (a fake) answers each batch with changedFiles.
 */
export class ChangedFilesReader {
  private child: GitProcess | null = null;
  private readonly marker = newMarker();
  private readonly decoder = new StringDecoder('utf8');
  private text = '';
  private readonly waiting: Array<{
    requests: readonly ChangedFilesRequest[];
    files: Map<string, string[]>;
    resolve(files: Map<string, string[]>): void;
    reject(error: Error): void;
  }> = [];

  constructor(private readonly options: GitOptions) {}

  read(requests: readonly ChangedFilesRequest[]): Promise<Map<string, string[]>> {
    if (requests.length === 0) return Promise.resolve(new Map());
    if (!(this.options.git ?? spawnGitRunner).start) return changedFiles(requests, this.options);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.waiting.push({ requests, files: new Map(), resolve, reject });
      child.stdin.write(inputOf(requests, this.marker));
    });
  }

  /** Ends git once its answers are in (it exits at the end of its input). */
  close(): void {
    this.child?.stdin.end();
    this.child = null;
  }

  private start(): GitProcess {
    if (this.child) return this.child;
    const child = startGit(DIFF_TREE, this.options);
    // A git that died is reported through `ended`; writing to it must not throw on its own.
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      this.text += this.decoder.write(chunk);
      this.drain();
    });
    const gone = () => {
      if (this.child === child) this.child = null;
    };
    child.ended.then(gone, gone);
    child.ended.then(
      (ended) =>
        this.fail(
          ended.status === 0
            ? new GitError('git diff-tree --stdin ended early', DIFF_TREE)
            : gitFailure(DIFF_TREE, ended.stderr, ended.status),
        ),
      (error: Error) => this.fail(new GitError(`could not run git diff-tree (${error.message})`, DIFF_TREE)),
    );
    this.child = child;
    return child;
  }

  private drain(): void {
    while (this.waiting.length) {
      const cut = nextAnswer(this.text, this.marker);
      if (!cut) return;
      this.text = cut.rest;
      const batch = this.waiting[0]!;
      const request = batch.requests[batch.files.size]!;
      try {
        batch.files.set(request.commit, filesOf(request, cut.answer));
      } catch (error) {
        this.waiting.shift();
        batch.reject(error as Error);
        continue;
      }
      if (batch.files.size < batch.requests.length) continue;
      this.waiting.shift();
      batch.resolve(batch.files);
    }
  }

  private fail(error: Error): void {
    for (const batch of this.waiting.splice(0)) batch.reject(error);
  }
}

function newMarker(): string {
  return `ai-attest-end-${randomBytes(12).toString('hex')}\n`;
}

function inputOf(requests: readonly ChangedFilesRequest[], marker: string): string {
  return requests.map((r) => (r.base ? `${r.commit} ${r.base}\n${marker}` : `${r.commit}\n${marker}`)).join('');
}

/** One commit's answer (up to its marker, which stands at the start or after a NUL), and what follows. */
function nextAnswer(text: string, marker: string): { answer: string; rest: string } | null {
  let at = text.indexOf(marker);
  while (at > 0 && text[at - 1] !== '\0') at = text.indexOf(marker, at + 1);
  return at < 0 ? null : { answer: text.slice(0, at), rest: text.slice(at + marker.length) };
}

/** `<commit>\0<path>\0...`, or nothing when git found no change. */
function filesOf(request: ChangedFilesRequest, answer: string): string[] {
  if (!answer) return [];
  const tokens = answer.split('\0');
  if (tokens[0] !== request.commit || tokens[tokens.length - 1] !== '') throw answerMissing(request);
  return tokens.slice(1, -1);
}

function answerMissing(request: ChangedFilesRequest): GitError {
  return new GitError(`git diff-tree did not answer for ${request.commit} as asked`, DIFF_TREE);
}
