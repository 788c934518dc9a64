import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, sideBySide, timeIt, type BenchRow } from './lib/measure.js';
import { benchSandbox, cli, run } from './lib/sandbox.js';
import type { DetailContribution } from '../src/detail/types.js';

/**
 * The detail tier's cost. Sealing (redaction with secretlint, encryption with openpgp.js) runs
 * when the agent's turn ends, in capture's process: measured as a whole Node process sealing a
 * 200-turn session, against a bare Node start. At commit time the hook only selects and hashes
 * the sealed parts: measured as a signed commit of a sensitive file with a sealed 200-turn part
 * buffered, against the same commit in a repository without the tier (budget: +50 ms).
 */
const COMMIT_ADDED_BUDGET_MS = 50;
const CHILD_ENV = 'AI_ATTEST_BENCH_SEAL_CHILD';

function session(turns: number, file: string): DetailContribution {
  const list: DetailContribution['turns'] = [];
  for (let i = 0; i < turns; i++) {
    list.push({
      role: 'user',
      text:
        `Turn ${i}: refactor ${file}; keep the API and add tests for the token path.\n` +
        `${'Context line of the file being edited. '.repeat(8)}`,
      id: `u${i}`,
    });
    list.push({
      role: 'assistant',
      text: `Changed ${file}: validate the token before use (step ${i}).\n${'export function step() { return 1; }\n'.repeat(6)}`,
      id: `msg_${i}`,
    });
  }
  const t = new Date(Date.UTC(2026, 10, 28)).toISOString();
  return {
    tool: 'claude-code',
    model: 'claude-sonnet-4-5-20250929',
    via: 'cli-agent',
    session: 'bench',
    requestIds: ['req_bench'],
    startedAt: t,
    endedAt: t,
    files: [file],
    turns: list,
    outputs: [{ kind: 'write', file, content: 'export const x = 1;\n'.repeat(40) }],
  };
}

async function sealChild(): Promise<void> {
  const { submitContribution } = await import('../src/detail/index.js');
  const [cwd, gitDir, file] = JSON.parse(process.env[CHILD_ENV]!) as [string, string, string];
  const result = await submitContribution(session(200, file), { cwd, gitDir, key: `bench-${Date.now()}-${Math.random()}` });
  if (result.status !== 'sealed') throw new Error(result.reason);
}

async function recipientKey(): Promise<string> {
  const pgp = await import('openpgp');
  const { publicKey } = await pgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Bench Compliance', email: 'compliance@example.com' }],
    format: 'armored',
  });
  return publicKey;
}

export async function bench(): Promise<BenchRow[]> {
  if (process.env[CHILD_ENV]) {
    await sealChild();
    process.exit(0);
  }
  const box = benchSandbox();
  try {
    const plain = join(box.root, 'no-tier');
    const tier = join(box.root, 'tier');
    const key = await recipientKey();
    for (const dir of [plain, tier]) {
      mkdirSync(dir);
      run('git', ['init', '-q'], dir, box.env);
      const init = cli(['init', '--yes'], dir, box.env);
      if (init.status !== 0) throw new Error(`ai-attest init failed: ${init.stderr}`);
    }
    mkdirSync(join(tier, '.ai-attest', 'recipients'), { recursive: true });
    writeFileSync(join(tier, '.ai-attest', 'recipients', 'compliance.asc'), key);
    const env = { ...box.env, AI_ATTEST_TOOLS: 'claude-code:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '90', AI_ATTEST_QUIET: '1' };
    for (const dir of [plain, tier]) {
      run('git', ['add', '-A'], dir, env);
      run('git', ['commit', '-q', '-m', 'setup'], dir, { ...env, AI_ATTEST_TOOLS: 'none' });
    }
    const script = process.argv[1]!;
    const seal = (i: number) => {
      const child = { ...box.env, [CHILD_ENV]: JSON.stringify([tier, join(tier, '.git'), `src/auth/file${i % 10}.ts`]) };
      run(process.execPath, [script, 'detail'], tier, child);
    };
    const runs = Number(process.env.BENCH_COMMITS ?? 15);
    const sealing = await sideBySide(
      runs,
      () => run(process.execPath, ['-e', '0'], tier, box.env),
      (i) => seal(i),
    );

    // The commit: a sealed 200-turn part waits for the file (sealed before the clock starts).
    const commitTimes = { plain: [] as number[], tier: [] as number[] };
    for (let i = 0; i < runs; i++) {
      const file = `src/auth/file${i % 10}.ts`;
      seal(i);
      for (const [dir, list] of [
        [plain, commitTimes.plain],
        [tier, commitTimes.tier],
      ] as const) {
        mkdirSync(join(dir, 'src', 'auth'), { recursive: true });
        writeFileSync(join(dir, file), `export const v = ${i};\n`);
        run('git', ['add', '-A'], dir, env);
        list.push(await timeIt(() => run('git', ['commit', '-q', '-m', `change ${i}`], dir, env)));
      }
    }
    const filed = spawnSync('git', ['notes', '--ref=ai-attest-detail', 'show', 'HEAD'], { cwd: tier, env, encoding: 'utf8' });
    if (filed.status !== 0 || !filed.stdout.includes('"ai-attest-detail"')) throw new Error('the benchmark commit filed no detail record');
    return [
      {
        name: "detail: seal a 200-turn session (redact + encrypt, at the agent's Stop)",
        reference: 'node -e 0',
        referenceMs: sealing.reference,
        subjectMs: sealing.subject,
        note: 'off the commit path',
      },
      {
        name: 'detail: signed commit binding a sealed 200-turn record',
        reference: 'same commit, no detail tier',
        referenceMs: median(commitTimes.plain),
        subjectMs: median(commitTimes.tier),
        budgetMs: COMMIT_ADDED_BUDGET_MS,
        budgetOf: 'added',
      },
    ];
  } finally {
    box.cleanup();
  }
}
