import { cell } from '../read/report/format/markdown.js';
import { safeText } from '../ui/safe-text.js';
import { FACTS, type ContributionReport, type DrillResult, type Fact, type Gap } from './model.js';

export type DrillFormat = 'text' | 'markdown' | 'json';

const FACT_LABELS: Record<Fact, string> = {
  model: 'exact model',
  prompt: 'prompt',
  rawOutput: 'raw output',
  human: 'accountable human',
  toolPath: 'tool and path',
};
const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)}%`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function renderDrill(d: DrillResult, format: DrillFormat): string {
  if (format === 'json') return `${JSON.stringify(d, null, 2)}\n`;
  return format === 'markdown' ? markdown(d) : text(d);
}

function headline(d: DrillResult): string[] {
  const s = d.scorecard;
  return [
    `${plural(s.ranges, 'range')} of ${safeText(d.rev)} (${d.commit.slice(0, 12)}), seed ` +
      `${d.seed}, ${safeText(d.scope)}${d.since ? `, since ${safeText(d.since)}` : ''}`,
    s.aiContributions
      ? `scorecard: ${pct(s.score)} of required facts found (${s.factsFound}/${s.factsRequired}) ` +
        `across ${plural(s.aiContributions, 'AI contribution')} of ` +
        `${plural(s.contributions, 'contribution')}; ${plural(s.gaps, 'gap')}`
      : `scorecard: no AI contribution among ${plural(s.contributions, 'contribution')} drilled; ${plural(s.gaps, 'gap')}`,
    `  ${FACTS.map((f) => `${FACT_LABELS[f]} ${s.byFact[f].found}/${s.byFact[f].required}`).join(' · ')}`,
  ];
}

function describe(c: ContributionReport): string {
  const who =
    c.ai === 'used'
      ? `AI${c.verified ? '' : ' (unverified)'}: ${c.tools.map((t) => `${t.tool} ${t.model} (${t.via})`).join(', ')}`
      : c.ai === 'none'
        ? 'attested no AI'
        : c.ai;
  const found = c.required.filter((f) => c.facts[f]).length;
  const facts = c.required.length ? `, ${found}/${c.required.length} facts` : '';
  return `${c.commit.slice(0, 12)} ${JSON.stringify(safeText(c.subject))}, ${plural(c.lines, 'line')}: ${safeText(who)}${facts}`;
}

const gapLines = (g: Gap, indent: string) => [`${indent}gap ${g.kind}: ${safeText(g.message)}`, `${indent}  fix: ${safeText(g.fix)}`];

function text(d: DrillResult): string {
  const out = [`ai-attest drill: ${headline(d)[0]}`, ...headline(d).slice(1), ''];
  for (const r of d.ranges) {
    out.push(`${safeText(r.path)}:${r.start}-${r.end}`);
    if (!r.contributions.length) out.push('  (no contribution in the period)');
    for (const c of r.contributions) {
      out.push(`  ${describe(c)}`);
      for (const g of c.gaps) out.push(...gapLines(g, '    '));
    }
  }
  if (d.repositoryGaps.length) {
    out.push('', 'the trail as a whole:');
    for (const g of d.repositoryGaps) out.push(...gapLines(g, '  '));
  }
  out.push(
    '',
    d.gaps.length
      ? `${plural(d.gaps.length, 'gap')} an investigation would hit: close them, then drill again with --seed ${d.seed}.`
      : 'no gap: every drilled line can be answered for.',
  );
  return `${out.join('\n')}\n`;
}

/** Repository text in Markdown: the report's cell escaping (controls, markup, pipes). */
const md = cell;

function markdown(d: DrillResult): string {
  const s = d.scorecard;
  const out = [
    `# Fire drill: ${md(headline(d)[0]!)}`,
    '',
    `**${pct(s.score)}** of required facts found (${s.factsFound}/${s.factsRequired}); ${plural(s.gaps, 'gap')}.`,
    '',
  ];
  out.push('| fact | found | required |', '|---|---:|---:|');
  for (const f of FACTS) out.push(`| ${FACT_LABELS[f]} | ${s.byFact[f].found} | ${s.byFact[f].required} |`);
  out.push('', '## Ranges', '');
  for (const r of d.ranges) {
    out.push(`- \`${md(r.path)}:${r.start}-${r.end}\``);
    for (const c of r.contributions) out.push(`  - ${md(describe(c))}`);
  }
  out.push('', '## Gaps', '');
  if (!d.gaps.length) out.push('None: every drilled line can be answered for.');
  for (const g of d.gaps) out.push(`- **${g.kind}** ${md(g.message)} Fix: ${md(g.fix)}`);
  return `${out.join('\n')}\n`;
}
