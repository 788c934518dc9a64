import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * commit-msg is not told whether this is `git commit --amend`, yet an amend has other parents
 * (HEAD's) and a different diff base. The git process that runs the hook knows: walk up a few
 * ancestors and read their command lines (/proc on Linux, `ps` elsewhere). It lives with the git
 * calls because it asks git (the running one) a question; it starts no git of its own.
 */
export function isAmendCommit(startPid = process.ppid): boolean {
  let pid = startPid;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    const info = processInfo(pid);
    if (!info) return false;
    const args = info.args;
    // The nearest git ancestor is the one committing (its argv may name an alias, not `commit`).
    if (/(^|\/)git$/.test(args[0] ?? '')) {
      const end = args.indexOf('--');
      return (end >= 0 ? args.slice(0, end) : args).includes('--amend');
    }
    pid = info.ppid;
  }
  return false;
}

function processInfo(pid: number): { args: string[]; ppid: number } | null {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in stat may hold spaces and parentheses: fields resume after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { args, ppid };
  } catch {
    try {
      const out = execFileSync('ps', ['-o', 'ppid=', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      const match = /^(\d+)\s+(.*)$/.exec(out);
      return match ? { ppid: Number(match[1]), args: match[2]!.split(/\s+/) } : null;
    } catch {
      return null;
    }
  }
}
