// @module-tag git
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * A synthetic history made through the real hooks, with every expected number tallied here
 * from what was committed: a root commit, AI commits with one and two tools, no-AI, undeclared
 * and unattested commits, a rename, a binary file, an empty commit, a merge and a forged copy
 * of an attestation. The report is read back in every format.
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

const SONNET = 'claude-code:claude-sonnet-4-5-20250929';
const OPUS = 'claude-code:claude-opus-4-1-20250805';
const COPILOT = 'copilot:gpt-4.1-2025-04-14';
const CODEX = 'codex:gpt-5-codex';
const DEV = { name: 'Test Dev', email: 'dev@example.com' };
const ALICE = { name: 'Alice', email: 'alice@example.com' };
const BOB = { name: 'Bob', email: 'bob@example.com' };

type State = 'used' | 'none' | 'undeclared' | 'unattested' | 'rejected' | 'exempt';
interface Expected {
  subject: string;
  state: State;
  lines: number;
  share: number;
  tools: string[];
  author: string;
  binary: number;
  week: string;
}

const ledger: Expected[] = [];
const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i}`).join('\n') + '\n';

interface CommitSpec {
  subject: string;
  date: string;
  week: string;
  who?: { name: string; email: string };
  /** TOOL:MODEL list, 'none', or absent (no answers, no terminal), or 'skip' (AI_ATTEST=0). */
  tools?: string;
  share?: number;
  state: State;
  lines: number;
  binary?: number;
  args?: string[];
}

function commit(repo: Repo, spec: CommitSpec): void {
  const who = spec.who ?? DEV;
  const env: NodeJS.ProcessEnv = {
    ...repo.env,
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_AUTHOR_DATE: spec.date,
    GIT_COMMITTER_DATE: spec.date,
  };
  if (spec.tools === 'skip') env.AI_ATTEST = '0';
  else if (spec.tools) env.AI_ATTEST_TOOLS = spec.tools;
  if (spec.share !== undefined) env.AI_ATTEST_PROPORTION = String(spec.share);
  // detached: a new session without a controlling terminal, so the hook cannot prompt.
  const options = {
    cwd: repo.dir,
    env,
    encoding: 'utf8' as const,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'] as Array<'ignore' | 'pipe'>,
  };
  const r = spawnSync('git', spec.args ?? ['commit', '-q', '-m', spec.subject], options);
  expect(r.status, r.stderr).toBe(0);
  const tools = spec.tools && !['none', 'skip'].includes(spec.tools) ? spec.tools.split(',').map((t) => t.split(':')[0]!) : [];
  ledger.push({
    subject: spec.subject,
    state: spec.state,
    lines: spec.lines,
    share: spec.share ?? 0,
    tools,
    author: who.email,
    binary: spec.binary ?? 0,
    week: spec.week,
  });
}

function setup(repo: Repo): void {
  const init = repo.cli(['init', '--yes']);
  expect(init.status, init.stderr).toBe(0);
  const configPath = join(repo.dir, '.ai-attest', 'config.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  // Alice and Bob commit with the one test key: the policy accepts it for them.
  config.policy.identities = { [ALICE.email]: [DEV.email], [BOB.email]: [DEV.email] };
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  repo.write('README.md', '# test\n');
  repo.git(['add', '-A']);
}

/** Lines of every tracked file: what the root commit adds. */
function trackedLines(repo: Repo): number {
  return repo
    .git(['ls-files', '-z'])
    .split('\0')
    .filter(Boolean)
    .reduce((n, f) => n + (readFileSync(join(repo.dir, f), 'utf8').match(/\n/g)?.length ?? 0), 0);
}

const repo = makeRepo(sandbox, 'main-repo');
const other = makeRepo(sandbox, 'other-repo');
const otherLedger: Expected[] = [];

beforeAll(() => {
  setup(repo);
  commit(repo, {
    subject: 'root',
    date: '2025-03-03T10:00:00Z',
    week: '2025-W10',
    tools: 'none',
    state: 'none',
    lines: trackedLines(repo),
  });
  repo.write('src/app.ts', lines(10, 'app'));
  repo.git(['add', '-A']);
  commit(repo, { subject: 'app', date: '2025-03-04T10:00:00Z', week: '2025-W10', tools: SONNET, share: 40, state: 'used', lines: 10 });
  repo.write('src/auth/login.ts', lines(5, 'login'));
  repo.git(['add', '-A']);
  commit(repo, {
    subject: 'login',
    date: '2025-03-05T10:00:00Z',
    week: '2025-W10',
    who: ALICE,
    tools: `${COPILOT},${SONNET}`,
    share: 80,
    state: 'used',
    lines: 5,
  });
  repo.write('src/app.ts', lines(10, 'app').replace('app line 2\n', 'APP 2\n').replace('app line 5\n', 'APP 5\n'));
  repo.git(['add', '-A']);
  commit(repo, { subject: 'human edit', date: '2025-03-06T10:00:00Z', week: '2025-W10', who: BOB, tools: 'none', state: 'none', lines: 4 });
  repo.write('docs/notes.md', lines(3, 'note'));
  repo.git(['add', '-A']);
  commit(repo, { subject: 'gui commit', date: '2025-03-11T10:00:00Z', week: '2025-W11', state: 'undeclared', lines: 3 });
  repo.write('src/auth/token.ts', lines(4, 'token'));
  repo.git(['add', '-A']);
  commit(repo, {
    subject: 'hooks skipped',
    date: '2025-03-12T09:00:00Z',
    week: '2025-W11',
    who: ALICE,
    tools: 'skip',
    state: 'unattested',
    lines: 4,
  });
  repo.git(['mv', 'src/app.ts', 'src/main-app.ts']);
  repo.write('src/main-app.ts', readFileSync(join(repo.dir, 'src/main-app.ts'), 'utf8').replace('app line 9\n', 'app line nine\n'));
  repo.git(['add', '-A']);
  commit(repo, { subject: 'rename', date: '2025-03-12T10:00:00Z', week: '2025-W11', tools: CODEX, share: 100, state: 'used', lines: 2 });
  repo.write('assets/logo.png', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000binary');
  repo.write('assets/logo.txt', lines(2, 'logo'));
  repo.git(['add', '-A']);
  commit(repo, {
    subject: 'binary',
    date: '2025-03-13T10:00:00Z',
    week: '2025-W11',
    tools: SONNET,
    share: 50,
    state: 'used',
    lines: 2,
    binary: 1,
  });
  commit(repo, {
    subject: 'empty',
    date: '2025-03-17T10:00:00Z',
    week: '2025-W12',
    tools: 'none',
    state: 'none',
    lines: 0,
    args: ['commit', '-q', '--allow-empty', '-m', 'empty'],
  });
  repo.git(['checkout', '-q', '-b', 'topic']);
  repo.write('topic.txt', lines(6, 'topic'));
  repo.git(['add', '-A']);
  commit(repo, {
    subject: 'topic',
    date: '2025-03-18T09:00:00Z',
    week: '2025-W12',
    who: BOB,
    tools: OPUS,
    share: 30,
    state: 'used',
    lines: 6,
  });
  repo.git(['checkout', '-q', 'main']);
  repo.write('a, "q"/b.txt', lines(1, 'b'));
  repo.git(['add', '-A']);
  commit(repo, { subject: 'odd folder', date: '2025-03-18T10:00:00Z', week: '2025-W12', tools: 'none', state: 'none', lines: 1 });
  commit(repo, {
    subject: "Merge branch 'topic'",
    date: '2025-03-18T11:00:00Z',
    week: '2025-W12',
    state: 'exempt',
    lines: 0,
    args: ['merge', '-q', '--no-ff', '--no-edit', 'topic'],
  });
  // A forged attestation: the "app" commit's signed trailers, with the share raised, on another change.
  const appId = repo.git(['log', '--format=%H', '--grep=^app$']).trim();
  const stolen = repo
    .git(['log', '-1', '--format=%B', appId])
    .replace(/^(Ai-Attest: v2 used) share=40/m, '$1 share=90')
    .replace(/^app/, 'forged');
  writeFileSync(join(sandbox.root, 'forged-msg'), stolen);
  repo.write('forged.txt', lines(3, 'forged'));
  repo.git(['add', '-A']);
  commit(repo, {
    subject: 'forged',
    date: '2025-03-19T10:00:00Z',
    week: '2025-W12',
    tools: 'skip',
    state: 'rejected',
    lines: 3,
    args: ['commit', '-q', '--no-verify', '-F', join(sandbox.root, 'forged-msg')],
  });

  setup(other);
  const root = trackedLines(other);
  commit(other, { subject: 'root', date: '2025-03-04T08:00:00Z', week: '2025-W10', tools: 'none', state: 'none', lines: root });
  otherLedger.push(ledger.pop()!);
  other.write('lib.ts', lines(20, 'lib'));
  other.git(['add', '-A']);
  commit(other, { subject: 'lib', date: '2025-03-05T08:00:00Z', week: '2025-W10', tools: COPILOT, share: 25, state: 'used', lines: 20 });
  otherLedger.push(ledger.pop()!);
}, 120_000);

/** Expected numbers, from the ledger only. */
function expected(rows: Expected[]) {
  const states: Record<State, number> = { used: 0, none: 0, undeclared: 0, unattested: 0, rejected: 0, exempt: 0 };
  const lineStates: Record<State, number> = { used: 0, none: 0, undeclared: 0, unattested: 0, rejected: 0, exempt: 0 };
  let aiWeighted = 0;
  const tools = new Map<string, { commits: number; ai: number }>();
  for (const r of rows) {
    states[r.state]++;
    lineStates[r.state] += r.lines;
    if (r.state !== 'used') continue;
    const w = (r.lines * r.share) / 100;
    aiWeighted += w;
    for (const t of new Set(r.tools)) {
      const e = tools.get(t) ?? { commits: 0, ai: 0 };
      e.commits++;
      e.ai += w / new Set(r.tools).size;
      tools.set(t, e);
    }
  }
  const changed = rows.reduce((n, r) => n + r.lines, 0);
  const inScope = rows.length - states.exempt;
  return { states, lineStates, aiWeighted, tools, changed, inScope, total: rows.length, binary: rows.reduce((n, r) => n + r.binary, 0) };
}

function reportJson(args: string[] = []): any {
  const r = repo.cli(['report', 'HEAD', '--format', 'json', ...args]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** The documented shape of ai-attest/report@2 (docs/report.md), checked field by field. */
function expectSummaryShape(s: any): void {
  const num = expect.any(Number);
  const ratio = (v: unknown) => v === null || (typeof v === 'number' && v >= 0 && v <= 1);
  const states = { used: num, none: num, undeclared: num, unattested: num, rejected: num, exempt: num };
  expect(s).toMatchObject({
    commits: { total: num, merges: num, byState: states, inScope: num },
    lines: { added: num, deleted: num, changed: num, binaryFiles: num, byState: states, inScope: num, aiWeighted: num },
    verification: {
      checkedBy: expect.any(String),
      byStatus: { ok: num, carried: num, exempt: num, warn: num, fail: num },
      failures: expect.any(Array),
      moreFailures: num,
    },
    byTool: expect.any(Array),
    byModel: expect.any(Array),
    byVia: expect.any(Array),
    byFolder: expect.any(Array),
    authors: {
      test: { name: expect.any(String), alternative: 'two-sided', alpha: 0.05, correction: 'holm', minSample: num, minExpected: num },
      rows: expect.any(Array),
    },
    sensitive: { aiCommits: num, unknownCommits: num, byCategory: expect.any(Array), byFolder: expect.any(Array) },
    timeline: { granularity: expect.stringMatching(/^(week|month)$/), buckets: expect.any(Array) },
    capture: { commits: num, models: expect.any(Array), authors: expect.any(Array) },
  });
  for (const v of [
    s.commits.aiShare,
    s.commits.aiShareOfDeclared,
    s.commits.attestationRate,
    s.lines.aiWeightedShare,
    s.lines.unknownShare,
  ])
    expect(ratio(v)).toBe(true);
  for (const g of [...s.byTool, ...s.byModel, ...s.byVia]) {
    expect(Object.keys(g).sort()).toEqual([
      'aiWeightedLines',
      'changedLines',
      'commits',
      'key',
      'related',
      'sensitiveCommits',
      'shareOfAiCommits',
    ]);
  }
  for (const a of s.authors.rows) {
    expect(a).toMatchObject({
      email: expect.any(String),
      name: expect.any(String),
      commits: num,
      inScope: num,
      attested: num,
      declared: num,
      aiCommits: num,
      flags: expect.any(Array),
    });
    for (const t of [a.attestationTest, a.aiTest]) {
      if (t.tested)
        expect(t).toMatchObject({
          x: num,
          n: num,
          rate: num,
          restX: num,
          restN: num,
          restRate: num,
          z: num,
          p: num,
          threshold: num,
          significant: expect.any(Boolean),
        });
      else expect(t).toEqual({ tested: false, reason: expect.any(String) });
    }
  }
  for (const b of s.timeline.buckets) {
    expect(b).toMatchObject({
      start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      label: expect.any(String),
      commits: num,
      byState: states,
      changedLines: num,
      aiWeightedLines: num,
    });
  }
}

describe('report --format json on a known history', () => {
  let report: any;
  beforeAll(() => {
    report = reportJson();
  });

  it('follows the documented schema', () => {
    expect(report).toMatchObject({
      schema: 'ai-attest/report@2',
      range: ['HEAD'],
      generatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    expect(report.repositories).toHaveLength(1);
    expect(report.repositories[0].name).toBe('main-repo');
    expectSummaryShape(report.totals);
  });

  it('counts commits by attestation, forged and merged ones apart', () => {
    const e = expected(ledger);
    const c = report.totals.commits;
    expect(c.total).toBe(e.total);
    expect(c.merges).toBe(1);
    expect(c.byState).toEqual(e.states);
    expect(c.inScope).toBe(e.inScope);
    expect(c.aiShare).toBeCloseTo(e.states.used / e.inScope, 10);
    expect(c.aiShareOfDeclared).toBeCloseTo(e.states.used / (e.states.used + e.states.none), 10);
    expect(c.attestationRate).toBeCloseTo((e.states.used + e.states.none + e.states.undeclared) / e.inScope, 10);
  });

  it('weights changed lines by the declared share; binaries and merges add no lines', () => {
    const e = expected(ledger);
    const l = report.totals.lines;
    expect(l.changed).toBe(e.changed);
    expect(l.byState).toEqual(e.lineStates);
    expect(l.binaryFiles).toBe(e.binary);
    expect(l.aiWeighted).toBeCloseTo(e.aiWeighted, 6);
    expect(l.aiWeightedShare).toBeCloseTo(e.aiWeighted / (e.changed - e.lineStates.exempt), 10);
    expect(l.unknownShare).toBeCloseTo((e.lineStates.undeclared + e.lineStates.unattested + e.lineStates.rejected) / e.changed, 10);
  });

  it('never counts the forged claims, and lists the failure', () => {
    const v = report.totals.verification;
    expect(v.byStatus.exempt).toBe(1);
    const forged = v.failures.find((f: any) => f.subject === 'forged');
    expect(forged.reasons.join(' ')).toMatch(/signature|binding/);
    // The forged commit claims 90% AI on 3 lines: none of that is in the totals.
    expect(report.totals.byTool.find((g: any) => g.key === 'claude-code').commits).toBe(expected(ledger).tools.get('claude-code')!.commits);
  });

  it('breaks AI commits down by tool, model and integration path', () => {
    const e = expected(ledger);
    const t = report.totals;
    for (const [tool, x] of e.tools) {
      const row = t.byTool.find((g: any) => g.key === tool);
      expect(row, tool).toMatchObject({ commits: x.commits });
      expect(row.aiWeightedLines).toBeCloseTo(x.ai, 2);
      expect(row.shareOfAiCommits).toBeCloseTo(x.commits / e.states.used, 10);
    }
    const models = Object.fromEntries(t.byModel.map((g: any) => [g.key, g.commits]));
    expect(models).toEqual({ 'claude-sonnet-4-5-20250929': 3, 'gpt-4.1-2025-04-14': 1, 'gpt-5-codex': 1, 'claude-opus-4-1-20250805': 1 });
    const via = Object.fromEntries(t.byVia.map((g: any) => [g.key, g.commits]));
    expect(via).toEqual({ 'cli-agent': 5, 'ide-plugin': 1 });
    expect(t.byTool.find((g: any) => g.key === 'copilot').related).toEqual(['gpt-4.1-2025-04-14']);
  });

  it('reports sensitive paths from attestations, and unattested changes to them from the config', () => {
    const s = report.totals.sensitive;
    expect(s.aiCommits).toBe(1);
    expect(s.unknownCommits).toBe(1);
    expect(s.byCategory).toEqual([{ category: 'security-controls', aiCommits: 1, aiFiles: 1, humanOnlyCommits: 0, unknownCommits: 1 }]);
    expect(s.byFolder).toEqual([{ folder: 'src', aiCommits: 1, categories: ['security-controls'] }]);
    expect(report.totals.byTool.find((g: any) => g.key === 'copilot').sensitiveCommits).toBe(1);
  });

  it('buckets the timeline by ISO week of the author date', () => {
    const t = report.totals.timeline;
    expect(t.granularity).toBe('week');
    const weeks = new Map<string, number>();
    for (const r of ledger) weeks.set(r.week, (weeks.get(r.week) ?? 0) + 1);
    expect(t.buckets.map((b: any) => [b.label, b.commits])).toEqual([...weeks]);
    expect(t.buckets[0].start).toBe('2025-03-03');
    const w12 = ledger.filter((r) => r.week === '2025-W12');
    expect(t.buckets[2].byState.exempt).toBe(w12.filter((r) => r.state === 'exempt').length);
    expect(t.buckets[2].changedLines).toBe(w12.reduce((n, r) => n + r.lines, 0));
  });

  it('counts authors against their peers, and does not test samples too small to test', () => {
    const rows = report.totals.authors.rows;
    for (const who of [DEV, ALICE, BOB]) {
      const mine = ledger.filter((r) => r.author === who.email);
      const row = rows.find((a: any) => a.email === who.email);
      const inScope = mine.filter((r) => r.state !== 'exempt').length;
      expect(row).toMatchObject({
        commits: mine.length,
        inScope,
        attested: mine.filter((r) => ['used', 'none', 'undeclared'].includes(r.state)).length,
        aiCommits: mine.filter((r) => r.state === 'used').length,
        flags: [],
      });
      expect(row.attestationTest).toEqual({ tested: false, reason: 'fewer than 10 observations' });
    }
  });

  it('says there is no captured data', () => {
    expect(report.totals.capture).toMatchObject({ commits: 0, models: [], authors: [] });
  });
});

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

describe('CSV', () => {
  const runs: Record<string, { status: number | null; stdout: string; stderr: string }> = {};
  beforeAll(async () => {
    const [folder, tool, author] = await Promise.all([
      cliAsync(['report', 'HEAD', '--format', 'csv', '--by', 'folder']),
      cliAsync(['report', 'HEAD', '--format', 'csv']),
      cliAsync(['report', 'HEAD', '--format', 'csv', '--by', 'author']),
    ]);
    Object.assign(runs, { folder, tool, author });
  });

  it('quotes a folder with commas and quotes, and reads back to the same numbers', () => {
    const r = runs.folder!;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('"a, ""q"""');
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual(['repository', 'folder', 'commits', 'changed_lines', 'ai_weighted_lines', 'ai_weighted_share']);
    const odd = rows.find((row) => row[1] === 'a, "q"')!;
    expect(odd).toEqual(['main-repo', 'a, "q"', '1', '1', '0', '0']);
    const total = rows.reduce((n, row) => n + Number(row[3]), 0);
    expect(total).toBe(expected(ledger).changed);
  });

  it('writes one row per tool by default', () => {
    const r = runs.tool!;
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header![1]).toBe('tool');
    const e = expected(ledger);
    expect(Object.fromEntries(rows.map((row) => [row[1], Number(row[2])]))).toEqual(
      Object.fromEntries([...e.tools].map(([t, x]) => [t, x.commits])),
    );
    expect(rows.find((row) => row[1] === 'copilot')![header!.indexOf('models')]).toBe('gpt-4.1-2025-04-14');
  });

  it('has the author columns and numbers with --by author', () => {
    const r = runs.author!;
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toContain('attestation_rate');
    const bob = rows.find((row) => row[1] === BOB.email)!;
    expect(bob[header!.indexOf('ai_commits')]).toBe(String(ledger.filter((x) => x.author === BOB.email && x.state === 'used').length));
    expect(bob[header!.indexOf('attestation_z')]).toBe('');
  });
});

/** Rows of the first Markdown pipe table under `heading`. */
function markdownTable(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  let i = lines.indexOf(heading);
  expect(i, heading).toBeGreaterThan(-1);
  while (!lines[i]!.startsWith('|')) i++;
  const rows: string[][] = [];
  for (; lines[i]?.startsWith('|'); i++) {
    const cells = lines[i]!.slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\(.)/g, '$1'));
    rows.push(cells);
  }
  expect(rows[1]!.every((c) => /^-+:?$/.test(c))).toBe(true);
  return [rows[0]!, ...rows.slice(2)];
}

describe('Markdown', () => {
  it('has pipe tables that read back to the counts', () => {
    const r = repo.cli(['report', 'HEAD', '--format', 'markdown']);
    expect(r.status, r.stderr).toBe(0);
    const e = expected(ledger);
    const [header, ...rows] = markdownTable(r.stdout, '## Commits by attestation');
    expect(header).toEqual(['attestation', 'commits', '% of commits', 'changed lines', '% of lines']);
    const byLabel = Object.fromEntries(rows.map((row) => [row[0], Number(row[1]!.replace(/,/g, ''))]));
    expect(byLabel).toMatchObject({
      'AI involved': e.states.used,
      'attested no AI': e.states.none,
      undeclared: 1,
      unattested: 1,
      'failed verification': 1,
      'exempt by policy': 1,
      total: e.total,
    });
    const [, ...folders] = markdownTable(r.stdout, '## By top-level folder');
    expect(folders.find((row) => row[0] === 'a, "q"')).toBeDefined();
    expect(r.stdout).toContain('## Model output changed by humans before commit\n\n_no captured data in range_');
  });
});

describe('terminal table', () => {
  it('summarises the range readably, without colour off a terminal', () => {
    const r = repo.cli(['report', 'HEAD']);
    expect(r.status, r.stderr).toBe(0);
    const e = expected(ledger);
    expect(r.stdout).toMatch(
      new RegExp(
        `Commits with AI involvement\\s+${e.states.used} = ${((100 * e.states.used) / e.inScope).toFixed(1)}% of ${e.inScope} in scope`,
      ),
    );
    expect(r.stdout).toContain('Verification failures');
    expect(r.stdout).toMatch(/forged\s+.*(signature|binding)/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stderr).toBe('');
  });

  it('writes to --output and says where', () => {
    const out = join(sandbox.root, 'report.md');
    const r = repo.cli(['report', 'HEAD', '--format', 'md', '--output', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(out);
    expect(readFileSync(out, 'utf8')).toMatch(/^# AI attestation report: HEAD/);
  });
});

describe('several repositories', () => {
  it('reports totals and each repository', () => {
    const r = repo.cli(['report', 'HEAD', '--json', '--repo', repo.dir, '--repo', other.dir]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.repositories.map((x: any) => x.name)).toEqual(['main-repo', 'other-repo']);
    const a = expected(ledger);
    const b = expected(otherLedger);
    const all = expected([...ledger, ...otherLedger]);
    expect(report.repositories[0].summary.commits.total).toBe(a.total);
    expect(report.repositories[1].summary.commits.total).toBe(b.total);
    expect(report.totals.commits.byState).toEqual(all.states);
    expect(report.totals.lines.changed).toBe(a.changed + b.changed);
    expect(report.totals.lines.aiWeighted).toBeCloseTo(a.aiWeighted + b.aiWeighted, 6);
    expect(report.totals.byTool.find((g: any) => g.key === 'copilot').commits).toBe(2);
    const dev = report.totals.authors.rows.find((x: any) => x.email === DEV.email);
    expect(dev.commits).toBe([...ledger, ...otherLedger].filter((x) => x.author === DEV.email).length);
    // Both repositories on one time axis.
    expect(report.repositories[1].summary.timeline.buckets.map((x: any) => x.label)).toEqual(
      report.totals.timeline.buckets.map((x: any) => x.label),
    );
    const md = repo.cli(['report', 'HEAD', '--format', 'markdown', '--repo', repo.dir, '--repo', other.dir]).stdout;
    const [, ...rows] = markdownTable(md, '## Repositories');
    expect(rows.map((row) => [row[0], Number(row[1])])).toEqual([
      ['main-repo', a.total],
      ['other-repo', b.total],
      ['total', a.total + b.total],
    ]);
    expect(md).toContain('## Repository: other-repo');
  });
});

describe('export', () => {
  it('writes one NDJSON line per commit in the documented schema', () => {
    const r = repo.cli(['export', 'HEAD']);
    expect(r.status, r.stderr).toBe(0);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(ledger.length);
    const bySubject = new Map(records.map((x) => [x.subject, x]));
    for (const e of ledger) {
      const x = bySubject.get(e.subject);
      expect(x, e.subject).toMatchObject({
        schema: 'ai-attest/export@1',
        repository: 'main-repo',
        state: e.state,
        lines: { changed: e.lines, binaryFiles: e.binary },
      });
      expect(x.aiWeightedLines).toBeCloseTo(e.state === 'used' ? (e.lines * e.share) / 100 : 0, 6);
      expect(Object.keys(x).sort()).toEqual([
        'aiWeightedLines',
        'attestation',
        'author',
        'commit',
        'committer',
        'lines',
        'parents',
        'repository',
        'schema',
        'state',
        'subject',
        'verification',
      ]);
      if (e.state === 'used') expect(x.attestation).toMatchObject({ ai: 'used', share: e.share, attester: { email: DEV.email } });
      if (['unattested', 'rejected', 'exempt'].includes(e.state)) expect(x.attestation).toBeNull();
    }
    expect(bySubject.get('forged').verification.status).toBe('fail');
    expect(bySubject.get('app').author).toEqual({ name: DEV.name, email: DEV.email, time: '2025-03-04T10:00:00Z' });
  });

  it('skips line counts with --no-lines and writes to --output', () => {
    const out = join(sandbox.root, 'export.ndjson');
    const r = repo.cli(['export', 'HEAD~1..HEAD', '--no-lines', '-o', out, '--repo', repo.dir, '--repo', other.dir]);
    expect(r.status, r.stderr).toBe(0);
    const records = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((x) => [x.repository, x.subject])).toEqual([
      ['main-repo', 'forged'],
      ['other-repo', 'lib'],
    ]);
    expect(records.every((x) => x.lines === null && x.aiWeightedLines === null)).toBe(true);
    expect(r.stderr).toMatch(/exported \d+ commit/);
  });
});

/** The CLI, asynchronously, so that independent runs use both cores. */
function cliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: repo.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('errors', () => {
  it('says what to do about a bad range, format or dimension', async () => {
    const [bad, opt, fmt, by, notRepo] = await Promise.all([
      cliAsync(['report', 'nope..HEAD']),
      cliAsync(['report', '--', '--output=x']),
      cliAsync(['report', 'HEAD', '--format', 'xml']),
      cliAsync(['report', 'HEAD', '--by', 'planet']),
      cliAsync(['report', 'HEAD', '--repo', sandbox.home]),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Check the range/);
    expect(opt.status).toBe(2);
    expect(opt.stderr).toMatch(/not a revision or range/);
    expect(fmt.status).toBe(2);
    expect(fmt.stderr).toMatch(/use one of table, markdown, json, csv, html/);
    expect(by.stderr).toMatch(/--by planet: use one of/);
    expect(notRepo.status).toBe(2);
    expect(notRepo.stderr).toMatch(/not a git repository/i);
  });
});
