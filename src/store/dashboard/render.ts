import { STATE_COLOURS } from '../../read/report/format/html.js';
import { aiPct, int, pct } from '../../read/report/format/numbers.js';
import { htmlPage } from '../../read/report/format/page.js';
import { esc, horizontalBars, stackedColumns } from '../../read/report/format/svg.js';
import { cell } from '../../read/report/format/markdown.js';
import { safeText } from '../../ui/safe-text.js';
import type { Dashboard } from './model.js';
import { sections, type Section } from './sections.js';

export type DashboardFormat = 'text' | 'markdown' | 'json' | 'html';

export function renderDashboard(d: Dashboard, format: DashboardFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(d, null, 2)}\n`;
    case 'markdown':
      return markdown(d);
    case 'html':
      return html(d);
    case 'text':
      return text(d);
  }
}

const periodText = (d: Dashboard) => (d.period ? d.period.label : 'all commits');

function headline(d: Dashboard): string[] {
  const t = d.totals;
  return [
    `${int(t.repositories)} ${t.repositories === 1 ? 'repository' : 'repositories'}, ` +
      `${int(t.commits)} ${t.commits === 1 ? 'commit' : 'commits'} (${int(t.inScope)} in scope)`,
    `AI involved: ${aiPct(t.aiShare, t.inScope)} (${int(t.used)}); attested: ${pct(t.attestationRate)}; not known: ${pct(t.unknownShare)}`,
  ];
}

function text(d: Dashboard): string {
  const out = [`AI attestation dashboard: ${periodText(d)}`, ...headline(d), ''];
  for (const s of sections(d)) {
    out.push(`${s.title}`, `  ${s.question}`);
    if (!s.rows.length) out.push(`  ${s.empty}`, '');
    else {
      const cells = [s.columns.map((c) => c.label), ...s.rows.map((r) => r.map(safeText))];
      const widths = s.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
      for (const r of cells)
        out.push(
          `  ${r
            .map((v, i) => (s.columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
            .join('  ')
            .trimEnd()}`,
        );
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

/** Markdown cells: pipes, backslashes and newlines would break the table; HTML in names must not render. */
/** Repository text in Markdown: the report's cell escaping (controls, markup, pipes). */
const md = cell;

function markdown(d: Dashboard): string {
  const out = [`# AI attestation dashboard: ${md(periodText(d))}`, '', ...headline(d).map((l) => `- ${l}`), ''];
  for (const s of sections(d)) {
    out.push(`## ${s.title}`, '', `*${s.question}*`, '');
    if (!s.rows.length) out.push(s.empty, '');
    else {
      out.push(
        `| ${s.columns.map((c) => c.label).join(' | ')} |`,
        `| ${s.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`,
      );
      for (const r of s.rows) out.push(`| ${r.map(md).join(' | ')} |`);
      out.push('');
    }
    for (const n of s.notes) out.push(n, '');
  }
  out.push(`Generated ${d.generatedAt}, schema ${d.schema}.`);
  return `${out.join('\n')}\n`;
}

function table(s: Section): string {
  const notes = s.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('');
  const head = s.columns.map((c) => `<th scope="col" class="${c.align}">${esc(c.label)}</th>`).join('');
  const rows = s.rows.map((r) => `<tr>${r.map((v, i) => `<td class="${s.columns[i]!.align}">${esc(v)}</td>`).join('')}</tr>`).join('');
  const body = s.rows.length
    ? `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="empty">${esc(s.empty)}</p>`;
  return `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2><p class="meta">${esc(s.question)}</p>${body}${notes}</section>`;
}

/** `caption` is HTML already escaped by the caller. */
function figure(caption: string, chart: string): string {
  return `<figure><figcaption>${caption}</figcaption>${chart}</figure>`;
}

function kpi(id: string, value: number | null, shown: string, label: string, sub: string): string {
  const spans = `<span class="v">${esc(shown)}</span><span class="l">${esc(label)}</span><span class="s">${esc(sub)}</span>`;
  return `<div class="kpi" data-testid="${id}" data-value="${value ?? ''}">${spans}</div>`;
}

function html(d: Dashboard): string {
  const t = d.totals;
  const title = `AI attestation dashboard: ${periodText(d)}`;
  const columns = d.timeline.rows.map((r) => ({
    label: r.period,
    segments: [
      { key: 'used', label: 'AI involved', value: r.used, colour: STATE_COLOURS.used },
      { key: 'none', label: 'attested no AI', value: r.none, colour: STATE_COLOURS.none },
      { key: 'unknown', label: 'not known', value: r.undeclared + r.unattested + r.rejected, colour: STATE_COLOURS.unattested },
    ],
  }));
  const share = d.repositories
    .slice()
    .sort((a, b) => (b.aiShare ?? -1) - (a.aiShare ?? -1))
    .slice(0, 15)
    .map((r) => ({ label: r.name, value: (r.aiShare ?? 0) * 100, text: `${aiPct(r.aiShare, r.inScope)} of ${int(r.inScope)}` }));
  const sens = d.sensitive
    .slice(0, 15)
    .map((r) => ({ label: r.name, value: (r.rate ?? 0) * 100, text: `${pct(r.rate)} (${int(r.aiSensitiveCommits)} commits)` }));
  const sensitiveChart = horizontalBars('chart-sensitive', 'Rate of AI changes in sensitive paths', sens, '#dc2626');
  const rework = d.rework.rows
    .slice(0, 15)
    .map((r) => ({ label: r.model, value: (r.reworkedShare ?? 0) * 100, text: `${pct(r.reworkedShare)} of ${int(r.rawLines)} lines` }));
  const body = [
    `<header><h1>${esc(title)}</h1><p class="meta">Generated ${esc(d.generatedAt)} · ${esc(headline(d)[0]!)}</p></header>`,
    `<section class="kpis">${[
      kpi(
        'kpi-ai-share',
        t.aiShare,
        aiPct(t.aiShare, t.inScope),
        'commits with AI involvement',
        `${int(t.used)} of ${int(t.inScope)} in scope`,
      ),
      kpi('kpi-attestation', t.attestationRate, pct(t.attestationRate), 'attestation rate', `${int(t.unattested)} unattested`),
      kpi(
        'kpi-unknown',
        t.unknownShare,
        pct(t.unknownShare),
        'not known either way',
        `unattested, undeclared or failing; ${int(t.unattestedSignals)} with undeclared AI signals`,
      ),
      kpi('kpi-repositories', t.repositories, int(t.repositories), 'repositories', `${int(t.commits)} commits`),
    ].join('')}</section>`,
    `<section class="charts">
${figure(`Commits per ${esc(d.timeline.granularity)}`, stackedColumns('chart-timeline', `Commits per ${d.timeline.granularity}`, columns))}
${figure('AI share by repository (highest 15)', horizontalBars('chart-ai-share', 'AI share by repository', share, STATE_COLOURS.used))}
${figure('Rate of AI changes in sensitive paths (highest 15)', sensitiveChart)}
${figure('Model output reworked by humans', horizontalBars('chart-rework', 'Model output reworked by humans', rework, '#4f46e5'))}
</section>`,
    ...sections(d).map(table),
    `<footer>ai-attest dashboard, schema ${esc(d.schema)}, store schema ` +
      `v${d.storeSchemaVersion}. Counts come from verified attestations only; see ` +
      `docs/store.md.</footer>`,
  ];
  return htmlPage(title, body);
}
