import { printable } from '../ui/printable.js';
import type { CorrelateKind, CorrelateReport } from './correlate.js';

const TITLES: Record<CorrelateKind, string> = {
  'model-mismatch': 'Model differs from what the provider recorded',
  'unknown-request': 'Captured request ids the provider has no record of',
  'output-mismatch': "Captured output not in the provider's recorded output",
  'unaccounted-call': 'Provider calls no commit accounts for',
};

/** Human output: a summary, then the findings by kind; ids and models only, never prompt or output text. */
export function correlateText(r: CorrelateReport): string {
  const lines = [
    `ai-attest correlate: ${r.commits} commits (${printable(r.range)}), ${r.trailIds} captured ` +
      `ids, ${r.providerCalls} provider calls; ${r.matched} matched, ${r.outputsCompared} outputs ` +
      `compared` +
      (r.outsideLogWindow ? `, ${r.outsideLogWindow} ids outside the logs' time window` : '') +
      (r.skippedRecords ? `, ${r.skippedRecords} log records not read` : ''),
  ];
  for (const kind of Object.keys(TITLES) as CorrelateKind[]) {
    const group = r.findings.filter((f) => f.kind === kind);
    if (!group.length) continue;
    lines.push('', `${TITLES[kind]} (${group.length})`);
    for (const f of group) {
      lines.push(`  ${f.commit ? `${f.commit.slice(0, 12)}  ${printable(f.subject ?? '')}` : printable(f.source ?? '')}`);
      lines.push(`      ${printable(f.message)}${f.commit && f.source ? ` (${printable(f.source)})` : ''}`);
    }
  }
  lines.push(
    '',
    r.findings.length
      ? `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}. Nothing was stored.`
      : 'the trail and the provider logs agree. Nothing was stored.',
  );
  return `${lines.join('\n')}\n`;
}
