import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { ReportAccumulator } from '../src/read/report/accumulate.js';
import { renderCsv } from '../src/read/report/format/csv.js';
import { renderHtml } from '../src/read/report/format/html.js';
import { renderReport } from '../src/read/report/format/index.js';
import { renderMarkdown } from '../src/read/report/format/markdown.js';
import { DIMENSIONS } from '../src/read/report/format/sections.js';
import { renderTable } from '../src/read/report/format/table.js';
import { parseBy } from '../src/read/report/inputs.js';
import type { Claims, ReportItem } from '../src/read/report/item.js';
import { itemSignals, LISTED_SIGNAL_FINDINGS } from '../src/read/report/signals.js';
import { claimsFor, summaryOf } from './helpers/report-claims.js';
import { REPORT_SCHEMA, type Report, type Summary } from '../src/read/report/types.js';

// The report's "unattested AI signals": detect's rules over the items the report already read.
const T0 = Date.UTC(2025, 5, 2) / 1000;
let seq = 0;

interface Spec {
  message: string;
  claims?: Claims | null;
  status?: ReportItem['status'];
  attested?: boolean;
  parents?: string[];
  author?: [string, string];
  /** Hours after T0: a later commit is newer, and the report reads newest first. */
  hour?: number;
  commit?: string;
}

function item(spec: Spec): ReportItem {
  const commit = spec.commit ?? (++seq).toString(16).padStart(40, '0');
  const [authorName, authorEmail] = spec.author ?? ['Dev', 'dev@example.com'];
  const facts = { message: spec.message, authorName, authorEmail, committerName: authorName, committerEmail: authorEmail };
  const claims = spec.claims ?? null;
  return {
    commit,
    parents: spec.parents ?? ['f'.repeat(40)],
    subject: spec.message.split('\n', 1)[0]!,
    authorName,
    authorEmail,
    authorTime: T0 + (spec.hour ?? 0) * 3600,
    committerName: authorName,
    committerEmail: authorEmail,
    committerTime: T0,
    status: spec.status ?? (claims ? 'ok' : 'fail'),
    reasons: [],
    attested: spec.attested ?? claims !== null,
    claims,
    lines: null,
    ...itemSignals(facts),
  };
}

function claims(ai: Claims['ai'], tools: Array<[string, string]> = [], extensions: Record<string, unknown> = {}): Claims {
  return claimsFor(ai, tools, { share: ai === 'used' ? 50 : 0, time: '2025-06-01T00:00:00Z', extensions });
}

function reportOf(s: Summary): Report {
  return { schema: REPORT_SCHEMA, generatedAt: 'now', range: ['v1..HEAD'], repositories: [{ name: 'r', summary: s }], totals: s };
}

const CLAUDE = 'Co-authored-by: Claude <noreply@anthropic.com>';
const SONNET: [string, string] = ['claude-code', 'claude-sonnet-4-5-20250929'];
/** A commit id that reads as its two leading characters. */
const id = (tag: string) => tag + 'c'.repeat(38);
const key = (f: { commit: string; rule: string; tool: string }) => `${f.commit.slice(0, 2)} ${f.rule} ${f.tool}`;

describe('unattested AI signals, one commit at a time', () => {
  const tipBare = id('b1');
  const tipAttested = id('b2');
  const items = [
    // Newest first, as git log reads them.
    item({ commit: id('01'), hour: 20, message: "Merge branch 'codex/quick-fix'", parents: ['e'.repeat(40), tipBare], status: 'exempt' }),
    item({ commit: id('02'), hour: 19, message: "Merge branch 'claude/work'", parents: ['e'.repeat(40), tipAttested], status: 'exempt' }),
    item({ commit: id('03'), hour: 18, message: "Merge branch 'devin/gone'", parents: ['e'.repeat(40), 'd'.repeat(40)], status: 'exempt' }),
    item({ commit: id('04'), hour: 17, message: `Add a\n\n${CLAUDE}\n` }),
    item({
      commit: id('05'),
      hour: 16,
      message: 'Add b\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n',
      claims: claims('none'),
    }),
    item({
      commit: id('06'),
      hour: 15,
      message: 'Add c\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n',
      claims: claims('used', [['copilot', 'gpt-4.1-2025-04-14']]),
    }),
    item({
      commit: id('07'),
      hour: 14,
      message: 'Add d\n\nCo-authored-by: aider (gpt-4o-2024-08-06) <aider@aider.chat>\n',
      claims: claims('used', [['aider', 'claude-3-5-sonnet-20241022']]),
    }),
    // An attestation that failed verification: its claims do not count, so nothing accounts for the signal.
    item({ commit: id('08'), hour: 13, message: `Add e\n\n${CLAUDE}\n`, attested: true }),
    // Exempt by policy (e.g. before adoption): not judged.
    item({ commit: id('09'), hour: 12, message: `Add f\n\n${CLAUDE}\n`, status: 'exempt' }),
    // Attested with the tool the trailer names: no finding.
    item({ commit: id('10'), hour: 11, message: `Add g\n\n${CLAUDE}\n`, claims: claims('used', [SONNET]) }),
    // ai-attest's own signed block: its Assisted-by copy is the statement's, never a finding.
    item({
      commit: id('11'),
      hour: 10,
      message: 'Add h\n\nAi-Attest: v1\nAssisted-by: claude-code:claude-sonnet-4-5-20250929\nAi-Attest-Sig: iHUEABYIAB0WIQQ4\n',
      claims: claims('used', [['copilot', 'gpt-4.1-2025-04-14']]),
    }),
    // Capture saw Claude Code; the answers name Copilot.
    item({
      commit: id('12'),
      hour: 9,
      message: 'Add j',
      claims: claims('used', [['copilot', 'gpt-4.1-2025-04-14']], {
        'ai-attest.capture': [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', rawLines: 3, keptLines: 3 }],
      }),
    }),
    item({ commit: tipBare, hour: 8, message: 'Fix h' }),
    item({ commit: tipAttested, hour: 7, message: 'Add i', claims: claims('used', [SONNET]) }),
    item({ hour: 6, message: 'Plain work, no trace' }),
  ];
  const s = summaryOf(items).signals;

  it("finds detect's four kinds, with the claim it compared", () => {
    expect(s.listed.map(key)).toEqual([
      '01 unattested codex',
      '04 unattested claude-code',
      '05 attested-none cursor',
      '06 other-tool claude-code',
      '07 other-model aider',
      '08 unattested claude-code',
      '12 other-tool claude-code',
    ]);
    expect(s.findings).toBe(7);
    expect(s.commits).toBe(7);
    expect(s.byRule).toEqual({ unattested: 3, 'attested-none': 1, 'other-tool': 2, 'other-model': 1 });
    const merge = s.listed[0]!;
    expect(merge).toMatchObject({ claimCommit: tipBare, state: 'unattested', signals: ['branch.agent-prefix'] });
    expect(s.listed.find((f) => f.commit.startsWith('08'))!.state).toBe('rejected');
    expect(s.listed.find((f) => f.commit.startsWith('07'))!.model).toBe('gpt-4o-2024-08-06');
    expect(s.listed.find((f) => f.commit.startsWith('12'))!.signals).toEqual(['capture.unmatched-event']);
    expect(s.listed.find((f) => f.commit.startsWith('04'))!.evidence).toBe(`message line 3: ${CLAUDE}`);
  });

  it('counts by signal, and what was not judged: exempt commits, merges whose tip is outside the range', () => {
    expect(s.bySignal.find((b) => b.signal === 'identity.claude')).toEqual({
      signal: 'identity.claude',
      findings: 2,
      byRule: { unattested: 2, 'attested-none': 0, 'other-tool': 0, 'other-model': 0 },
    });
    expect(s.byTool[0]).toEqual({ tool: 'claude-code', findings: 4 });
    expect(s.exempt).toBe(1);
    expect(s.unresolvedMerges).toBe(1);
    // Merges (3), a, b, c, d, e, f (exempt), g (agrees), capture.
    expect(s.commitsWithSignals).toBe(11);
    expect(s.minConfidence).toBe('medium');
  });

  it('the signed block copy still counts as disclosed AI', () => {
    const signed = items[10]!;
    expect(signed.signals).toBeUndefined();
    expect(signed.disclosed).toEqual(['claude-code']);
    expect(items[14]!.disclosed).toEqual([]);
    expect(items[14]!.signals).toBeUndefined();
  });

  it('lists only the newest findings, and merges repositories', () => {
    const many = Array.from({ length: 25 }, (_, i) => item({ hour: 100 - i, message: `Work ${i}\n\n${CLAUDE}\n` }));
    const a = new ReportAccumulator();
    const b = new ReportAccumulator();
    for (const i of many.slice(0, 12)) a.add(i);
    for (const i of many.slice(12)) b.add(i);
    // The second repository's newest commit is newer than everything in the first.
    const newest = item({ hour: 200, message: `Newest\n\n${CLAUDE}\n` });
    b.add(newest);
    const totals = new ReportAccumulator();
    totals.merge(a);
    totals.merge(b);
    const t = totals.summary('week').signals;
    expect(t.findings).toBe(26);
    expect(t.listed).toHaveLength(LISTED_SIGNAL_FINDINGS);
    expect(t.listed[0]!.commit).toBe(newest.commit);
    expect(t.listed.slice(1).map((f) => f.commit)).toEqual(many.slice(0, LISTED_SIGNAL_FINDINGS - 1).map((m) => m.commit));
  });

  it('every format shows the section; repository text is escaped', () => {
    const evil = item({ hour: 30, message: `Evil \u001b[2J | <b>x</b>\n\n${CLAUDE}\n` });
    const report = reportOf(summaryOf([evil, ...items]));
    const md = renderMarkdown(report, DIMENSIONS);
    expect(md).toContain('## Unattested AI signals');
    expect(md).toContain('| identity.claude | 3 | 3 | 0 | 0 | 0 |');
    expect(md).toContain('## Unattested AI signals: newest findings');
    expect(md).toMatch(/Fix, no attestation: Ask the author whether AI was involved/);
    expect(md).toMatch(/1 commit with AI signals is exempt by policy/);
    expect(md).not.toContain('\u001b');
    const table = renderTable(report, new Chalk({ level: 0 }), ['tool']);
    expect(table).toMatch(
      /Unattested AI signals\n {2}8 findings on 8 commits \(4 no attestation, 1 attested "no AI", 2 another tool, 1 another model\)/,
    );
    expect(table).toContain(`${evil.commit.slice(0, 12)}  2025-06-03  Evil \\e[2J | <b>x</b>`);
    const html = renderHtml(report, DIMENSIONS);
    expect(html).toContain('<section id="signals"><h2>Unattested AI signals</h2>');
    expect(html).toContain('Evil \\e[2J | &lt;b&gt;x&lt;/b&gt;');
    const json = JSON.parse(JSON.stringify(report)) as Report;
    expect(json.totals.signals.byRule.unattested).toBe(4);
    const csv = renderReport(report, 'csv', parseBy('signals'), new Chalk({ level: 0 })).split('\r\n');
    expect(csv[0]).toBe('repository,signal,findings,unattested,attested_none,other_tool,other_model');
    expect(csv).toContain('r,identity.claude,3,3,0,0,0');
    // Other sections and CSV tables are unchanged by it.
    expect(renderCsv(report, 'tool').split('\r\n')[0]).toBe(
      'repository,tool,commits,share_of_ai_commits,changed_lines,ai_weighted_lines,sensitive_commits,models',
    );
  });

  it('a range without signals says so in one section', () => {
    const report = reportOf(summaryOf([item({ message: 'Plain' })]));
    const md = renderMarkdown(report, ['tool']);
    expect(md).toContain('## Unattested AI signals\n\n0 commits with an AI signal at medium confidence or more.');
    expect(md).toContain('_none: no AI signal in range_');
    expect(md).not.toContain('newest findings');
  });
});
