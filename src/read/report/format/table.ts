import type { ChalkInstance } from 'chalk';
import type { Report } from '../types.js';
import { reportSections, type Dimension, type Section } from './sections.js';
import { safeText } from '../../../ui/safe-text.js';

/** The default terminal summary: aligned columns, colour only where chalk says so. */
export function renderTable(report: Report, c: ChalkInstance, dimensions: readonly Dimension[]): string {
  const repos = safeText(report.repositories.map((r) => r.name).join(', '));
  const out = [
    c.bold(`AI attestation report: ${safeText(report.range.join(' '))}`) +
      c.dim(`  (${report.repositories.length > 1 ? 'repositories' : 'repository'}: ${repos})`),
  ];
  for (const section of reportSections(report, { dimensions, maxRows: 15 })) out.push('', ...renderSection(section, c));
  return `${out.join('\n')}\n`;
}

function renderSection(unsafe: Section, c: ChalkInstance): string[] {
  const s = { ...unsafe, title: safeText(unsafe.title), notes: unsafe.notes.map(safeText), rows: unsafe.rows.map((r) => r.map(safeText)) };
  const footnotes = (unsafe.footnotes ?? []).map((n) => c.dim(`  note: ${safeText(n)}`));
  const lines = [c.bold(s.title)];
  for (const note of s.notes) lines.push(c.dim(`  ${note}`));
  if (s.rows.length === 0) return [...lines, `  ${s.empty}`];
  const header = s.columns.map((col) => col.label);
  const widths = header.map((h, i) => Math.max(h.length, ...s.rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    `  ${cells
      .map((cell, i) => (s.columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}`;
  if (s.id.endsWith('overview')) {
    for (const r of s.rows) lines.push(`  ${(r[0] ?? '').padEnd(widths[0]!)}  ${r[1] ?? ''}`);
    return lines;
  }
  lines.push(c.dim(fmt(header)));
  const marked = new Set(s.marked ?? []);
  s.rows.forEach((r, i) => lines.push(marked.has(i) ? c.yellow(fmt(r)) : fmt(r)));
  return [...lines, ...footnotes];
}
