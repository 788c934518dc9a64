import type { Report, Summary } from '../types.js';
import type { Dimension } from './sections.js';
import { safeText } from '../../../ui/safe-text.js';

type Value = string | number | boolean | null;

/**
 * One table, chosen with --by (default: tool), as RFC 4180 CSV: a header row, CRLF line ends,
 * fields with a comma, quote or line break quoted with quotes doubled. Numbers are raw (ratios
 * in [0, 1]); with several repositories, each repository's rows then the totals ("(all)").
 */
export function renderCsv(report: Report, by: Dimension): string {
  const header = ['repository', ...COLUMNS[by]];
  const rows: Value[][] = [];
  const add = (name: string, s: Summary) => {
    for (const r of rowsOf(s, by)) rows.push([name, ...r]);
  };
  for (const repo of report.repositories) add(repo.name, repo.summary);
  if (report.repositories.length > 1) add('(all)', report.totals);
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

export const COLUMNS: Record<Dimension, string[]> = {
  tool: ['tool', 'commits', 'share_of_ai_commits', 'changed_lines', 'ai_weighted_lines', 'sensitive_commits', 'models'],
  model: ['model', 'commits', 'share_of_ai_commits', 'changed_lines', 'ai_weighted_lines', 'sensitive_commits', 'tools'],
  path: ['integration_path', 'commits', 'share_of_ai_commits', 'changed_lines', 'ai_weighted_lines', 'sensitive_commits', 'tools'],
  folder: ['folder', 'commits', 'changed_lines', 'ai_weighted_lines', 'ai_weighted_share'],
  author: [
    'email',
    'name',
    'commits',
    'in_scope',
    'attested',
    'attestation_rate',
    'attestation_z',
    'attestation_p',
    'attestation_threshold',
    'declared',
    'ai_commits',
    'ai_rate',
    'ai_z',
    'ai_p',
    'ai_threshold',
    'flags',
  ],
};

function rowsOf(s: Summary, by: Dimension): Value[][] {
  switch (by) {
    case 'tool':
    case 'model':
    case 'path': {
      const groups = by === 'tool' ? s.byTool : by === 'model' ? s.byModel : s.byVia;
      return groups.map((g) => [
        g.key,
        g.commits,
        g.shareOfAiCommits,
        g.changedLines,
        g.aiWeightedLines,
        g.sensitiveCommits,
        g.related.join(';'),
      ]);
    }
    case 'folder':
      return s.byFolder.map((f) => [f.folder, f.commits, f.changedLines, f.aiWeightedLines, f.aiWeightedShare]);
    case 'author':
      return s.authors.rows.map((a) => {
        const t1 = a.attestationTest;
        const t2 = a.aiTest;
        return [
          a.email,
          a.name,
          a.commits,
          a.inScope,
          a.attested,
          a.attestationRate,
          t1.tested ? t1.z : null,
          t1.tested ? t1.p : null,
          t1.tested ? t1.threshold : null,
          a.declared,
          a.aiCommits,
          a.aiRate,
          t2.tested ? t2.z : null,
          t2.tested ? t2.p : null,
          t2.tested ? t2.threshold : null,
          a.flags.join(';'),
        ];
      });
  }
}

/** Quotes per RFC 4180; text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function field(value: Value): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const shown = safeText(value);
  const text = /^[=+\-@]/.test(shown) ? `'${shown}` : shown;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
