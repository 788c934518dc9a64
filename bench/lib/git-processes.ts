import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitProcesses {
  /** git processes started (every `start` event of git's trace2, nested ones included). */
  count: number;
  /** Their commands (`git` and its arguments), in the order they started. */
  commands: string[];
}

/**
 * Counts the git processes a command starts, itself and everything under it (a hook's git
 * calls too: hooks inherit GIT_TRACE2_EVENT), from git's own trace2 event stream. Only for a
 * run that is not timed: tracing costs each git process a few writes.
 */
export function countGitProcesses(runTraced: (env: NodeJS.ProcessEnv) => void, env: NodeJS.ProcessEnv): GitProcesses {
  const dir = mkdtempSync(join(tmpdir(), 'ai-attest-trace2-'));
  const file = join(dir, 'events.json');
  try {
    runTraced({ ...env, GIT_TRACE2_EVENT: file });
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // no git process wrote anything
    }
    const commands: string[] = [];
    for (const line of text.split('\n')) {
      if (!line.includes('"event":"start"')) continue;
      const event = JSON.parse(line) as { argv?: string[] };
      commands.push((event.argv ?? ['git']).join(' '));
    }
    return { count: commands.length, commands };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
