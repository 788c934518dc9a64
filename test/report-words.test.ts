// @module-tag git
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportAccumulator } from '../src/read/report/accumulate.js';
import { renderHtml } from '../src/read/report/format/html.js';
import { renderMarkdown } from '../src/read/report/format/markdown.js';
import { horizontalBars, stackedColumns } from '../src/read/report/format/svg.js';
import { renderTable } from '../src/read/report/format/table.js';
import { DIMENSIONS } from '../src/read/report/format/sections.js';
import type { Claims, ReportItem } from '../src/read/report/item.js';
import { REPORT_SCHEMA, type Report } from '../src/read/report/types.js';
import { makeRepo, type Repo } from './helpers/repo.js';

// What a release manager reads: counts that agree, plain words, "unknown" where nothing is known.
let seq = 0;
function item(over: Partial<ReportItem> = {}): ReportItem {
  const id = (seq++).toString(16).padStart(40, '0');
  return {
    commit: id,
    parents: ['f'.repeat(40)],
    subject: `commit ${id.slice(-4)}`,
    authorName: 'a',
    authorEmail: 'a@example.com',
    authorTime: 1_750_000_000 + seq * 3600,
    committerName: 'a',
    committerEmail: 'a@example.com',
    committerTime: 1_750_000_000,
    status: 'fail',
    reasons: ['missing: no attestation'],
    attested: false,
    claims: null,
    lines: { commit: id, added: 3, deleted: 1, binaryFiles: 0, files: [{ path: 'src/x.ts', added: 3, deleted: 1, binary: false }] },
    disclosed: [],
    ...over,
  };
}

const none: Claims = {
  ai: 'none',
  tools: [],
  share: 0,
  sensitive: [],
  attester: { name: 'A', email: 'a@example.com', key: 'A'.repeat(40) },
  time: '2025-06-01T00:00:00Z',
  source: 'env',
  extensions: {},
};

function reportOf(items: ReportItem[]): Report {
  const acc = new ReportAccumulator();
  for (const i of items) acc.add(i);
  const s = acc.summary('week');
  return { schema: REPORT_SCHEMA, generatedAt: 'now', range: ['v1..HEAD'], repositories: [{ name: 'r', summary: s }], totals: s };
}

const plain = new Chalk({ level: 0 });

describe('an unattested history', () => {
  // 12 commits, none attested, 3 of them disclosing Claude by their own trailers.
  const report = reportOf(Array.from({ length: 12 }, (_, i) => item(i % 4 === 0 ? { disclosed: ['claude-code'] } : {})));
  const text = renderTable(report, plain, ['tool']);

  it('reads as unknown, never as failures or "0% AI"', () => {
    expect(text).toMatch(/Commits with AI involvement +unknown: none of the 12 commits in scope is attested/);
    expect(text).toMatch(/Verification failures +0 \(the 12 commits without an attestation are unknown, not failures\)/);
    expect(text).not.toMatch(/0\.0% of 12 in scope/);
    expect(report.totals.verification.failures).toEqual([]);
  });

  it('counts the AI the history discloses beside the attested figures, labelled as such', () => {
    expect(report.totals.commits.disclosed).toEqual({ commits: 3, notAttested: 3, byTool: [{ tool: 'claude-code', commits: 3 }] });
    expect(text).toMatch(
      new RegExp(
        /AI disclosed by the history itself \(not attested\) +3 commits carry agent trailers or identities \(claude-code 3\); /.source +
          /3 of them without a verified attestation/.source,
      ),
    );
  });

  it('summarises the long list: the count, the first few, and the adoption point as the fix', () => {
    const u = report.totals.verification.unattested;
    expect(u.commits).toBe(12);
    expect(u.first).toHaveLength(5);
    expect(u.newest).toBe(u.first[0]!.commit);
    expect(text).toContain('12 commits in scope have no attestation: their AI status is unknown. The first 5 are listed.');
    expect(text).toContain(`set "policy": {"exempt": {"before": "${u.newest}"}} in .ai-attest/config.json`);
    expect(text.match(/^ {2}[0-9a-f]{12} {2}commit /gm)).toHaveLength(5);
  });

  it('gives the AI shares as null in JSON (report@2), never 0, and what is known as numbers', () => {
    const s = report.totals;
    expect(report.schema).toBe('ai-attest/report@2');
    expect(s.commits.aiShare).toBeNull();
    expect(s.lines.aiWeightedShare).toBeNull();
    expect(s.byFolder).toEqual([{ folder: 'src', commits: 12, changedLines: 48, aiWeightedLines: 0, aiWeightedShare: null }]);
    expect(s.commits.attestationRate).toBe(0);
    expect(s.lines.unknownShare).toBe(1);
    const md = renderMarkdown(report, ['folder']);
    expect(md).toMatch(/\| src \| 12 \| 48 \| 0 \| unknown \|/);
    const two = renderMarkdown({ ...report, repositories: [...report.repositories, { name: 'q', summary: report.totals }] }, []);
    // The repositories table counts failures as the overview does: unattested commits are not failures.
    expect(two).toMatch(/\| r \| 12 \| unknown \| 0\.0% \| 48 \| unknown \| 0 \|/);
  });

  it('gives 0 once one commit in scope is attested "no AI", and null only for the folder nothing attested touched', () => {
    const attestedNone = item({
      attested: true,
      status: 'ok',
      claims: none,
      reasons: [],
      lines: { commit: 'x', added: 1, deleted: 0, binaryFiles: 0, files: [{ path: 'docs/a.md', added: 1, deleted: 0, binary: false }] },
    });
    const s = reportOf([item(), item(), attestedNone]).totals;
    expect(s.commits.aiShare).toBe(0);
    expect(s.lines.aiWeightedShare).toBe(0);
    expect(s.byFolder.map((f) => [f.folder, f.aiWeightedShare])).toEqual([
      ['src', null],
      ['docs', 0],
    ]);
  });

  it('the HTML headline says unknown and shows no failure', () => {
    const html = renderHtml(report, DIMENSIONS);
    expect(html).toMatch(/data-testid="kpi-ai-share" data-value=""><span class="v">unknown<\/span>/);
    expect(html).toMatch(/data-testid="kpi-ai-lines" data-value=""><span class="v">unknown<\/span>/);
    expect(html).toMatch(/data-testid="kpi-failures" data-value="0"/);
    expect(html).not.toContain('role="alert"');
  });
});

describe('words', () => {
  it("the summary's failure count is the verification table's", () => {
    const report = reportOf([
      item({ attested: true, status: 'fail', reasons: ['signature-invalid: bad'] }),
      item(),
      item({ attested: true, status: 'ok', claims: none, reasons: [] }),
    ]);
    const text = renderTable(report, plain, ['tool']);
    expect(text).toMatch(/Verification failures +1 \(the 1 commit without an attestation/);
    expect(text).toMatch(/^ {2}fail +1$/m);
    expect(text).toMatch(/^ {2}unknown \(no attestation\) +1$/m);
    expect(text).toMatch(/^ {2}failed verification +1 /m);
  });

  it('says "1 commit", never "1 commits"', () => {
    const report = reportOf([item({ attested: true, status: 'ok', claims: none, reasons: [], parents: ['a'.repeat(40), 'b'.repeat(40)] })]);
    for (const out of [renderTable(report, plain, [...DIMENSIONS]), renderMarkdown(report, DIMENSIONS), renderHtml(report, DIMENSIONS)]) {
      expect(out).not.toMatch(/\b1 (commits|merges|rows)\b/);
    }
    expect(renderTable(report, plain, ['tool'])).toMatch(/Commits +1 commit \(1 merge, 0 exempt\)/);
  });

  it('puts the statistics (Holm, z-test) in a footnote after the table, not in the notes above it', () => {
    const report = reportOf([item({ attested: true, status: 'ok', claims: none, reasons: [] })]);
    const md = renderMarkdown(report, ['author']);
    const byAuthor = md.slice(md.indexOf('## By author'));
    const table = byAuthor.indexOf('| author |');
    expect(byAuthor.indexOf('Holm')).toBeGreaterThan(table);
    expect(byAuthor).toMatch(/<sub>Flags: [^<]*Holm-corrected/);
    const text = renderTable(report, plain, ['author']);
    expect(text.indexOf('Holm')).toBeGreaterThan(text.indexOf('attest. rate'));
  });

  it('keeps chart labels inside the chart', () => {
    const bars = horizontalBars(
      'b',
      'b',
      [{ label: 'claude-sonnet-4-5-20250929-with-a-long-suffix', value: 3, text: '3 commits' }],
      '#000',
    );
    const label = /text-anchor="end" class="label">([^<]*)</.exec(bars)![1]!;
    expect(label.length * 9).toBeLessThanOrEqual(220 - 6);
    expect(bars).toContain('<title>claude-sonnet-4-5-20250929-with-a-long-suffix: 3 commits</title>');
    const columns = stackedColumns(
      'c',
      'c',
      Array.from({ length: 30 }, (_, i) => ({
        label: `2026-W${String(i + 1).padStart(2, '0')}`,
        segments: [{ key: 'used', label: 'AI', value: i, colour: '#000' }],
      })),
    );
    for (const m of columns.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" class="axis">([^<]*)</g)) {
      const half = (m[2]!.length * 9) / 2;
      expect(Number(m[1]) - half).toBeGreaterThanOrEqual(0);
      expect(Number(m[1]) + half).toBeLessThanOrEqual(720);
    }
  });
});

describe('report without a range (built CLI)', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = makeRepo();
    const commit = (name: string, message: string) => {
      repo.write(name, `${name}\n`);
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', message]);
    };
    commit('a.txt', 'first release work');
    repo.git(['tag', 'v1.0']);
    commit('b.txt', 'fix: parser\n\nAssisted-by: Claude:claude-opus-4-1-20250805');
    commit('c.txt', 'docs: readme');
  });
  afterAll(() => repo.sandbox.cleanup());

  it('reports since the last tag, in a repository never initialised', () => {
    const r = repo.cli(['report', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.range).toEqual(['v1.0..HEAD']);
    expect(report.totals.commits.total).toBe(2);
    expect(report.totals.commits.disclosed.commits).toBe(1);
    expect(report.schema).toBe('ai-attest/report@2');
    expect(report.totals.commits.aiShare).toBeNull();
    expect(report.totals.lines.aiWeightedShare).toBeNull();
    const text = repo.cli(['report']);
    expect(text.stdout).toMatch(/AI attestation report: v1\.0\.\.HEAD/);
    expect(text.stdout).toMatch(/unknown: none of the 2 commits in scope is attested/);
  });

  it('reports the whole history without a tag', () => {
    repo.git(['tag', '-d', 'v1.0']);
    const report = JSON.parse(repo.cli(['report', '--json']).stdout) as Report;
    expect(report.range).toEqual(['HEAD']);
    expect(report.totals.commits.total).toBe(3);
  });
});
