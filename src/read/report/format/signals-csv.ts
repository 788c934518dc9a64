import { FINDING_RULES } from '../../../detect/compare.js';
import type { Report, Summary } from '../types.js';
import { field } from './csv.js';

/** `--by signal`: the report's table of AI signals nobody attested (CSV; the other formats always show it). */
export const SIGNAL_TABLE = 'signal';

export const SIGNAL_COLUMNS = ['signal', 'findings', ...FINDING_RULES.map((r) => r.replace(/-/g, '_'))];

/** One row per (repository, signal): the findings it is evidence in, by kind; then the totals ("(all)") for several repositories. */
export function renderSignalsCsv(report: Report): string {
  const rows: Array<Array<string | number>> = [];
  const add = (name: string, s: Summary) => {
    for (const b of s.signals.bySignal) rows.push([name, b.signal, b.findings, ...FINDING_RULES.map((r) => b.byRule[r])]);
  };
  for (const repo of report.repositories) add(repo.name, repo.summary);
  if (report.repositories.length > 1) add('(all)', report.totals);
  return `${[['repository', ...SIGNAL_COLUMNS], ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
