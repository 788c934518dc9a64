import { STATES, type GroupRow, type Report, type Summary, type TestResult } from '../types.js';
import { aiPct, count, fraction, int, pct, pValue, STATE_LABELS, zValue } from './numbers.js';
import { signalSections } from './signals.js';

/** `--by`: the breakdowns a report can show. `path` is the integration path (ide-plugin, cli-agent, ...). */
export const DIMENSIONS = ['tool', 'model', 'path', 'author', 'folder'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Column {
  label: string;
  align: 'left' | 'right';
}

/** One titled table: what the terminal, Markdown and HTML renderers all draw. */
export interface Section {
  id: string;
  title: string;
  /** Sentences shown above the table (definitions, the test behind a flag). */
  notes: string[];
  columns: Column[];
  rows: string[][];
  /** Shown instead of an empty table. */
  empty: string;
  /** Indices of rows to emphasise (flags, failures). */
  marked?: number[];
  /** Method details (statistical tests) shown after the table, in small print. */
  footnotes?: string[];
}

const L = (label: string): Column => ({ label, align: 'left' });
const R = (label: string): Column => ({ label, align: 'right' });

export interface SectionOptions {
  dimensions: readonly Dimension[];
  /** Cap for long tables in the terminal; flagged rows are always kept. */
  maxRows?: number;
}

/** The report's sections, in reading order: totals first, then one overview row per repository. */
export function reportSections(report: Report, options: SectionOptions): Section[] {
  const sections = summarySections(report.totals, options, '');
  if (report.repositories.length > 1) sections.splice(1, 0, repositoriesSection(report));
  return sections;
}

export function summarySections(s: Summary, options: SectionOptions, prefix: string): Section[] {
  const id = (name: string) => `${prefix}${name}`;
  const out: Section[] = [
    overview(s, id('overview')),
    verification(s, id('verification')),
    failures(s, id('failures')),
    unattested(s, id('unattested')),
    ...signalSections(s, id('signals')),
    commitStates(s, id('commits')),
  ];
  for (const d of options.dimensions) out.push(breakdown(s, d, id(`by-${d}`), options.maxRows));
  out.push(...sensitive(s, id('sensitive')));
  out.push(timeline(s, id('timeline')));
  out.push(...capture(s, id('capture')));
  if (s.gitAi) out.push(gitAiSection(s.gitAi, id('git-ai')));
  return out;
}

function overview(s: Summary, id: string): Section {
  const c = s.commits;
  const l = s.lines;
  const attested = c.byState.used + c.byState.none + c.byState.undeclared;
  const d = c.disclosed;
  const u = s.verification.unattested;
  const rows = [
    ['Period (author dates)', s.period ? `${s.period.from.slice(0, 10)} to ${s.period.to.slice(0, 10)}` : 'empty range'],
    ['Commits', `${count(c.total, 'commit')} (${count(c.merges, 'merge')}, ${int(c.byState.exempt)} exempt)`],
    [
      'Commits with AI involvement',
      attested === 0 && c.inScope > 0
        ? `unknown: none of the ${count(c.inScope, 'commit')} in scope is attested`
        : `${int(c.byState.used)} = ${pct(c.aiShare)} of ${int(c.inScope)} in scope; ` +
          `${pct(c.aiShareOfDeclared)} of the ${int(c.byState.used + c.byState.none)} that declared`,
    ],
    ...(d.commits > 0
      ? [
          [
            'AI disclosed by the history itself (not attested)',
            `${count(d.commits, 'commit')} carry agent trailers or identities (${d.byTool
              .slice(0, 4)
              .map((t) => `${t.tool} ${int(t.commits)}`)
              .join(', ')}${d.byTool.length > 4 ? ', ...' : ''}); ${int(d.notAttested)} of them without a verified attestation`,
          ],
        ]
      : []),
    [
      'Attestation rate',
      `${pct(c.attestationRate)} (${int(c.byState.unattested)} unattested: AI status unknown; ` +
        `${int(c.byState.undeclared)} undeclared, ${int(c.byState.rejected)} failed verification)`,
    ],
    ['Changed lines', `${int(l.changed)} (+${int(l.added)} -${int(l.deleted)}), ${count(l.binaryFiles, 'binary file change')} not counted`],
    [
      'AI-weighted changed lines',
      attested === 0 && c.inScope > 0
        ? 'unknown: no changed line in scope comes from an attested commit'
        : `${int(l.aiWeighted)} = ${pct(l.aiWeightedShare)} of ${int(l.inScope)} in scope`,
    ],
    ['Lines of unknown AI status', pct(l.unknownShare)],
    [
      'Verification failures',
      `${int(failedVerification(s))}` +
        `${u.commits ? ` (the ${count(u.commits, 'commit')} without an attestation are unknown, not failures)` : ''}`,
    ],
  ];
  return {
    id,
    title: 'Summary',
    notes: [
      "AI-weighted lines: each AI-involved commit's changed lines times its declared AI share. " +
        '"In scope": not exempt by policy. Claims of commits that failed verification are not ' +
        'counted.',
      ...(d.commits > 0
        ? [
            'Disclosed AI is what commit messages and author identities say by themselves (e.g. ' +
              '`Assisted-by:`, `Co-authored-by: Claude`): counted beside the attested figures, never in ' +
              'them, since nobody signed it.',
          ]
        : []),
    ],
    columns: [L('measure'), L('value')],
    rows,
    empty: '',
  };
}

/** Attested commits verify fails: an invalid attestation, or a policy failure of a valid one. */
export function failedVerification(s: Summary): number {
  return s.verification.failures.length + s.verification.moreFailures;
}

function verification(s: Summary, id: string): Section {
  const v = s.verification;
  const failed = failedVerification(s);
  return {
    id,
    title: 'Verification',
    notes: [
      `Checked by: ${v.checkedBy}. Claims of attestations that fail an integrity check ` +
        `(signature, binding, identity, schema, contradicting note) are counted as "failed ` +
        `verification", never as data. Commits without any attestation are "unknown", not failures.`,
    ],
    columns: [L('status'), R('commits')],
    rows: [
      ...(['ok', 'carried', 'exempt', 'warn'] as const).map((k) => [k, int(v.byStatus[k])]),
      ['fail', int(failed)],
      ['unknown (no attestation)', int(v.unattested.commits)],
    ],
    empty: '',
    marked: failed ? [4] : [],
  };
}

function failures(s: Summary, id: string): Section {
  const v = s.verification;
  const rows = v.failures.map((f) => [f.commit.slice(0, 12), f.subject.slice(0, 60), f.reasons.join('; ')]);
  return {
    id,
    title: 'Verification failures',
    notes: v.moreFailures ? [`${int(v.moreFailures)} more not listed: run \`ai-attest verify\` on the range for all of them.`] : [],
    columns: [L('commit'), L('subject'), L('reasons')],
    rows,
    empty: s.verification.unattested.commits
      ? 'none: no attested commit in range fails verification'
      : 'none: every commit in range passed verification',
    marked: rows.map((_, i) => i),
  };
}

/** Unattested commits, summarised: a count, the first few, and the one fix that applies to many. */
function unattested(s: Summary, id: string): Section {
  const u = s.verification.unattested;
  const notes = u.commits
    ? [
        `${count(u.commits, 'commit')} in scope ${u.commits === 1 ? 'has' : 'have'} no attestation: ` +
          `${u.commits === 1 ? 'its' : 'their'} AI status is unknown.` +
          `${u.commits > u.first.length ? ` The first ${u.first.length} are listed.` : ''}`,
        `If they predate ai-attest, pin the adoption point so they count as before adoption: set ` +
          `"policy": {"exempt": {"before": "${u.newest}"}} in .ai-attest/config.json (the newest of ` +
          `them; \`ai-attest init\` pins it in a repository with history). A commit made after ` +
          `adoption needs \`ai-attest attest <commit>\`.`,
      ]
    : [];
  return {
    id,
    title: 'Commits without attestation',
    notes,
    columns: [L('commit'), L('subject')],
    rows: u.first.map((c) => [c.commit.slice(0, 12), c.subject.slice(0, 60)]),
    empty: 'none: every commit in scope is attested',
  };
}

function commitStates(s: Summary, id: string): Section {
  const c = s.commits;
  const rows = STATES.map((state) => [
    STATE_LABELS[state],
    int(c.byState[state]),
    pct(c.total ? c.byState[state] / c.total : null),
    int(s.lines.byState[state]),
    pct(s.lines.changed ? s.lines.byState[state] / s.lines.changed : null),
  ]);
  rows.push(['total', int(c.total), pct(c.total ? 1 : null), int(s.lines.changed), pct(s.lines.changed ? 1 : null)]);
  return {
    id,
    title: 'Commits by attestation',
    notes: ['Unattested: no attestation at all (neither trailers nor note). Undeclared: attested, but committed without answers.'],
    columns: [L('attestation'), R('commits'), R('% of commits'), R('changed lines'), R('% of lines')],
    rows,
    empty: 'no commits in range',
  };
}

function breakdown(s: Summary, d: Dimension, id: string, maxRows?: number): Section {
  if (d === 'author') return authors(s, id, maxRows);
  if (d === 'folder') {
    const rows = s.byFolder.map((f) => [
      f.folder,
      int(f.commits),
      int(f.changedLines),
      int(f.aiWeightedLines),
      aiPct(f.aiWeightedShare, f.changedLines),
    ]);
    return capped(
      {
        id,
        title: 'By top-level folder',
        notes: ["A commit's declared share applies to each file it changed."],
        columns: [L('folder'), R('commits'), R('changed lines'), R('AI-weighted lines'), R('AI-weighted %')],
        rows,
        empty: 'no changed files in range',
      },
      maxRows,
    );
  }
  const { title, rows, related } =
    d === 'tool'
      ? { title: 'By tool', rows: s.byTool, related: 'models' }
      : d === 'model'
        ? { title: 'By model version', rows: s.byModel, related: 'tools' }
        : { title: 'By integration path', rows: s.byVia, related: 'tools' };
  return capped(
    {
      id,
      title,
      notes: ['A commit with several tools counts under each; its AI-weighted lines are split equally among them.'],
      columns: [
        L(d === 'path' ? 'integration path' : d),
        R('commits'),
        R('% of AI commits'),
        R('changed lines'),
        R('AI-weighted lines'),
        R('sensitive'),
        L(related),
      ],
      rows: rows.map(groupCells),
      empty: 'no AI-involved commits in range',
    },
    maxRows,
  );
}

function groupCells(g: GroupRow): string[] {
  return [
    g.key,
    int(g.commits),
    pct(g.shareOfAiCommits),
    int(g.changedLines),
    int(g.aiWeightedLines),
    int(g.sensitiveCommits),
    g.related.join(', '),
  ];
}

function testCells(t: TestResult): [string, string] {
  return t.tested ? [zValue(t.z), pValue(t.p)] : ['-', 'not tested'];
}

const TEST_NOTE = (s: Summary) => {
  const t = s.authors.test;
  return (
    `Flags: ${t.name}, ${t.alternative}, Holm-corrected over all authors tested, family-wise ` +
    `alpha ${t.alpha}; authors or peers with fewer than ${t.minSample} commits, or an expected ` +
    `count below ${t.minExpected}, are not tested. Commits are not independent trials (one ` +
    `feature, one day, one reviewer): a flag is a reason to look, not a finding.`
  );
};

function authors(s: Summary, id: string, maxRows?: number): Section {
  const rows = s.authors.rows.map((a) => [
    a.name ? `${a.name} <${a.email}>` : a.email,
    int(a.commits),
    fraction(a.attested, a.inScope),
    pct(a.attestationRate),
    ...testCells(a.attestationTest),
    fraction(a.aiCommits, a.declared),
    pct(a.aiRate),
    ...testCells(a.aiTest),
    a.flags.join('; '),
  ]);
  const marked = s.authors.rows.flatMap((a, i) => (a.flags.length ? [i] : []));
  return capped(
    {
      id,
      title: 'By author',
      notes: [
        'Attestation rate: attested (AI, no AI or undeclared) of commits in scope. AI rate: ' +
          'AI-involved of commits that declared. A flag marks an author whose rate differs from ' +
          "everyone else's by more than chance explains: a reason to look, not a finding.",
      ],
      footnotes: [TEST_NOTE(s), ...flagNotes(s)],
      columns: [
        L('author'),
        R('commits'),
        R('attested'),
        R('attest. rate'),
        R('z'),
        R('p'),
        R('AI/declared'),
        R('AI rate'),
        R('z'),
        R('p'),
        L('flags'),
      ],
      rows,
      empty: 'no commits in range',
      marked,
    },
    maxRows,
  );
}

/** The numbers behind each flag, spelled out. */
function flagNotes(s: Summary): string[] {
  const out: string[] = [];
  for (const a of s.authors.rows) {
    for (const [metric, t] of [
      ['attestation rate', a.attestationTest],
      ['AI rate', a.aiTest],
    ] as const) {
      if (!t.tested || !t.significant) continue;
      out.push(
        `${a.email}: ${metric} ${pct(t.rate)} (${fraction(t.x, t.n)}) against ${pct(t.restRate)} (` +
          `${fraction(t.restX, t.restN)}) for everyone else; z = ${zValue(t.z)}, p = ${pValue(t.p)} ` +
          `<= Holm threshold ${pValue(t.threshold)}.`,
      );
    }
  }
  return out;
}

function sensitive(s: Summary, id: string): Section[] {
  const z = s.sensitive;
  return [
    {
      id: `${id}-categories`,
      title: 'Sensitive paths by category',
      notes: [
        `${count(z.aiCommits, 'AI-involved commit')} declare${z.aiCommits === 1 ? 's' : ''} AI in a ` +
          `sensitive file; ${count(z.unknownCommits, 'commit')} of unknown AI status change` +
          `${z.unknownCommits === 1 ? 's' : ''} files the config marks sensitive.`,
        ...(s.detail && (s.detail.recorded || s.detail.unavailable)
          ? [
              `Detail records (prompts, raw output): ${int(s.detail.recorded)} AI-involved commits carry ` +
                `one; ${int(s.detail.unavailable)} required one that was unavailable (tool not ` +
                `instrumented).`,
            ]
          : []),
      ],
      columns: [L('category'), R('AI commits'), R('AI files'), R('human-only commits'), R('unknown-status commits')],
      rows: z.byCategory.map((c) => [c.category, int(c.aiCommits), int(c.aiFiles), int(c.humanOnlyCommits), int(c.unknownCommits)]),
      empty: 'no sensitive paths changed in range',
    },
    {
      id: `${id}-folders`,
      title: 'AI in sensitive paths by top-level folder',
      notes: [],
      columns: [L('folder'), R('AI commits'), L('categories')],
      rows: z.byFolder.map((f) => [f.folder, int(f.aiCommits), f.categories.join(', ')]),
      empty: 'no AI-involved commits touch sensitive paths',
    },
  ];
}

function timeline(s: Summary, id: string): Section {
  const t = s.timeline;
  return {
    id,
    title: `Timeline (per ${t.granularity})`,
    notes: ['By author date, UTC.'],
    columns: [
      L(t.granularity),
      R('commits'),
      R('AI'),
      R('no AI'),
      R('undeclared'),
      R('unattested'),
      R('failed'),
      R('changed lines'),
      R('AI-weighted lines'),
    ],
    rows: t.buckets.map((b) => [
      b.label,
      int(b.commits),
      int(b.byState.used),
      int(b.byState.none),
      int(b.byState.undeclared),
      int(b.byState.unattested),
      int(b.byState.rejected),
      int(b.changedLines),
      int(b.aiWeightedLines),
    ]),
    empty: 'no commits in range',
  };
}

export const NO_CAPTURE = 'no captured data in range';

function capture(s: Summary, id: string): Section[] {
  const c = s.capture;
  const models: Section = {
    id: `${id}-models`,
    title: 'Model output changed by humans before commit',
    notes: c.commits
      ? [
          `${count(c.commits, 'AI-involved commit')} ${c.commits === 1 ? 'carries' : 'carry'} ` +
            `captured data (raw model output against committed lines). Most changed first.`,
        ]
      : [],
    columns: [L('model'), R('commits'), R('raw lines'), R('kept unchanged'), R('changed by humans')],
    rows: c.models.map((m) => [m.model, int(m.commits), int(m.rawLines), int(m.keptLines), pct(m.changedShare)]),
    empty: NO_CAPTURE,
  };
  const flagged = c.authors.flatMap((a, i) => (a.flagged ? [i] : []));
  const authorsSection: Section = {
    id: `${id}-authors`,
    title: 'Generated code accepted unchanged, by author',
    notes: c.commits
      ? [
          'Accepted unchanged: every raw line the model produced was committed as it was. Flagged: ' +
            'more often than peers, beyond what chance explains.',
        ]
      : [],
    footnotes: c.commits
      ? [
          TEST_NOTE(s),
          ...c.authors.flatMap((a) =>
            a.flagged && a.test.tested
              ? [
                  `${a.email}: ${pct(a.test.rate)} (${fraction(a.test.x, a.test.n)}) against ` +
                    `${pct(a.test.restRate)} (${fraction(a.test.restX, a.test.restN)}); z = ` +
                    `${zValue(a.test.z)}, p = ${pValue(a.test.p)} <= Holm threshold ` +
                    `${pValue(a.test.threshold)}.`,
                ]
              : [],
          ),
        ]
      : [],
    columns: [L('author'), R('captured commits'), R('accepted unchanged'), R('rate'), R('z'), R('p'), L('flag')],
    rows: c.authors.map((a) => [
      a.name ? `${a.name} <${a.email}>` : a.email,
      int(a.captured),
      int(a.unchanged),
      pct(a.unchangedRate),
      ...testCells(a.test),
      a.flagged ? 'rubber-stamping' : '',
    ]),
    empty: NO_CAPTURE,
    marked: flagged,
  };
  return [models, authorsSection];
}

function repositoriesSection(report: Report): Section {
  const row = (name: string, s: Summary) => [
    name,
    int(s.commits.total),
    aiPct(s.commits.aiShare, s.commits.inScope),
    pct(s.commits.attestationRate),
    int(s.lines.changed),
    aiPct(s.lines.aiWeightedShare, s.lines.inScope),
    // Attested commits that fail verification; a commit without an attestation is unknown, not a failure.
    int(failedVerification(s)),
  ];
  return {
    id: 'repositories',
    title: 'Repositories',
    notes: [],
    columns: [L('repository'), R('commits'), R('AI share'), R('attestation rate'), R('changed lines'), R('AI-weighted %'), R('failures')],
    rows: [...report.repositories.map((r) => row(r.name, r.summary)), row('total', report.totals)],
    empty: '',
  };
}

/** Keeps the first `max` rows and every marked row beyond them. */
function capped(section: Section, max?: number): Section {
  if (!max || section.rows.length <= max) return section;
  const marked = new Set(section.marked ?? []);
  const keep = section.rows.map((_, i) => i).filter((i) => i < max || marked.has(i));
  const rows = keep.map((i) => section.rows[i]!);
  const hidden = section.rows.length - keep.length;
  return {
    ...section,
    rows,
    marked: keep.flatMap((i, k) => (marked.has(i) ? [k] : [])),
    notes: [...section.notes, `${count(hidden, 'more row')} not shown (see --format json or csv).`],
  };
}

/** git-ai's own attribution, labelled as such: unsigned, shown beside the attested figures, never in them. */
function gitAiSection(g: NonNullable<Summary['gitAi']>, id: string): Section {
  return {
    id,
    title: 'AI lines by tool and model, from git-ai notes (not attested)',
    notes: [
      `${count(g.commits, 'commit')} ${g.commits === 1 ? 'has' : 'have'} a git-ai note (` +
        `${g.source}): ${int(g.aiLines)} lines attributed to AI, ${int(g.humanLines)} to humans` +
        `${g.unreadable ? `, ${count(g.unreadable, 'note')} unreadable` : ''}. git-ai's own claims, ` +
        `unsigned: not part of the attested figures above.`,
    ],
    columns: [L('tool'), L('model'), R('commits'), R('AI lines')],
    rows: g.byTool.map((r) => [r.tool, r.model, int(r.commits), int(r.lines)]),
    empty: 'no AI lines in the git-ai notes of the range',
  };
}
