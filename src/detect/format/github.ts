import { escapeData, escapeProperty } from '../../ui/github-annotations.js';
import type { DetectReport } from '../detect.js';
import { fileLocation, findingSentence, RULE_TITLES } from './describe.js';

/** `--format github`: one workflow annotation per finding (warning; notice for low confidence), then a summary line. */
export function detectGithub(report: DetectReport): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const kind = f.confidence === 'low' ? 'notice' : 'warning';
    const at = fileLocation(f);
    const props = [
      ...(at ? [`file=${escapeProperty(at.path)}`, `line=${at.line}`] : []),
      `title=${escapeProperty(`ai-attest detect: ${RULE_TITLES[f.rule]} (${f.commit.slice(0, 12)})`)}`,
    ];
    lines.push(`::${kind} ${props.join(',')}::${escapeData(findingSentence(f))}`);
  }
  const { byRule } = report.counts;
  lines.push(
    `ai-attest detect: ${report.commits} commits, ${report.commitsWithSignals} with AI signals, ${report.findings.length} findings: ` +
      `${byRule.unattested} unattested, ${byRule['attested-none']} attested-none, ` +
      `${byRule['other-tool']} other-tool, ${byRule['other-model']} other-model`,
  );
  return `${lines.join('\n')}\n`;
}
