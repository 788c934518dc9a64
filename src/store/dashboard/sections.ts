import { aiPct, int, pct, pValue, zValue } from '../../read/report/format/numbers.js';
import type { Dashboard, DeveloperMetric } from './model.js';

/** One table of the dashboard, as every renderer shows it (cells are display text, unescaped). */
export interface Section {
  id: string;
  title: string;
  /** The question it answers, in the words a compliance lead would use. */
  question: string;
  columns: Array<{ label: string; align: 'left' | 'right' }>;
  rows: string[][];
  notes: string[];
  empty: string;
}

const L = (label: string) => ({ label, align: 'left' as const });
const R = (label: string) => ({ label, align: 'right' as const });

export function sections(d: Dashboard): Section[] {
  return [
    {
      id: 'ai-share',
      title: 'AI involvement by repository',
      question: `What share of ${d.period ? `${d.period.label}'s` : 'the'} commits involved AI?`,
      columns: [
        L('Repository'),
        R('Commits in scope'),
        R('AI involved'),
        R('AI share'),
        R('Attestation rate'),
        R('Not known'),
        R('Undeclared AI signals'),
      ],
      rows: d.repositories.map((r) => [
        r.name,
        int(r.inScope),
        int(r.used),
        aiPct(r.aiShare, r.inScope),
        pct(r.attestationRate),
        pct(r.unknownShare),
        int(r.unattestedSignals),
      ]),
      notes: [
        'AI share: commits whose verified attestation says AI was involved, out of the commits that ' +
          'need an attestation (merges and other exemptions left out). "Not known": unattested, ' +
          'undeclared or failing verification; they are not counted as human-only.',
        "Undeclared AI signals: commits where an agent's own trailer or identity (ai-attest detect) " +
          'says AI was involved and the attestation does not: a follow-up for a human, not a verdict.',
      ],
      empty: 'No commits in this period.',
    },
    {
      id: 'sensitive',
      title: 'AI changes in sensitive paths',
      question: 'Which repositories have the highest rate of AI changes in sensitive paths?',
      columns: [
        L('Repository'),
        R('Commits in scope'),
        R('AI commits'),
        R('AI in sensitive paths'),
        R('Rate'),
        R('Of AI commits'),
        R('Sensitive files AI touched'),
      ],
      rows: d.sensitive.map((r) => [
        r.name,
        int(r.inScope),
        int(r.aiCommits),
        int(r.aiSensitiveCommits),
        pct(r.rate),
        pct(r.shareOfAi),
        int(r.aiSensitiveFiles),
      ]),
      notes: [
        "Rate: commits where AI touched a file matching the repository's sensitive-path globs, out of its commits in scope. Highest first.",
      ],
      empty: 'No commits in this period.',
    },
    ...d.developers.map(developerSection),
    {
      id: 'rework',
      title: 'Model output reworked by humans',
      question: 'Which model versions produce the output humans rework most?',
      columns: [L('Model'), R('Commits'), R('Lines produced'), R('Kept unchanged'), R('Reworked')],
      rows: d.rework.rows.map((r) => [r.model, int(r.commits), int(r.rawLines), int(r.keptLines), pct(r.reworkedShare)]),
      notes: [
        `From captured model output compared with what was committed ` +
          `(${int(d.rework.capturedCommits)} commits with captured output). Models with fewer than ` +
          `${int(d.rework.minRawLines)} captured lines are left out.`,
      ],
      empty: 'No captured model output in this period: wire capture into the coding agents (ai-attest agents install) to answer this.',
    },
  ];
}

function developerSection(m: DeveloperMetric): Section {
  return {
    id: `developers-${m.id}`,
    title: `Developers who ${m.title.charAt(0).toLowerCase()}${m.title.slice(1)}`,
    question: 'Which developers attest differently from their peers?',
    columns: [L('Developer'), L('Email'), R('Repositories'), R('Rate'), R('Peers'), R('Commits'), R('Differs'), R('z'), R('p')],
    rows: m.top.map((r) => [
      r.name,
      r.email,
      int(r.repositories),
      pct(r.rate),
      pct(r.restRate),
      int(r.n),
      r.flagged ? 'yes' : 'no',
      r.z === null ? '' : zValue(r.z),
      r.p === null ? '' : pValue(r.p),
    ]),
    notes: [
      `Rate: ${m.definition}. ${int(m.flagged.length)} of ${int(m.tested)} developers with enough ` +
        `commits differ from everyone else by more than chance explains; the ${int(m.top.length)} ` +
        `furthest from their peers are listed.`,
      `¹ Statistics: ${m.test.name}, ${m.test.alternative}, family-wise error ` +
        `${m.test.alpha * 100}% with Holm's correction; developers with fewer than ` +
        `${m.test.minSample} commits are not tested.`,
    ],
    empty: 'No developer has enough commits in this period to compare.',
  };
}
