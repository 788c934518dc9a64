import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The lefthook a developer of this repository runs: its npm install first, then PATH. */
export function findLefthook(top: string, env: NodeJS.ProcessEnv): string | null {
  const local = join(top, 'node_modules', '.bin', 'lefthook');
  if (existsSync(local)) return local;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'lefthook');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * `lefthook install` writes a git hook for every hook in its config: without it, a hook the
 * config did not have before (prepare-commit-msg, say) never runs. Returns why it could not run,
 * or null when it did.
 */
export function runLefthookInstall(top: string, env: NodeJS.ProcessEnv): string | null {
  const bin = findLefthook(top, env);
  if (!bin)
    return (
      'lefthook is not installed here: run `lefthook install` (or `npx lefthook install`) so that ' +
      'it writes the hooks ai-attest added to its config'
    );
  const result = spawnSync(bin, ['install'], { cwd: top, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status === 0) return null;
  const why = (result.stderr || result.stdout || String(result.error ?? '')).trim().split('\n')[0];
  return `\`lefthook install\` failed (${why}): run it yourself so that it writes the hooks ai-attest added to its config`;
}
