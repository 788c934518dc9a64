import { printable } from '../../ui/printable.js';
import { FINDING_RULES } from '../compare.js';
import type { DetectReport } from '../detect.js';
import { attestedText, RULE_TITLES, toolText } from './describe.js';

export interface Paint {
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  green(s: string): string;
}

const plain: Paint = { yellow: (s) => s, dim: (s) => s, bold: (s) => s, green: (s) => s };

/** Human output: a summary line, then the findings grouped by rule, each with its quoted evidence. */
export function detectText(report: DetectReport, paint: Paint = plain): string {
  const n = report.commits;
  const lines: string[] = [];
  const rules = FINDING_RULES.filter((r) => report.counts.byRule[r] > 0).map((r) => `${report.counts.byRule[r]} ${r}`);
  lines.push(
    `${paint.bold('ai-attest detect')}: ${n} commit${n === 1 ? '' : 's'} (` +
      `${printable(report.range)}), ${report.commitsWithSignals} with AI signals` +
      (report.findings.length ? `: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${rules.join(', ')})` : ''),
  );
  for (const rule of FINDING_RULES) {
    const group = report.findings.filter((f) => f.rule === rule);
    if (!group.length) continue;
    lines.push('', `${paint.yellow(paint.bold(RULE_TITLES[rule]))} (${group.length})`);
    for (const f of group) {
      lines.push(`  ${f.commit.slice(0, 12)}  ${f.time.slice(0, 10)}  ${printable(f.author.name)}  ${printable(f.subject)}`);
      lines.push(
        `      ${toolText({ tool: printable(f.tool), ...(f.model ? { model: printable(f.model) } : {}) })}, ` +
          `${f.confidence} confidence; ${printable(attestedText(f))}`,
      );
      for (const h of f.signals) lines.push(`      ${paint.dim(`${h.signal} (${printable(h.where)}):`)} ${printable(h.evidence)}`);
    }
  }
  lines.push('');
  if (!report.findings.length) lines.push(paint.green(n ? 'no unattested AI signals.' : 'nothing to look at.'));
  else
    lines.push(`Findings are for follow-up by a person: signals can be wrong. ${paint.dim('(--fail-on LEVEL makes them fail the run.)')}`);
  return `${lines.join('\n')}\n`;
}
