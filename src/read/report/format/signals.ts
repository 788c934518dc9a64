import type { FindingRule } from '../../../detect/compare.js';
import { RULE_HELP } from '../../../detect/format/describe.js';
import type { SignalsSummary } from '../signals-summary.js';
import type { Summary } from '../types.js';
import { count, int, STATE_LABELS } from './numbers.js';
import type { Column, Section } from './sections.js';

const L = (label: string): Column => ({ label, align: 'left' });
const R = (label: string): Column => ({ label, align: 'right' });

const RULE_LABELS: Record<FindingRule, string> = {
  unattested: 'no attestation',
  'attested-none': 'attested "no AI"',
  'other-tool': 'another tool',
  'other-model': 'another model',
};
const RULES = Object.keys(RULE_LABELS) as FindingRule[];
const EVIDENCE_MAX = 80;

/**
 * "Unattested AI signals": the counts by signal and kind of finding, the fix for each kind, then
 * the newest findings. Every format draws these sections (JSON carries `signals` itself).
 */
export function signalSections(s: Summary, id: string): Section[] {
  const g = s.signals;
  const byKind = RULES.filter((r) => g.byRule[r] > 0).map((r) => `${int(g.byRule[r])} ${RULE_LABELS[r]}`);
  const notes = [
    g.findings
      ? `${count(g.findings, 'finding')} on ${count(g.commits, 'commit')} (${byKind.join(', ')}), ` +
        `of ${count(g.commitsWithSignals, 'commit')} with an AI signal at ${g.minConfidence} ` +
        `confidence or more.`
      : `${count(g.commitsWithSignals, 'commit')} with an AI signal at ${g.minConfidence} confidence or more.`,
    'Signals are the traces agents leave in commit messages and identities (agent trailers and ' +
      'authors, "Generated with" footers, agent branches in merge subjects) and what capture ' +
      'recorded, compared with the verified attestation: a commit whose attestation fails ' +
      'verification counts as having none. A finding is a reason to ask, not a verdict.',
    ...(g.exempt ? [`${count(g.exempt, 'commit')} with AI signals ${g.exempt === 1 ? 'is' : 'are'} exempt by policy and not judged.`] : []),
    ...(g.unresolvedMerges
      ? [
          `${count(g.unresolvedMerges, 'merge')} of an agent branch whose tip is outside the range ` +
            `${g.unresolvedMerges === 1 ? 'is' : 'are'} not judged here (\`ai-attest detect\` reads the ` +
            `tip).`,
        ]
      : []),
    ...(g.findings
      ? [
          'Every finding, with SARIF for code scanning and GitHub annotations: `ai-attest detect ' +
            'RANGE` (with git-ai notes, and the diffs with --content).',
        ]
      : []),
  ];
  const counts: Section = {
    id,
    title: 'Unattested AI signals',
    notes,
    columns: [L('signal'), R('findings'), ...RULES.map((r) => R(RULE_LABELS[r]))],
    rows: g.bySignal.map((b) => [b.signal, int(b.findings), ...RULES.map((r) => int(b.byRule[r]))]),
    empty: g.commitsWithSignals ? 'none: every AI signal in range agrees with its attestation' : 'none: no AI signal in range',
    footnotes: RULES.filter((r) => g.byRule[r] > 0).map((r) => `Fix, ${RULE_LABELS[r]}: ${RULE_HELP[r]}`),
  };
  if (!g.findings) return [counts];
  return [counts, newest(g, `${id}-commits`)];
}

function newest(g: SignalsSummary, id: string): Section {
  return {
    id,
    title: 'Unattested AI signals: newest findings',
    notes: g.findings > g.listed.length ? [`The newest ${int(g.listed.length)} of ${count(g.findings, 'finding')}.`] : [],
    columns: [L('commit'), L('date'), L('subject'), L('finding'), L('tool'), L('confidence'), L('attestation'), L('evidence')],
    rows: g.listed.map((f) => [
      f.commit.slice(0, 12),
      f.time.slice(0, 10),
      f.subject.slice(0, 60),
      RULE_LABELS[f.rule],
      f.model ? `${f.tool} ${f.model}` : f.tool,
      f.confidence,
      `${STATE_LABELS[f.state]}${f.claimCommit ? ` (merged tip ${f.claimCommit.slice(0, 12)})` : ''}`,
      f.evidence.length > EVIDENCE_MAX ? `${f.evidence.slice(0, EVIDENCE_MAX - 1)}…` : f.evidence,
    ]),
    empty: '',
  };
}
