import type { ChalkInstance } from 'chalk';
import type { Report } from '../types.js';
import { safeJson } from '../../../ui/safe-text.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSignalsCsv, SIGNAL_TABLE } from './signals-csv.js';
import { DIMENSIONS, type Dimension } from './sections.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'markdown', 'json', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * `--by` picks the breakdown. Without it the terminal shows tools (short), CSV the tool table
 * (one table per file), Markdown and HTML every breakdown (documents that are read in full).
 */
export function renderReport(
  report: Report,
  format: Format,
  table: Dimension | typeof SIGNAL_TABLE | undefined,
  chalk: ChalkInstance,
): string {
  // The signals table is a section of every format: as --by it only picks the CSV table.
  if (table === SIGNAL_TABLE && format === 'csv') return renderSignalsCsv(report);
  const by = table === SIGNAL_TABLE ? undefined : table;
  switch (format) {
    case 'json':
      return `${safeJson(JSON.stringify(report, null, 2))}\n`;
    case 'csv':
      return renderCsv(report, by ?? 'tool');
    case 'markdown':
      return renderMarkdown(report, by ? [by] : DIMENSIONS);
    case 'html':
      return renderHtml(report, by ? [by] : DIMENSIONS);
    case 'table':
      return renderTable(report, chalk, by ? [by] : ['tool']);
  }
}
