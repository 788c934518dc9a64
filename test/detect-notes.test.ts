// @module-tag git
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Confidence } from '../src/detect/catalog.js';
import { detectRange, type DetectReport } from '../src/detect/detect.js';
import type { SignalHit } from '../src/detect/match.js';
import { importCommits } from './helpers/fast-import.js';
import { initRepo } from './helpers/attested.js';
import { commitFile, gitAiNote } from './helpers/detect-commits.js';
import type { Repo } from './helpers/repo.js';

/**
 * detect reads the range without notes and then only the notes a finding can depend on. Every
 * way a note changes a finding is planted here, and the findings (and the signals collect is
 * told) must be those of the reference read, which reads every note with the range.
 */
describe('detect: notes read on demand give the findings of reading every note', () => {
  let repo: Repo;
  const ids: Record<string, string> = {};

  const commit = (name: string, message: string, tools: string | null) => {
    ids[name] = commitFile(repo, `${name}.ts`, `export const ${name} = 1;\n`, message, tools);
  };
  const attest = (name: string, tools: string) => {
    const r = repo.cli(['attest', ids[name]!, '--tools', tools, ...(tools === 'none' ? [] : ['--proportion', '50'])]);
    expect(r.status, r.stderr).toBe(0);
  };
  const noteOf = (name: string) => repo.git(['notes', '--ref=ai-attest', 'show', ids[name]!]);
  const setNote = (name: string, text: string) =>
    repo.git(['notes', '--ref=ai-attest', 'add', '-f', '-F', '-', ids[name]!], { input: text });

  beforeAll(() => {
    repo = initRepo();
    // A thousand plain commits first: the whole range is then large enough for the notes to be searched.
    importCommits(
      repo,
      Array.from({ length: 1000 }, (_, k) => ({
        message: `old change ${k + 1}\n`,
        path: `old${(k + 1) % 7}.txt`,
        content: `${k + 1}\n`,
        time: 1_700_000_000 + (k + 1) * 60,
      })),
      repo.git(['rev-parse', 'HEAD']).trim(),
    );
    ids.base = repo.git(['rev-parse', 'HEAD']).trim();
    // A plain signed block (no note part); a later statement with capture's record is added to its note below.
    commit('appended', 'Add appended\n', 'copilot:gpt-4.1-2025-04-14');
    const appendedAt = Math.floor(Date.now() / 1000);
    // Attested AI whose only signals are the statement's own Assisted-by copies: no note needed.
    commit('quietAi', 'Add quietAi\n', 'claude-code:claude-sonnet-4-5-20250929');
    // Capture saw Claude Code; the answers name Copilot: the capture record is in the note part only.
    const event = {
      tool: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
      file: 'captured.ts',
      content: 'export const captured = 1;\n',
    };
    const recorded = repo.cli(['record', '--event', '-'], { input: JSON.stringify(event) });
    expect(recorded.status, recorded.stderr).toBe(0);
    // Statement times have seconds: the captured statement must be the newer one in appended's note.
    while (Math.floor(Date.now() / 1000) <= appendedAt) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    commit('captured', 'Add captured\n', 'copilot:gpt-4.1-2025-04-14');
    // No trailers and no signal: only its note (a copy of the captured statement) says anything.
    commit('noteOnly', 'Add noteOnly\n', null);
    setNote('noteOnly', noteOf('captured'));
    setNote('appended', `${noteOf('appended').trimEnd()}\n${noteOf('captured').trimEnd()}\n`);
    // Typed agent trailers on commits without trailers of ai-attest's: attested later (the claim is in
    // the note), the same tool and another one, and never attested.
    commit('late', 'Add late\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', null);
    attest('late', 'claude-code:claude-sonnet-4-5-20250929');
    commit('lateOther', 'Add lateOther\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', null);
    attest('lateOther', 'copilot:gpt-4.1-2025-04-14');
    commit('bare', 'Add bare\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n', null);
    // git-ai notes: on a commit attested "no AI", and on one with nothing else.
    commit('gitAi', 'Add gitAi\n', 'none');
    repo.git(['notes', '--ref=ai', 'add', '-F', '-', ids.gitAi!], { input: gitAiNote('cursor') });
    commit('gitAiOnly', 'Add gitAiOnly\n', null);
    repo.git(['notes', '--ref=ai', 'add', '-F', '-', ids.gitAiOnly!], { input: gitAiNote('codex') });
    // Agent branches whose tips are attested only in notes: the same tool (no finding), and "no AI".
    for (const [branch, name, tools] of [
      ['claude/noted-tip', 'tipSame', 'claude-code:claude-sonnet-4-5-20250929'],
      ['codex/noted-none', 'tipNone', 'none'],
    ] as const) {
      repo.git(['checkout', '-q', '-b', branch]);
      commit(name, `Add ${name}\n`, null);
      attest(name, tools);
      repo.git(['checkout', '-q', 'main']);
      repo.git(['merge', '-q', '--no-ff', '-m', `Merge branch '${branch}'`, branch], { env: { AI_ATTEST: '0' } });
      ids[`merge-${name}`] = repo.git(['rev-parse', 'HEAD']).trim();
    }
  });
  afterAll(() => repo?.sandbox.cleanup());

  let traces = 0;
  /** detect's report, the signals collect is told, and the git commands it ran (GIT_TRACE). */
  const run = async (notes: 'on-demand' | 'all', content: boolean, minConfidence: Confidence, revisions = ['HEAD']) => {
    const told = new Map<string, readonly SignalHit[]>();
    const trace = join(repo.sandbox.root, `trace-${++traces}.txt`);
    const report = await detectRange({
      cwd: repo.dir,
      env: { ...repo.env, GIT_TRACE: trace },
      revisions,
      description: 'HEAD',
      content,
      minConfidence,
      notes,
      onSignals: (c, h) => told.set(c, h),
    });
    const commands = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.includes('trace: built-in: git '))
      .map((l) => l.slice(l.indexOf('git ')));
    return { report, told: [...told].sort(([a], [b]) => a.localeCompare(b)), commands };
  };
  const same = async (revisions: string[]) => {
    for (const content of [false, true]) {
      for (const min of ['low', 'high'] as const) {
        const onDemand = await run('on-demand', content, min, revisions);
        const all = await run('all', content, min, revisions);
        expect(onDemand.report, `content ${content}, ${min}`).toEqual(all.report);
        expect(onDemand.told, `content ${content}, ${min}`).toEqual(all.told);
      }
    }
  };
  const searched = (commands: string[]) => commands.some((c) => c.startsWith('git grep '));
  const ruleOf = (r: DetectReport, name: string) => r.findings.filter((f) => f.commit === ids[name]).map((f) => `${f.rule} ${f.tool}`);

  it('finds what each planted note says', async () => {
    const { report, commands } = await run('on-demand', false, 'low');
    // The range is read without notes; the notes that may hold capture's record are searched beside it.
    expect(commands.filter((c) => c.startsWith('git log ') && !c.includes('--no-walk'))).toEqual([expect.not.stringContaining('--notes=')]);
    expect(searched(commands)).toBe(true);
    expect(ruleOf(report, 'quietAi')).toEqual([]);
    expect(ruleOf(report, 'captured')).toEqual(['other-tool claude-code']);
    expect(ruleOf(report, 'noteOnly')).toEqual(['other-tool claude-code']);
    expect(ruleOf(report, 'appended')).toEqual(['other-tool claude-code']);
    expect(ruleOf(report, 'late')).toEqual([]);
    expect(ruleOf(report, 'lateOther')).toEqual(['other-tool claude-code']);
    expect(ruleOf(report, 'bare')).toEqual(['unattested cursor']);
    expect(ruleOf(report, 'gitAi')).toEqual(['attested-none cursor']);
    expect(ruleOf(report, 'gitAiOnly')).toEqual(['unattested codex']);
    expect(ruleOf(report, 'merge-tipSame')).toEqual([]);
    expect(ruleOf(report, 'merge-tipNone')).toEqual(['attested-none codex']);
    expect(report.findings.find((f) => f.commit === ids['merge-tipNone'])!.attested.commit).toBe(ids.tipNone);
  });

  it('gives the same report and the same signals as reading every note, message and content, at each confidence', async () => {
    await same(['HEAD']);
  });

  it('a range of fewer commits has its own notes read, not every note searched: the same findings', async () => {
    const whole = await run('on-demand', false, 'low');
    const planted = await run('on-demand', false, 'low', [`${ids.base}..HEAD`]);
    expect(planted.report.commits).toBe(whole.report.commits - 1001);
    expect(searched(planted.commands)).toBe(false);
    expect(planted.report.findings).toEqual(whole.report.findings);
    expect(planted.report.findings.length).toBeGreaterThan(5);
    await same([`${ids.base}..HEAD`]);
    const one = await run('on-demand', false, 'low', [`${ids.bare}..${ids.gitAi}`]);
    expect(one.report.commits).toBe(1);
    expect(ruleOf(one.report, 'gitAi')).toEqual(['attested-none cursor']);
    await same([`${ids.bare}..${ids.gitAi}`]);
  });

  it('keeps the search for the notes commit it was made from, and searches only the notes changed since', async () => {
    const index = join(repo.dir, '.git', 'ai-attest', 'detect-capture.json');
    const grep = (commands: string[]) => commands.filter((c) => c.startsWith('git grep '));
    rmSync(index, { force: true });
    const cold = await run('on-demand', false, 'low');
    expect(grep(cold.commands)).toHaveLength(1);
    expect(grep(cold.commands)[0]).toMatch(/ -- *$/);
    expect(existsSync(index)).toBe(true);
    const warm = await run('on-demand', false, 'low');
    expect(grep(warm.commands)).toEqual([]);
    expect(warm.report).toEqual(cold.report);
    // Warm, the kept search is the answer: no count of the notes. The range, one rev-parse for
    // both notes refs, git-ai's notes (this repository has some: listed, then read), the records
    // and notes the findings need (git's own order of starting them varies).
    expect(warm.commands.map((c) => c.split(' ').slice(0, 3).join(' ')).sort()).toEqual([
      'git log --no-walk=unsorted',
      'git log -z',
      'git log -z',
      'git notes --ref=refs/notes/ai',
      'git rev-parse --git-common-dir',
    ]);
    // A quiet commit of the old history gets a note holding capture's record: only that note is searched.
    setNote('base', noteOf('captured'));
    const moved = await run('on-demand', false, 'low');
    expect(grep(moved.commands)).toHaveLength(1);
    expect(grep(moved.commands)[0]).toMatch(new RegExp(` -- ${ids.base!.slice(0, 2)}/?${ids.base!.slice(2)}$`));
    expect(ruleOf(moved.report, 'base')).toEqual(['other-tool claude-code']);
    expect(moved.report).toEqual((await run('all', false, 'low')).report);
    // A file that does not read is no answer: every note is searched again.
    writeFileSync(index, '{"format":"ai-attest/detect-capture@1","notes":"nonsense"}\n');
    const again = await run('on-demand', false, 'low');
    expect(grep(again.commands)[0]).toMatch(/ -- *$/);
    expect(again.report).toEqual(moved.report);
  });
});
