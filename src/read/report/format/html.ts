import { STATES, type CommitState, type GroupRow, type Report, type Summary } from '../types.js';
import { aiPct, count, int, pct, STATE_LABELS } from './numbers.js';
import { failedVerification, reportSections, summarySections, type Dimension, type Section } from './sections.js';
import { esc, horizontalBars, stackedBar, stackedColumns, type Segment } from './svg.js';
import { htmlPage } from './page.js';

export const STATE_COLOURS: Record<CommitState, string> = {
  used: '#7c3aed',
  none: '#16a34a',
  undeclared: '#d97706',
  unattested: '#6b7280',
  rejected: '#dc2626',
  exempt: '#cbd5e1',
};

/**
 * One self-contained HTML file: inline CSS and SVG, no script, and a Content-Security-Policy
 * that forbids every fetch, so it opens the same offline, from a mail attachment or printed.
 */
export function renderHtml(report: Report, dimensions: readonly Dimension[]): string {
  const t = report.totals;
  const repos = report.repositories.map((r) => r.name).join(', ');
  const title = `AI attestation report: ${report.range.join(' ')}`;
  const body = [
    `<header><h1>${esc(title)}</h1><p class="meta">Generated ${esc(report.generatedAt)} · ` +
      `${report.repositories.length > 1 ? 'repositories' : 'repository'}: ${esc(repos)} · ` +
      `${esc(periodText(t))}</p></header>`,
    kpis(t),
    failureBanner(t),
    charts(t, ''),
    ...reportSections(report, { dimensions }).map((s) => tableSection(s, 'h2')),
    ...(report.repositories.length > 1
      ? report.repositories.map((r) => {
          const prefix = `${slug(r.name)}-`;
          const sections = summarySections(r.summary, { dimensions }, prefix)
            .map((s) => tableSection(s, 'h3'))
            .join('');
          const head = `<section class="repo" id="repo-${esc(slug(r.name))}"><h2>Repository: ${esc(r.name)}</h2>`;
          return `${head}${kpis(r.summary)}${charts(r.summary, prefix)}${sections}</section>`;
        })
      : []),
    `<footer>ai-attest report, schema ${esc(report.schema)}. Numbers are from verified ` +
      `attestations only; see docs/report.md for definitions.</footer>`,
  ];
  return htmlPage(title, body);
}

function periodText(s: Summary): string {
  return s.period ? `${s.period.from.slice(0, 10)} to ${s.period.to.slice(0, 10)}` : 'empty range';
}

function kpi(id: string, value: number | null, shown: string, label: string, sub: string, tone = ''): string {
  return (
    `<div class="kpi ${tone}" data-testid="${id}" data-value="` +
    `${value === null ? '' : value}"><span class="v">${esc(shown)}</span><span class="l">` +
    `${esc(label)}</span><span class="s">${esc(sub)}</span></div>`
  );
}

function kpis(s: Summary): string {
  const c = s.commits;
  const l = s.lines;
  const fails = failedVerification(s);
  return `<section class="kpis">${[
    c.byState.used + c.byState.none + c.byState.undeclared === 0 && c.inScope > 0
      ? kpi(
          'kpi-ai-share',
          null,
          'unknown',
          'commits with AI involvement',
          `none of ${int(c.inScope)} in scope is attested${c.disclosed.commits ? `; ${int(c.disclosed.commits)} disclose AI` : ''}`,
        )
      : kpi(
          'kpi-ai-share',
          c.aiShare,
          pct(c.aiShare),
          'commits with AI involvement',
          `${int(c.byState.used)} of ${int(c.inScope)} in scope`,
        ),
    kpi(
      'kpi-ai-lines',
      l.aiWeightedShare,
      aiPct(l.aiWeightedShare, l.inScope),
      'AI-weighted share of changed lines',
      `${int(l.aiWeighted)} of ${int(l.inScope)} lines`,
    ),
    kpi(
      'kpi-attestation',
      c.attestationRate,
      pct(c.attestationRate),
      'attestation rate',
      `${int(c.byState.unattested)} unattested, ${int(c.byState.undeclared)} undeclared`,
    ),
    kpi(
      'kpi-failures',
      fails,
      int(fails),
      'verification failures',
      `${int(s.verification.byStatus.ok + s.verification.byStatus.carried)} verified`,
      fails ? 'bad' : 'good',
    ),
  ].join('')}</section>`;
}

function failureBanner(s: Summary): string {
  const n = failedVerification(s);
  if (!n) return '';
  return (
    `<p class="banner" role="alert">${count(n, 'commit')} ${n === 1 ? 'fails' : 'fail'} ` +
    `verification: see "Verification failures". The claims of attestations that fail an ` +
    `integrity check (signature, binding, identity) are never counted: those commits show as ` +
    `"failed verification".</p>`
  );
}

function charts(s: Summary, prefix: string): string {
  const states: Segment[] = STATES.map((k) => ({ key: k, label: STATE_LABELS[k], value: s.commits.byState[k], colour: STATE_COLOURS[k] }));
  const columns = s.timeline.buckets.map((b) => ({
    label: b.label,
    segments: STATES.map((k) => ({ key: k, label: STATE_LABELS[k], value: b.byState[k], colour: STATE_COLOURS[k] })),
  }));
  const bars = (rows: GroupRow[]) =>
    rows.slice(0, 12).map((g) => ({ label: g.key, value: g.commits, text: `${int(g.commits)} commits, ${pct(g.shareOfAiCommits)}` }));
  const timeline = stackedColumns(`${prefix}chart-timeline`, `Commits per ${s.timeline.granularity} by attestation`, columns);
  const byTool = horizontalBars(`${prefix}chart-tools`, 'AI-involved commits by tool', bars(s.byTool), STATE_COLOURS.used);
  const byModel = horizontalBars(`${prefix}chart-models`, 'AI-involved commits by model version', bars(s.byModel), '#4f46e5');
  return `<section class="charts">
<figure><figcaption>Commits by attestation</figcaption>${stackedBar(`${prefix}chart-states`, 'Commits by attestation', states)}</figure>
<figure><figcaption>Commits per ${esc(s.timeline.granularity)}</figcaption>${timeline}</figure>
<figure><figcaption>AI-involved commits by tool</figcaption>${byTool}</figure>
<figure><figcaption>AI-involved commits by model version</figcaption>${byModel}</figure>
</section>`;
}

function tableSection(s: Section, h: 'h2' | 'h3'): string {
  const notes = s.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('');
  if (s.rows.length === 0)
    return `<section id="${esc(s.id)}"><${h}>${esc(s.title)}</${h}>${notes}<p class="empty">${esc(s.empty)}</p></section>`;
  const marked = new Set(s.marked ?? []);
  const head = s.columns.map((c) => `<th scope="col" class="${c.align}">${esc(c.label)}</th>`).join('');
  const rows = s.rows
    .map(
      (r, i) =>
        `<tr${marked.has(i) ? ' class="marked"' : ''}>` +
        `${r.map((cell, j) => `<td class="${s.columns[j]?.align ?? 'left'}">${esc(cell)}</td>`).join('')}</tr>`,
    )
    .join('');
  const footnotes = (s.footnotes ?? []).map((n) => `<p class="note footnote"><small>${esc(n)}</small></p>`).join('');
  return (
    `<section id="${esc(s.id)}"><${h}>${esc(s.title)}</${h}>${notes}<table><thead><tr>` +
    `${head}</tr></thead><tbody>${rows}</tbody></table>${footnotes}</section>`
  );
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'repo'
  );
}
