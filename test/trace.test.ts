// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';

/**
 * One repository whose history is known line by line, built through the real hooks:
 *
 *   A  claude-code sonnet 40%  creates src/auth/session.ts (10 lines, a sensitive path)
 *   B  copilot gpt-4.1 20%     line 5
 *   C  no AI                   line 8, appends line 11
 *   D  AI_ATTEST=0             line 2 (unattested)
 *   E  no AI                   renames the file to src/auth/main session ✓.ts (lines unchanged)
 *   F  claude-code opus 70%    line 10
 *   G  AI_ATTEST=0, with B's trailers copied and the share edited: a forged attestation; line 1
 */
const OPUS = 'claude-code:claude-opus-4-1-20250805';
const COPILOT = 'copilot:gpt-4.1-2025-04-14';
const OLD = 'src/auth/session.ts';
const NEW = 'src/auth/main session ✓.ts';

const base = [
  'function alpha() {',
  "  return 'a';",
  '}',
  'function beta() {',
  "  return 'b';",
  '}',
  'function gamma() {',
  "  return 'c';",
  '}',
  '// end',
];

const sandbox = makeSandbox();
let repo: Repo;
const id: Record<string, string> = {};

function commitAs(name: string, lines: string[], env: NodeJS.ProcessEnv, message = name, path = NEW): void {
  repo.write(path, `${lines.join('\n')}\n`);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', message], { env });
  id[name] = repo.git(['rev-parse', 'HEAD']).trim();
}

beforeAll(() => {
  repo = initRepo(sandbox);
  const lines = [...base];
  commitAs('A', lines, { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '40' }, 'A', OLD);
  lines[4] = "  return 'B';";
  commitAs('B', lines, { AI_ATTEST_TOOLS: COPILOT, AI_ATTEST_PROPORTION: '20' }, 'B', OLD);
  lines[7] = "  return 'C';";
  lines.push('// appendix');
  commitAs('C', lines, { AI_ATTEST_TOOLS: 'none' }, 'C', OLD);
  lines[1] = "  return 'D';";
  commitAs('D', lines, { AI_ATTEST: '0' }, 'D', OLD);
  repo.git(['mv', OLD, NEW]);
  repo.git(['commit', '-q', '-m', 'E'], { env: { AI_ATTEST_TOOLS: 'none' } });
  id.E = repo.git(['rev-parse', 'HEAD']).trim();
  lines[9] = '// the end';
  commitAs('F', lines, { AI_ATTEST_TOOLS: OPUS, AI_ATTEST_PROPORTION: '70' });
  const forged = repo
    .git(['log', '-1', '--format=%B', id.B!])
    .replace(/^(Ai-Attest: v2 used) share=20/m, '$1 share=5')
    .replace(/^B\n/, 'G\n');
  lines[0] = 'function alpha(x) {';
  commitAs('G', lines, { AI_ATTEST: '0' }, forged);
});
afterAll(() => sandbox.cleanup());

interface Trace {
  schema: string;
  path: string;
  commit: string;
  lines: Array<{ start: number; end: number; commit: string; path: string; originalStart: number; text: string[] }>;
  history: Array<{
    commit: string;
    path: string | null;
    previousPath: string | null;
    created: boolean;
    hunks: unknown[];
    patch?: string[];
  }>;
  commits: Record<string, any>;
  summary: any;
  notes: string[];
}

function trace(args: string[], cwd?: string): Trace {
  const r = repo.cli(['trace', '--json', ...args], cwd ? { cwd } : {});
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Trace;
}

const blameView = (t: Trace) => t.lines.map((l) => [l.start, l.end, Object.keys(id).find((k) => id[k] === l.commit)]);
const historyView = (t: Trace) => t.history.map((h) => Object.keys(id).find((k) => id[k] === h.commit));

describe('trace of lines built by known commits', () => {
  let full: Trace;
  beforeAll(() => {
    full = trace([NEW, '-L', '1,11', '--follow']);
  });

  it('names the commit that last changed each line (blame view)', () => {
    expect(full.schema).toBe('ai-attest/trace@1');
    expect(full.path).toBe(NEW);
    expect(full.commit).toBe(id.G);
    expect(blameView(full)).toEqual([
      [1, 1, 'G'],
      [2, 2, 'D'],
      [3, 4, 'A'],
      [5, 5, 'B'],
      [6, 7, 'A'],
      [8, 8, 'C'],
      [9, 9, 'A'],
      [10, 10, 'F'],
      [11, 11, 'C'],
    ]);
    expect(full.lines[2]).toMatchObject({ path: OLD, originalStart: 3, text: ['}', 'function beta() {'] });
  });

  it('lists every commit that changed the lines, newest first, across the rename with --follow', () => {
    expect(historyView(full)).toEqual(['G', 'F', 'D', 'C', 'B', 'A']);
    const a = full.history[5]!;
    expect(a).toMatchObject({ path: OLD, created: true, previousPath: null });
    expect(full.history[1]).toMatchObject({
      path: NEW,
      hunks: [{ old: { start: 1, lines: 11 }, new: { start: 1, lines: 11 }, added: 1, removed: 1 }],
    });
  });

  it('gives each commit its attestation: tools, exact models, share, sensitive files, attester', () => {
    const c = (k: string) => full.commits[id[k]!];
    expect(c('A').attestation).toMatchObject({
      ai: 'used',
      verified: true,
      share: 40,
      origin: 'trailers',
      tools: [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' }],
      sensitive: [{ path: OLD, category: 'security-controls', ai: ['claude-code'] }],
      attester: { name: 'Test Dev', email: 'dev@example.com' },
      detail: { recorded: false, sha256: null },
    });
    expect(c('A').attestation.attester.key).toMatch(/^[0-9A-F]{40}$/);
    expect(c('B').attestation).toMatchObject({
      ai: 'used',
      share: 20,
      tools: [{ tool: 'copilot', model: 'gpt-4.1-2025-04-14', via: 'ide-plugin' }],
    });
    expect(c('C').attestation).toMatchObject({ ai: 'none', verified: true, tools: [], share: 0 });
    expect(c('F').attestation).toMatchObject({ ai: 'used', share: 70, tools: [{ model: 'claude-opus-4-1-20250805' }] });
    expect(c('A')).toMatchObject({
      author: { name: 'Test Dev', email: 'dev@example.com' },
      subject: 'A',
      parents: [expect.stringMatching(/^[0-9a-f]{40}$/)],
    });
  });

  it('verifies each commit: the unattested one fails, the others pass', () => {
    const status = Object.fromEntries(Object.entries(id).map(([k, v]) => [k, full.commits[v]?.verification.status]));
    expect(status).toMatchObject({ A: 'ok', B: 'ok', C: 'ok', D: 'fail', F: 'ok', G: 'fail' });
    expect(full.commits[id.D!].attestation).toMatchObject({ ai: 'unattested', verified: false, attester: null, share: null });
    expect(full.commits[id.D!].verification.problems).toEqual([
      expect.objectContaining({ check: 'presence', result: 'missing', level: 'fail' }),
    ]);
  });

  it('shows a forged attestation as an unverified claim, never as fact', () => {
    const g = full.commits[id.G!];
    expect(g.attestation).toMatchObject({ ai: 'used', verified: false, share: 5 });
    expect(g.verification.problems.map((p: { result: string }) => p.result)).toContain('bad-signature');
    expect(full.summary).toMatchObject({ lines: 11, byAi: { used: 7, none: 2, unattested: 1, undeclared: 0, unverified: 1 } });
    // The models line counts verified attestations only: G's copilot claim is not in it.
    expect(full.summary.models).toEqual(
      [
        { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent', lines: 5 },
        { tool: 'copilot', model: 'gpt-4.1-2025-04-14', via: 'ide-plugin', lines: 1 },
        { tool: 'claude-code', model: 'claude-opus-4-1-20250805', via: 'cli-agent', lines: 1 },
      ].sort((a, b) => b.lines - a.lines),
    );
    const text = repo.cli(['trace', NEW, '-L', '1,1']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/AI\s+CLAIMED, NOT VERIFIED: used, ~5% of the commit/);
    expect(text.stdout).toMatch(/verified\s+FAIL/);
    expect(text.stdout).toMatch(/bad-signature/);
  });

  it('stops the history at the rename without --follow, and says so; blame still looks through it', () => {
    const t = trace([NEW, '-L', '1,11']);
    expect(historyView(t)).toEqual(['G', 'F']);
    expect(blameView(t)).toEqual(blameView(full));
    expect(Object.keys(t.commits).sort()).toEqual([id.A, id.B, id.C, id.D, id.F, id.G].sort());
    expect(t.notes.join('\n')).toMatch(
      new RegExp(
        /history stops where the file got its current name \(it was src\/auth\/session.ts before\); /.source +
          /9 of the lines date from before that: add --follow to see 4 older commit/.source,
      ),
    );
    const text = repo.cli(['trace', NEW, '-L', '1,11']);
    expect(text.stdout).toMatch(/Commits the lines come from that the history above does not reach/);
  });

  it('gives the lines view alone with --no-history: the same lines and verdicts, no history', () => {
    const t = trace([NEW, '-L', '1,11', '--no-history']);
    expect(t).toMatchObject({ linesOnly: true, history: [], notes: [] });
    expect(full).toMatchObject({ linesOnly: false });
    expect(blameView(t)).toEqual(blameView(full));
    expect(Object.keys(t.commits).sort()).toEqual([...new Set(full.lines.map((l) => l.commit))].sort());
    for (const [commit, c] of Object.entries(t.commits)) expect(c).toEqual(full.commits[commit]);
    expect(t.summary).toEqual(full.summary);
    const text = repo.cli(['trace', NEW, '-L', '1,11', '--no-history']);
    expect(text.stdout).not.toMatch(/History of these lines/);
    expect(text.stdout).toMatch(/Commits the lines come from\n/);
    const both = repo.cli(['trace', NEW, '-L', '1,11', '--no-history', '--follow']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--no-history reads no history to follow: drop --no-history or --follow/);
  });
});

describe('line selections', () => {
  it('takes START,+COUNT, :FUNCNAME and several -L, as git does', () => {
    expect(blameView(trace([NEW, '-L', '5,+2']))).toEqual([
      [5, 5, 'B'],
      [6, 6, 'A'],
    ]);
    const fn = trace([NEW, '-L', ':beta', '--follow']);
    expect(blameView(fn)).toEqual([
      [4, 4, 'A'],
      [5, 5, 'B'],
      [6, 6, 'A'],
    ]);
    expect(historyView(fn)).toEqual(['B', 'A']);
    const two = trace([NEW, '-L', '1,2', '-L', '10,11', '--follow']);
    expect(blameView(two)).toEqual([
      [1, 1, 'G'],
      [2, 2, 'D'],
      [10, 10, 'F'],
      [11, 11, 'C'],
    ]);
    expect(historyView(two)).toEqual(['G', 'F', 'D', 'C', 'A']);
  });

  it('traces as of --rev, relative to the current directory, with --patch', () => {
    const t = trace(['session.ts', '-L', '5,5', '--rev', id.C!, '--patch'], `${repo.dir}/src/auth`);
    expect(t.commit).toBe(id.C);
    expect(t.path).toBe(OLD);
    expect(blameView(t)).toEqual([[5, 5, 'B']]);
    expect(historyView(t)).toEqual(['B', 'A']);
    expect(t.history[0]!.patch).toEqual(['@@ -5,1 +5,1 @@', "-  return 'b';", "+  return 'B';"]);
  });
});

describe('odd file names', () => {
  it('handles spaces, unicode, quotes, backslashes, colons and a leading dash', () => {
    const names = ['-dash ✓ file.txt', 'we"ird\\name.txt', 'a:b.txt'];
    for (const name of names) repo.write(`odd/${name}`, 'one\ntwo\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'odd names'], { env: { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '10' } });
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    for (const name of names) {
      const t = trace(['-L', '1,2', '--', name], `${repo.dir}/odd`);
      expect(t.path).toBe(`odd/${name}`);
      expect(t.lines).toEqual([{ start: 1, end: 2, commit: head, path: `odd/${name}`, originalStart: 1, text: ['one', 'two'] }]);
      expect(t.history).toMatchObject([{ commit: head, path: `odd/${name}`, created: true }]);
      expect(t.commits[head].attestation).toMatchObject({ ai: 'used', verified: true, share: 10 });
    }
  });
});

describe('errors say what to do', () => {
  const fails = (args: string[], pattern: RegExp, cwd?: string) => {
    const r = repo.cli(['trace', ...args], cwd ? { cwd } : {});
    expect(r.status, `stderr: ${r.stderr}`).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
  };
  it('a file not in the repository', () =>
    fails(['nope.ts', '-L', '1,2'], /"nope.ts" is not in HEAD: give a path tracked at HEAD.*git ls-files/));
  it('lines out of range', () => fails([NEW, '-L', '40,50'], /has only 11 lines at HEAD: give -L START,END within 1..11/));
  it('line 0', () => fails([NEW, '-L', '0,3'], /lines count from 1/));
  it('no -L', () => fails([NEW], /which lines\? add -L START,END/));
  it('a function that is not there', () => fails([NEW, '-L', ':nosuch'], /"nosuch" matches nothing/));
  it('a revision that does not exist', () =>
    fails([NEW, '-L', '1,2', '--rev', 'no-such-branch'], /--rev no-such-branch is not a commit here/));
  it('the git log -L form of -L', () => fails(['-L', '1,2:x.ts', 'x.ts'], /give the file as the argument and the lines alone/));
  it('outside a repository', () => fails(['x.ts', '-L', '1,2'], /not inside a git repository/, sandbox.home));
});
