import { spawn } from 'node:child_process';
import { NOTES_REF } from '../src/core/model.js';
import { COMMIT_FIELDS } from '../src/git/log.js';
import type { RealHistory } from './lib/real-history.js';
import { drainGit, run } from './lib/sandbox.js';

/**
 * git's own work for reading a never-adopted history, which no read command can go below: the
 * log the command reads (messages and notes) and every two-parent merge recomputed by one
 * `git merge-tree --stdin` (the commands spread it over their batches), side by side with
 * whatever else the command reads (`alongside`, e.g. report's numstat log).
 */
export function neverAdoptedFloor(history: RealHistory): (alongside?: string[][]) => Promise<unknown> {
  const { gitDir, env, range } = history;
  const pairs = run('git', ['rev-list', '--min-parents=2', '--max-parents=2', '--parents', ...range], gitDir, env)
    .split('\n')
    .filter(Boolean)
    .map((line) => `${line.split(' ').slice(1, 3).join(' ')}\n`)
    .join('');
  const log = ['log', '-z', '--no-color', '--no-notes', `--notes=${NOTES_REF}`, `--format=${COMMIT_FIELDS.join('%x00')}`, ...range, '--'];
  return (alongside = []) =>
    Promise.all([
      drainGit(log, gitDir, env),
      ...alongside.map((args) => drainGit(args, gitDir, env)),
      drainGitWithInput(['merge-tree', '--write-tree', '--no-messages', '-z', '--stdin'], pairs, gitDir, env),
    ]);
}

function drainGitWithInput(args: string[], input: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args.join(' ')} exited ${code}`))));
    child.stdin.end(input);
  });
}
