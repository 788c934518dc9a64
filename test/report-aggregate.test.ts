import { describe, expect, it } from 'vitest';
import { ReportAccumulator } from '../src/read/report/accumulate.js';
import { CAPTURE_EXTENSION } from '../src/read/report/capture.js';
import { renderMarkdown } from '../src/read/report/format/markdown.js';
import { NO_CAPTURE } from '../src/read/report/format/sections.js';
import type { Claims, ReportItem } from '../src/read/report/item.js';
import { claimsFor, summaryOf } from './helpers/report-claims.js';
import { REPORT_SCHEMA, type Report } from '../src/read/report/types.js';

const DAY = 86_400;
const T0 = Date.UTC(2025, 0, 6) / 1000; // a Monday
let seq = 0;

function item(over: Partial<ReportItem> & { claims?: Claims | null; changed?: number; email?: string; day?: number }): ReportItem {
  const changed = over.changed ?? 10;
  const id = (seq++).toString(16).padStart(40, '0');
  const email = over.email ?? 'a@example.com';
  return {
    commit: id,
    parents: ['f'.repeat(40)],
    subject: `commit ${id}`,
    authorName: email.split('@')[0]!,
    authorEmail: email,
    authorTime: T0 + (over.day ?? 0) * DAY,
    committerName: 'c',
    committerEmail: 'c@example.com',
    committerTime: T0,
    status: 'ok',
    reasons: [],
    attested: over.claims !== null,
    lines: {
      commit: id,
      added: changed,
      deleted: 0,
      binaryFiles: 0,
      files: [{ path: 'src/x.ts', added: changed, deleted: 0, binary: false }],
    },
    ...over,
    claims: over.claims === undefined ? null : over.claims,
    disclosed: over.disclosed ?? [],
  };
}

function used(tools: Array<[string, string]>, share: number, extensions: Record<string, unknown> = {}): Claims {
  return claimsFor('used', tools, { share, time: '2025-01-06T00:00:00Z', extensions });
}

describe('lines and tools', () => {
  it("splits a commit's AI-weighted lines equally among its tools and counts it under each", () => {
    const s = summaryOf([
      item({
        claims: used(
          [
            ['claude-code', 'm-1'],
            ['copilot', 'm-2'],
          ],
          50,
        ),
        changed: 100,
      }),
      item({ claims: used([['claude-code', 'm-1']], 20), changed: 30 }),
      item({ claims: { ...used([], 0), ai: 'none' }, changed: 70 }),
    ]);
    expect(s.lines.aiWeighted).toBe(100 * 0.5 + 30 * 0.2);
    expect(s.lines.aiWeightedShare).toBeCloseTo(56 / 200, 10);
    const claude = s.byTool.find((g) => g.key === 'claude-code')!;
    const copilot = s.byTool.find((g) => g.key === 'copilot')!;
    expect(claude).toMatchObject({ commits: 2, changedLines: 130, aiWeightedLines: 25 + 6, shareOfAiCommits: 1 });
    expect(copilot).toMatchObject({ commits: 1, changedLines: 100, aiWeightedLines: 25, shareOfAiCommits: 0.5 });
    expect(s.byTool.reduce((t, g) => t + g.aiWeightedLines, 0)).toBe(s.lines.aiWeighted);
    expect(s.commits.aiShareOfDeclared).toBeCloseTo(2 / 3, 10);
  });
});

describe('captured data', () => {
  it('says there is none rather than inventing numbers', () => {
    const s = summaryOf([item({ claims: used([['claude-code', 'm-1']], 50) })]);
    expect(s.capture).toMatchObject({ commits: 0, models: [], authors: [] });
    const report: Report = {
      schema: REPORT_SCHEMA,
      generatedAt: 'now',
      range: ['HEAD'],
      repositories: [{ name: 'r', summary: s }],
      totals: s,
    };
    const md = renderMarkdown(report, ['tool']);
    expect(md.split(NO_CAPTURE.replace(/ /g, ' ')).length - 1).toBe(2);
  });

  it('ranks models by how much of their output humans changed, and flags the rubber-stamper', () => {
    const items: ReportItem[] = [];
    // Four authors keep a model's output unchanged in 4 of 20 commits; one in 18 of 20.
    const authors = ['p1', 'p2', 'p3', 'p4', 'stamp'];
    for (const a of authors) {
      for (let i = 0; i < 20; i++) {
        const unchanged = a === 'stamp' ? i < 18 : i < 4;
        const model = i % 2 ? 'model-light' : 'model-heavy';
        // heavy: 10 raw lines, 3 kept when edited; light: 10 raw lines, 9 kept when edited.
        const kept = unchanged ? 10 : model === 'model-heavy' ? 3 : 9;
        items.push(
          item({
            email: `${a}@example.com`,
            claims: used([['claude-code', model]], 60, { [CAPTURE_EXTENSION]: { rawLines: 10, keptLines: kept } }),
          }),
        );
      }
    }
    const s = summaryOf(items);
    expect(s.capture.commits).toBe(100);
    // Expected kept lines per model, counted from the loop above.
    const kept = { 'model-heavy': 0, 'model-light': 0 };
    const raw = { 'model-heavy': 0, 'model-light': 0 };
    for (const a of authors) {
      for (let i = 0; i < 20; i++) {
        const m = i % 2 ? 'model-light' : 'model-heavy';
        const unchanged = a === 'stamp' ? i < 18 : i < 4;
        raw[m] += 10;
        kept[m] += unchanged ? 10 : m === 'model-heavy' ? 3 : 9;
      }
    }
    expect(s.capture.models.map((m) => m.model)).toEqual(['model-heavy', 'model-light']);
    expect(s.capture.models[0]).toMatchObject({ rawLines: raw['model-heavy'], keptLines: kept['model-heavy'] });
    expect(s.capture.models[0]!.changedShare).toBeCloseTo(1 - kept['model-heavy'] / raw['model-heavy'], 10);
    const stamp = s.capture.authors.find((a) => a.email === 'stamp@example.com')!;
    expect(stamp).toMatchObject({ captured: 20, unchanged: 18, flagged: true });
    if (!stamp.test.tested) throw new Error('not tested');
    expect(stamp.test).toMatchObject({ x: 18, n: 20, restX: 16, restN: 80 });
    expect(s.capture.authors.filter((a) => a.flagged)).toHaveLength(1);
    const report: Report = {
      schema: REPORT_SCHEMA,
      generatedAt: 'now',
      range: ['HEAD'],
      repositories: [{ name: 'r', summary: s }],
      totals: s,
    };
    expect(renderMarkdown(report, ['tool'])).toMatch(/stamp@example\.com: 90\.0% \(18\/20\) against 20\.0% \(16\/80\)/);
  });

  it('ignores capture data it cannot read, and kept lines above raw lines', () => {
    const s = summaryOf([
      item({ claims: used([['x', 'm']], 50, { [CAPTURE_EXTENSION]: { rawLines: 5, keptLines: 9 } }) }),
      item({ claims: used([['x', 'm']], 50, { [CAPTURE_EXTENSION]: 'junk' }) }),
    ]);
    expect(s.capture.commits).toBe(0);
  });
});

describe('timeline', () => {
  it('is weekly up to half a year, with empty weeks kept', () => {
    const acc = new ReportAccumulator();
    acc.add(item({ day: 0 }));
    acc.add(item({ day: 20 }));
    const s = acc.summary('week');
    // Day 20 is Sunday 26 January, the last day of ISO week 4.
    expect(s.timeline.buckets.map((b) => [b.label, b.commits])).toEqual([
      ['2025-W02', 1],
      ['2025-W03', 0],
      ['2025-W04', 1],
    ]);
  });

  it('is monthly for longer ranges', async () => {
    const { chooseGranularity } = await import('../src/read/report/timeline.js');
    const acc = new ReportAccumulator();
    acc.add(item({ day: 0 }));
    acc.add(item({ day: 400 }));
    const g = chooseGranularity(acc.days.span());
    expect(g).toBe('month');
    const s = acc.summary(g);
    expect(s.timeline.buckets).toHaveLength(14); // 2025-01 .. 2026-02
    expect(s.timeline.buckets[0]).toMatchObject({ label: '2025-01', start: '2025-01-01', commits: 1 });
    expect(s.timeline.buckets[13]).toMatchObject({ label: '2026-02', commits: 1 });
  });
});
