import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { countGitProcesses, type GitProcesses } from './lib/git-processes.js';
import { attestedHistory } from './lib/history.js';
import { median, timeIt, type BenchRow } from './lib/measure.js';
import type { RealHistory } from './lib/real-history.js';
import { cli, run } from './lib/sandbox.js';

/** DESIGN.md / issue 16: what the pre-push hook may add to `git push` of one new commit. */
const BUDGET_ADDED_MS = 150;
/** Hooked pushes whose git processes are counted (traced, untimed). */
const COUNTED_PUSHES = 3;

/**
 * `npm run bench -- prepush`: a real `git push` of one new commit to a local bare remote, with
 * and without the pre-push hook (verify of what is pushed, then the notes push), on the
 * 10,000-commit attested bench history; `prePushRows` does the same on the 80,000-commit one
 * (`npm run bench -- --large`).
 */
export async function bench(): Promise<BenchRow[]> {
  const commits = Number(process.env.BENCH_HISTORY ?? 10_000);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const history = await attestedHistory(commits);
  try {
    const remote = join(history.dir, '..', 'push-remote.git');
    run('git', ['clone', '-q', '--bare', '--shared', history.dir, remote], dirname(remote), history.env);
    noAutoGc([remote, history.dir], history.env);
    run('git', ['remote', 'add', 'origin', remote], history.dir, history.env);
    run('git', ['fetch', '-q', 'origin'], history.dir, history.env);
    return await pushRows(history.dir, history.env, `${commits.toLocaleString('en')} attested commits (with notes)`, runs);
  } finally {
    history.cleanup();
  }
}

/**
 * The same on the large real-shaped history as a team adopting ai-attest has it: a clone with
 * `ai-attest init` (adoption point at the old head) and the onboarding commit, pushing to a bare
 * remote that holds the whole old history.
 */
export async function prePushRows(history: RealHistory, runs: number): Promise<BenchRow[]> {
  const { env } = history;
  const root = dirname(env.HOME!);
  const dir = join(root, 'adopted-push');
  const remote = join(root, 'push-remote.git');
  run('git', ['clone', '-q', '--bare', '--shared', history.gitDir, remote], root, env);
  run('git', ['clone', '-q', '--shared', remote, dir], root, env);
  noAutoGc([remote, dir], env);
  const init = cli(['init', '--yes'], dir, env);
  if (init.status !== 0) throw new Error(`ai-attest init failed: ${init.stderr}`);
  run('git', ['add', '.ai-attest'], dir, env);
  run('git', ['commit', '-q', '-m', 'Add ai-attest'], dir, { ...env, AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' });
  return pushRows(dir, env, `${history.facts.commits.toLocaleString('en')}-commit real-shaped history, adopted`, runs);
}

/**
 * `dir` has the hooks installed and an `origin` that has its history. Each measured push
 * publishes one new commit made through the hooks; reference (`--no-verify`), floor (a pre-push
 * hook that only starts Node) and the hook alternate so machine noise hits all alike.
 */
async function pushRows(dir: string, env: NodeJS.ProcessEnv, label: string, runs: number): Promise<BenchRow[]> {
  const commitEnv = { ...env, AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '30', AI_ATTEST_QUIET: '1' };
  const pushEnv = { ...env, AI_ATTEST_QUIET: '1' };
  let n = 0;
  const commit = () => {
    n++;
    mkdirSync(join(dir, 'bench-push'), { recursive: true });
    writeFileSync(join(dir, 'bench-push', `change-${n}.ts`), `export const change${n} = ${n};\n`);
    run('git', ['add', 'bench-push'], dir, env);
    run('git', ['commit', '-q', '-m', `Push bench change ${n}`], dir, commitEnv);
  };
  const push = (extra: string[], e: NodeJS.ProcessEnv = pushEnv) => {
    const r = spawnSync('git', [...extra, 'push', '-q', 'origin', 'HEAD:refs/heads/main'], { cwd: dir, env: e, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git push ${extra.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r;
  };
  // Floors: a hook that only starts Node, and one that starts Node and then makes the second push
  // the notes need (one new commit object to a ref of its own: git's own work, nothing of ours).
  const floorHooks = hookDir(dir, 'floor-node', `exec "${process.execPath}" -e 0`);
  const secondPushHooks = hookDir(
    dir,
    'floor-node-push',
    `"${process.execPath}" -e 0 || exit 1\n` +
      'c=$(git commit-tree -p HEAD -m floor "HEAD^{tree}") || exit 1\n' +
      'exec git push -q --no-verify origin "$c:refs/bench-floor/$$"',
  );
  // A push without the hook leaves its commit's note unpublished; what sync does then (untimed),
  // so each measured hook publishes only its own commit's note, as on a team where every push has the hook.
  const publish = () => {
    const r = cli(['sync', 'origin'], dir, pushEnv);
    if (r.status !== 0) throw new Error(`ai-attest sync exited ${r.status}: ${r.stderr}`);
  };
  const plain = () => push(['-c', 'core.hooksPath=/dev/null']);
  const floor = () => push(['-c', `core.hooksPath=${floorHooks}`]);
  const secondPush = () => push(['-c', `core.hooksPath=${secondPushHooks}`]);
  const hooked = () => push([]);

  // The first hook run publishes every note the remote lacks (all of them), and the first one
  // trusting a given .ai-attest folder reads it from git: neither is what a push costs.
  for (let i = 0; i < 2; i++) {
    commit();
    hooked();
  }
  const ref: number[] = [];
  const bare: number[] = [];
  const twice: number[] = [];
  const sub: number[] = [];
  for (let i = 0; i < runs; i++) {
    commit();
    ref.push(await timeIt(plain));
    commit();
    bare.push(await timeIt(floor));
    commit();
    twice.push(await timeIt(secondPush));
    publish();
    commit();
    sub.push(await timeIt(hooked));
  }
  commit();
  const without = countGitProcesses((e) => push(['-c', 'core.hooksPath=/dev/null'], e), pushEnv);
  // Counted on several pushes: a count that differs says which path its notes push took.
  const counted: GitProcesses[] = [];
  for (let i = 0; i < COUNTED_PUSHES; i++) {
    publish();
    commit();
    counted.push(countGitProcesses((e) => push([], e), pushEnv));
  }
  const counts = [...new Set(counted.map((c) => c.count))];
  // Every count that differs is printed with its commands; all of them with BENCH_VERBOSE=1.
  const shown = process.env.BENCH_VERBOSE === '1' ? counted : counts.length > 1 ? counted : [];
  for (const c of shown) {
    process.stderr.write(
      `bench: ${c.count} git processes of git push with the hook (${label}), ${notesPath(c)}:\n  ${c.commands.join('\n  ')}\n`,
    );
  }
  const hookProcesses = counts.map((n) => n - without.count).join(' / ');
  const floorAdded = median(twice) - median(ref);
  return [
    {
      name: `(floor) git push of one new commit with a pre-push hook that only runs \`node -e 0\`, ${label}`,
      reference: 'git push, no hook',
      referenceMs: median(ref),
      subjectMs: median(bare),
    },
    {
      name: `(floor) the same with a hook that runs \`node -e 0\`, then pushes one new commit to a ref of its own, ${label}`,
      reference: 'git push, no hook',
      referenceMs: median(ref),
      subjectMs: median(twice),
    },
    {
      name:
        `git push of one new commit with the pre-push hook (verify + notes push), ${label}; ` +
        `git processes: ${counts.join(' / ')} (push alone ${without.count}, the hook ${hookProcesses}; ${COUNTED_PUSHES} pushes counted)`,
      reference: 'git push, no hook',
      referenceMs: median(ref),
      subjectMs: median(sub),
      budgetMs: BUDGET_ADDED_MS,
      budgetOf: 'added',
      note:
        `floors: +${(median(bare) - median(ref)).toFixed(0)} ms (Node), +${floorAdded.toFixed(0)} ms (Node and a second push); ` +
        `${((median(sub) - median(ref)) / floorAdded).toFixed(2)}x the second`,
    },
  ];
}

/**
 * git's own `gc --auto` off in the bench's remote and clone. Every push makes the remote's
 * receive-pack start one (counted either way); when it finds work, it detaches a repack,
 * pack-refs, reflog expiry and prune, which the trace counts or not as they finish before it is
 * read, and which load the machine during the next timed push: maintenance of git's at a time of
 * its own, not what a push costs. The `gc --auto` process itself still runs (and is counted).
 */
function noAutoGc(repos: readonly string[], env: NodeJS.ProcessEnv): void {
  for (const repo of repos) run('git', ['config', 'gc.auto', '0'], repo, env);
}

/** Which path the hook's notes push took, from its git commands. */
function notesPath(p: GitProcesses): string {
  if (p.commands.some((c) => / fetch .*refs\/notes\//.test(c))) return "sync's rounds (fetch, merge, push)";
  if (p.commands.some((c) => / ls-tree -r .*refs\/notes\//.test(c))) return "sync's push (the notes listed)";
  if (p.commands.some((c) => / gc --auto/.test(c)) && p.commands.some((c) => / repack /.test(c))) return "the fast path, and git's gc";
  return 'the fast path';
}

function hookDir(dir: string, name: string, body: string): string {
  const hooks = join(dirname(dir), `${name}-hooks-${process.pid}`);
  mkdirSync(hooks, { recursive: true });
  writeFileSync(join(hooks, 'pre-push'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(hooks, 'pre-push'), 0o755);
  return hooks;
}
