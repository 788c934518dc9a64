// @module-tag git
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_REF } from '../src/core/model.js';
import { catalogWith, type Catalog } from '../src/detect/catalog.js';
import { CAPTURE_NEEDLES, mayHoldCapture } from '../src/detect/claim.js';
import { detectRange } from '../src/detect/detect.js';
import type { SignalHit } from '../src/detect/match.js';
import { notesContaining } from '../src/git/notes-probe.js';
import { notesHistory, type NotesHistory } from './helpers/notes-history.js';
import type { Repo } from './helpers/repo.js';

/**
 * A cold run (no search kept), a warm one (the search kept), one after the notes moved (only the
 * notes changed searched) and the reference read of every note with the range must give the same
 * report, and the search's answer must be what a search of every note and a reading of every note
 * in JavaScript give. The notes are those a real history holds: capture's records (on commits with
 * and without signals of their own), statements copied onto other commits, forged statements (the
 * payload changed, the signature kept; the note part changed), text that is no statement (with and
 * without the strings a capture record has), git-ai notes. More notes than a quarter of the range
 * so far when the notes are counted: the range must still be searched once, not stopped and
 * searched again.
 */
describe('detect: cold, warm and the reference read agree on a history of every kind of note', () => {
  let repo: Repo;
  const PLAIN = 4800;
  let imported: string[] = [];
  let notes: NotesHistory['notes'];
  let writeNotes: NotesHistory['writeNotes'];
  let forged: NotesHistory['forged'];

  beforeAll(() => {
    ({ repo, imported, notes, writeNotes, forged } = notesHistory(PLAIN));
  }, 60_000);
  afterAll(() => repo?.sandbox.cleanup());

  const index = () => join(repo.dir, '.git', 'ai-attest', 'detect-capture.json');
  let traces = 0;
  const run = async (notesRead: 'on-demand' | 'all', revisions = ['HEAD'], catalog?: Catalog) => {
    const told = new Map<string, readonly SignalHit[]>();
    const trace = join(repo.sandbox.root, `cold-warm-trace-${++traces}.txt`);
    const report = await detectRange({
      cwd: repo.dir,
      env: { ...repo.env, GIT_TRACE: trace },
      revisions,
      description: revisions.join(' '),
      notes: notesRead,
      ...(catalog ? { catalog } : {}),
      onSignals: (c, h) => told.set(c, h),
    });
    const greps = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.includes('trace: built-in: git ') && l.includes(' grep '))
      .map((l) => l.slice(l.indexOf('git ')));
    return { report, told: [...told].sort(([a], [b]) => a.localeCompare(b)), greps };
  };
  /** The commits whose note holds a capture record's strings: every note read here, in JavaScript. */
  const everyNoteRead = () => {
    const listed = repo
      .git(['notes', '--ref=ai-attest', 'list'])
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]);
    const input = `${listed.map(([blob]) => blob).join('\n')}\n`;
    const out = spawnSync('git', ['cat-file', '--batch'], {
      cwd: repo.dir,
      env: repo.env,
      input,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    }).stdout;
    const found: string[] = [];
    let at = 0;
    for (const [, commit] of listed) {
      const header = out.indexOf('\n', at);
      const size = Number(out.slice(at, header).split(' ')[2]);
      if (mayHoldCapture('', out.slice(header + 1, header + 1 + size))) found.push(commit);
      at = header + 1 + size + 1;
    }
    return found.sort();
  };
  const kept = () => (JSON.parse(readFileSync(index(), 'utf8')) as { commits: string[] }).commits.sort();
  const fullSearch = async () => [...(await notesContaining(NOTES_REF, CAPTURE_NEEDLES, { cwd: repo.dir, env: repo.env }))].sort();

  it('a cold run searches every note once, and cold, warm and every note read with the range agree', async () => {
    rmSync(index(), { force: true });
    const cold = await run('on-demand');
    expect(cold.greps).toHaveLength(1);
    expect(cold.greps[0]).toMatch(/ -- *$/);
    const truth = everyNoteRead();
    // Every fifth commit's kind, five kinds of eight hold the strings; and the hook's own captured commit.
    expect(truth).toHaveLength(5 * (PLAIN / 5 / 8) + 1);
    expect(kept()).toEqual(truth);
    expect(await fullSearch()).toEqual(truth);

    const warm = await run('on-demand');
    expect(warm.greps).toEqual([]);
    const all = await run('all');
    expect(all.greps).toEqual([]);
    expect(cold.report).toEqual(all.report);
    expect(warm.report).toEqual(all.report);
    expect(cold.told).toEqual(all.told);
    expect(warm.told).toEqual(all.told);

    // The planted notes are findings: capture's records copied onto quiet commits, the forged "no AI" beside one.
    const rules = new Map<string, number>();
    for (const f of cold.report.findings) rules.set(`${f.rule} ${f.tool}`, (rules.get(`${f.rule} ${f.tool}`) ?? 0) + 1);
    expect(rules.get('other-tool claude-code')).toBeGreaterThanOrEqual(PLAIN / 5 / 8);
    expect(rules.get('attested-none claude-code')).toBeGreaterThanOrEqual(PLAIN / 5 / 8);
    // A forged statement naming a tool, with no signal: attested AI without a signal is no finding.
    expect(rules.has('other-tool cursor')).toBe(false);
    expect(cold.report.findings.filter((f) => f.commit === imported[6]).map((f) => `${f.rule} ${f.tool}`)).toEqual(['other-tool codex']);
  });

  it('a bounded range as long, whose search the count may stop and start again: the same report as every note read with it', async () => {
    const range = [`${imported[0]}..HEAD`];
    rmSync(index(), { force: true });
    const cold = await run('on-demand', range);
    const all = await run('all', range);
    expect(cold.report.commits).toBe(PLAIN - 1);
    expect(cold.report).toEqual(all.report);
    expect(cold.told).toEqual(all.told);
    expect((await run('on-demand', range)).report).toEqual(all.report);
  });

  it('most commits with a signal of their own: the few left do not wait for a search of every note; the same report', async () => {
    // A team's signal on nine commits in ten (every subject not ending in 0): their claims are read with their notes.
    const catalog = catalogWith([
      {
        source: 'test',
        data: {
          format: 'ai-attest/signals@1',
          signals: [{ id: 'test.most', tool: 'ai', confidence: 'low', kind: 'line', pattern: '^change \\d*[1-9]$', about: 'test' }],
        },
      },
    ]);
    for (const revisions of [['HEAD'], [`${imported[0]}..HEAD`]]) {
      rmSync(index(), { force: true });
      const cold = await run('on-demand', revisions, catalog);
      const all = await run('all', revisions, catalog);
      expect(cold.report.commitsWithSignals).toBeGreaterThan((PLAIN * 9) / 10);
      expect(cold.report).toEqual(all.report);
      expect(cold.told).toEqual(all.told);
    }
  });

  it('once the notes move, only the notes changed are searched, with the answer of every note searched', async () => {
    await run('on-demand');
    const quietCaptured = imported.find((c, k) => k % 5 === 0 && (k / 5) % 8 === 0)!;
    writeNotes(
      NOTES_REF,
      new Map<string, string | null>([
        [imported[1]!, notes.captured],
        [imported[2]!, forged(notes.captured, (p) => (p.ai = 'none'))],
        [quietCaptured, notes.plain],
        [imported[3]!, null],
      ]),
    );
    const moved = await run('on-demand');
    expect(moved.greps).toHaveLength(1);
    expect(moved.greps[0]).not.toMatch(/ -- *$/);
    const truth = everyNoteRead();
    expect(truth).toContain(imported[1]);
    expect(truth).not.toContain(quietCaptured);
    expect(kept()).toEqual(truth);
    expect(await fullSearch()).toEqual(truth);
    const all = await run('all');
    expect(moved.report).toEqual(all.report);
    expect(moved.told).toEqual(all.told);
    rmSync(index(), { force: true });
    expect((await run('on-demand')).report).toEqual(all.report);
  });
});
