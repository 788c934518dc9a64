import { spawn } from 'node:child_process';
import { GitError } from '../errors.js';
import { NOTES_REF } from '../core/model.js';

/** One commit as the read side sees it: identity, message and our note, from one git call. */
export interface CommitRecord {
  commit: string;
  tree: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Unix seconds. */
  authorTime: number;
  committerName: string;
  committerEmail: string;
  committerTime: number;
  message: string;
  /** Raw text of the commit's note under refs/notes/ai-attest ('' when none). */
  note: string;
}

const FIELDS = ['%H', '%T', '%P', '%an', '%ae', '%at', '%cn', '%ce', '%ct', '%B', '%N'];

export interface ReadRangeOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  notesRef?: string;
  /** Extra `git log` options, e.g. ['--first-parent'] or ['--max-count=1']. */
  logOptions?: string[];
}

/**
 * Streams the commits of `revisions` (a range like `v1..v2`, revisions, or `--all`) from ONE
 * `git log -z` call, trailers and notes together; records are yielded as they are parsed, so a
 * 100,000-commit history is never held in memory at once.
 */
export async function* readCommits(revisions: readonly string[], options: ReadRangeOptions): AsyncGenerator<CommitRecord> {
  const args = [
    '-c', 'core.hooksPath=/dev/null', '-c', 'log.showSignature=false', '-c', 'core.quotePath=false',
    'log', '-z', '--no-color', '--no-notes', `--notes=${options.notesRef ?? NOTES_REF}`,
    `--format=${FIELDS.join('%x00')}`, ...(options.logOptions ?? []), ...revisions, '--',
  ];
  const child = spawn('git', args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => stderr.push(c));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(new GitError(`could not run git (${e.message})`, args)));
    child.on('close', (code) => resolve(code ?? -1));
  });

  let tokens: string[] = [];
  let partial: Buffer[] = [];
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nul = chunk.indexOf(0, start); nul !== -1; nul = chunk.indexOf(0, start)) {
        partial.push(chunk.subarray(start, nul));
        tokens.push(Buffer.concat(partial).toString('utf8'));
        partial = [];
        start = nul + 1;
        if (tokens.length === FIELDS.length) {
          yield toRecord(tokens);
          tokens = [];
        }
      }
      if (start < chunk.length) partial.push(chunk.subarray(start));
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0) {
    const text = Buffer.concat(stderr).toString('utf8').trim().replace(/^fatal: /, '');
    throw new GitError(`git log ${revisions.join(' ')} failed: ${text || `exit ${code}`}. Check the range (e.g. v1.0..v2.0, main..HEAD).`, args, text, code);
  }
}

function toRecord(t: string[]): CommitRecord {
  return {
    commit: t[0]!,
    tree: t[1]!,
    parents: t[2] ? t[2].split(' ') : [],
    authorName: t[3]!,
    authorEmail: t[4]!,
    authorTime: Number(t[5]),
    committerName: t[6]!,
    committerEmail: t[7]!,
    committerTime: Number(t[8]),
    message: t[9]!,
    note: t[10]!,
  };
}

export async function collectCommits(revisions: readonly string[], options: ReadRangeOptions): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  for await (const record of readCommits(revisions, options)) out.push(record);
  return out;
}
