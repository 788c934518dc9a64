import type { Report } from '../types.js';
import { safeText } from '../../../ui/safe-text.js';
import { reportSections, summarySections, type Dimension, type Section } from './sections.js';

/** GitHub-flavoured Markdown: headings, notes as paragraphs, one pipe table per section. */
export function renderMarkdown(report: Report, dimensions: readonly Dimension[]): string {
  const out = [
    `# AI attestation report: ${escapeInline(report.range.join(' '))}`,
    '',
    `Generated ${report.generatedAt} by ai-attest (schema ${report.schema}). Repositories: ` +
      `${report.repositories.map((r) => escapeInline(r.name)).join(', ')}.`,
  ];
  for (const s of reportSections(report, { dimensions })) out.push('', ...section(s, '##'));
  if (report.repositories.length > 1) {
    for (const repo of report.repositories) {
      out.push('', `## Repository: ${escapeInline(repo.name)}`);
      for (const s of summarySections(repo.summary, { dimensions }, `${repo.name}-`)) out.push('', ...section(s, '###'));
    }
  }
  return `${out.join('\n')}\n`;
}

function section(s: Section, level: string): string[] {
  const lines = [`${level} ${escapeInline(s.title)}`];
  for (const note of s.notes) lines.push('', escapeInline(note));
  lines.push('');
  if (s.rows.length === 0) return [...lines, `_${escapeInline(s.empty)}_`];
  lines.push(`| ${s.columns.map((c) => cell(c.label)).join(' | ')} |`);
  lines.push(`|${s.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`);
  for (const r of s.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  for (const note of s.footnotes ?? []) lines.push('', `<sub>${escapeInline(note)}</sub>`);
  return lines;
}

/** A table cell: pipes escaped, line breaks flattened, Markdown markup neutralised. */
export function cell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|');
}

function escapeInline(text: string): string {
  return safeText(text).replace(/([\\`*_[\]<>#])/g, '\\$1');
}
