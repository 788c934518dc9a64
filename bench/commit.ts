import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sideBySide, type BenchRow } from './lib/measure.js';
import { benchSandbox, cli, run } from './lib/sandbox.js';
import { hasTmux, timeToText } from './lib/terminal.js';

/** DESIGN.md budgets: added time per commit, as ms and as a multiple of one bare Node hook. */
const ADDED_BUDGET_MS = 130;
const FLOOR_RATIO_BUDGET = 2.0;
const PROMPT_BUDGET_MS = 250;

/**
 * Added wall time of a non-interactive, signed commit with all of ai-attest's hooks, against a
 * plain `git commit` in a repository without hooks, alternating the two.
 */
export async function bench(): Promise<BenchRow[]> {
  const box = benchSandbox();
  try {
    const plain = join(box.root, 'plain');
    const attested = join(box.root, 'attested');
    for (const dir of [plain, attested]) {
      mkdirSync(dir);
      run('git', ['init', '-q'], dir, box.env);
    }
    const init = cli(['init', '--yes'], attested, box.env);
    if (init.status !== 0) throw new Error(`ai-attest init failed: ${init.stderr}`);
    const env = { ...box.env, AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '40', AI_ATTEST_QUIET: '1' };
    const commit = (dir: string, i: number) => {
      writeFileSync(join(dir, `file${i % 10}.txt`), `change ${i}\n`);
      run('git', ['add', '-A'], dir, env);
      return () => run('git', ['commit', '-q', '-m', `change ${i}`], dir, env);
    };
    // Warm the file cache and the config cache before measuring.
    for (let i = 0; i < 3; i++) {
      commit(plain, i)();
      commit(attested, i)();
    }
    let pendingPlain: () => string = () => '';
    let pendingAttested: () => string = () => '';
    const runs = Number(process.env.BENCH_COMMITS ?? 25);
    const result = await sideBySide(
      runs,
      (i) => {
        pendingPlain = commit(plain, i + 3);
        return pendingPlain();
      },
      (i) => {
        pendingAttested = commit(attested, i + 3);
        return pendingAttested();
      },
    );
    // The staging step is inside the timed closures above; time it alone and take it out.
    const stage = await sideBySide(
      runs,
      (i) => commit(plain, i + 100),
      (i) => commit(attested, i + 100),
    );
    run('git', ['commit', '-q', '-m', 'tail'], plain, env);
    run('git', ['commit', '-q', '-m', 'tail'], attested, env);
    // The floor any Node-based hook pays: one commit-msg hook that only starts Node.
    const bare = join(box.root, 'bare-node-hook');
    mkdirSync(bare);
    run('git', ['init', '-q'], bare, box.env);
    writeFileSync(join(bare, '.git', 'hooks', 'commit-msg'), `#!/bin/sh\nexec "${process.execPath}" -e 0\n`, { mode: 0o755 });
    for (let i = 0; i < 3; i++) commit(bare, i)();
    const floor = await sideBySide(
      runs,
      (i) => commit(plain, i + 200)(),
      (i) => commit(bare, i + 200)(),
    );
    const floorStage = await sideBySide(
      runs,
      (i) => commit(plain, i + 300),
      (i) => commit(bare, i + 300),
    );
    const notes = run('git', ['notes', '--ref=ai-attest', 'list'], attested, env).trim().split('\n').length;
    const commits = Number(run('git', ['rev-list', '--count', 'HEAD'], attested, env).trim());
    const floorAdded = floor.subject - floorStage.subject - (floor.reference - floorStage.reference);
    const added = result.subject - stage.subject - (result.reference - stage.reference);
    const floorRatio = added / floorAdded;
    // The interactive path: from `git commit` on a terminal to the first question on it.
    const tmux = hasTmux();
    if (!tmux) process.stderr.write('bench: tmux is not installed: the prompt row is left out (apt-get install tmux).\n');
    const prompt = tmux
      ? await timeToText({
          dir: attested,
          env: box.env,
          scratch: box.root,
          command: "git commit -m 'asked'",
          text: 'Was AI used for this change?',
          runs: Number(process.env.BENCH_PROMPTS ?? 7),
          before: (i) => commit(attested, i + 400),
        })
      : null;
    const rows: BenchRow[] = [
      {
        name: 'git commit with one commit-msg hook that only runs `node -e 0` (the floor of any Node hook)',
        reference: 'plain git commit',
        referenceMs: floor.reference - floorStage.reference,
        subjectMs: floor.subject - floorStage.subject,
      },
      {
        name: `git commit, non-interactive, signed (${runs} runs, ${notes}/${commits} notes)`,
        reference: 'plain git commit',
        referenceMs: result.reference - stage.reference,
        subjectMs: result.subject - stage.subject,
        budgetMs: ADDED_BUDGET_MS,
        budgetOf: 'added',
        note:
          `added time = ${floorRatio.toFixed(2)}x the floor's added time; budget <= ${FLOOR_RATIO_BUDGET}x:` +
          ` ${floorRatio <= FLOOR_RATIO_BUDGET ? 'yes' : 'NO'}`,
      },
    ];
    if (prompt) {
      rows.push({
        name:
          `interactive: the first question appears on a terminal (tmux) after \`git commit\` (median of ${prompt.runs.length}:` +
          ` ${prompt.runs.map((t) => t.toFixed(0)).join(', ')} ms)`,
        reference: 'plain git commit',
        referenceMs: result.reference - stage.reference,
        subjectMs: prompt.median,
        budgetMs: PROMPT_BUDGET_MS,
        budgetOf: 'subject',
      });
    }
    return rows;
  } finally {
    box.cleanup();
  }
}
