import type { AttestationView, BlameRange, HistoryEntry, TraceResult, TracedCommit } from './model.js';

/** The colours the text uses; chalk fits, and tests pass plain identity functions. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

export const plain: Paint = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s };

const short = (id: string) => id.slice(0, 12);

/** The human-readable trace: summary, current lines by commit, then the history, newest first. */
export function renderTrace(t: TraceResult, paint: Paint = plain): string {
  const out: string[] = [];
  const span = t.lines.length ? `${t.lines[0]!.start}-${t.lines[t.lines.length - 1]!.end}` : t.ranges.join(' ');
  out.push(paint.bold(`${t.path} lines ${span} at ${t.rev} (${short(t.commit)})`));
  out.push(...summaryLines(t, paint), '');

  out.push(paint.bold('Lines, by the commit that last changed them'));
  const width = Math.max(...t.lines.map((r) => lineSpan(r).length), 1);
  for (const r of t.lines) out.push(blameRow(r, t.commits[r.commit], width, paint));
  out.push('');

  if (!t.linesOnly) {
    out.push(
      paint.bold(
        `History of these lines, newest first (${t.history.length} commit` +
          `${t.history.length === 1 ? '' : 's'}${t.follow ? ', across renames' : ''})`,
      ),
    );
    for (const h of t.history) out.push('', ...historyBlock(h, t.commits[h.commit], paint));
  }
  const blameOnly = [...new Set(t.lines.map((r) => r.commit))].filter((id) => !t.history.some((h) => h.commit === id));
  if (blameOnly.length) {
    out.push(
      ...(t.linesOnly ? [] : ['']),
      paint.bold(t.linesOnly ? 'Commits the lines come from' : 'Commits the lines come from that the history above does not reach'),
    );
    for (const id of blameOnly) out.push('', ...historyBlock(null, t.commits[id], paint));
  }
  if (t.notes.length) out.push('', ...t.notes.map((n) => paint.yellow(`note: ${n}`)));
  return `${out.join('\n')}\n`;
}

function summaryLines(t: TraceResult, paint: Paint): string[] {
  const s = t.summary;
  const parts: string[] = [];
  if (s.byAi.used) parts.push(`${s.byAi.used} from commits that used AI`);
  if (s.byAi.none) parts.push(`${s.byAi.none} attested without AI`);
  if (s.byAi.undeclared) parts.push(`${s.byAi.undeclared} undeclared`);
  if (s.byAi.unattested) parts.push(`${s.byAi.unattested} unattested`);
  if (s.byAi.unverified) parts.push(paint.red(`${s.byAi.unverified} with an attestation that does not verify`));
  const lines = [`${s.lines} line${s.lines === 1 ? '' : 's'}: ${parts.join(', ') || 'none'}`];
  if (s.models.length)
    lines.push(`models (verified): ${s.models.map((m) => `${m.tool} ${m.model} (${m.lines} line${m.lines === 1 ? '' : 's'})`).join(', ')}`);
  const bad = s.byStatus.fail;
  const status = Object.entries(s.byStatus)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  lines.push(`verification by line: ${bad ? paint.red(status) : status}`);
  if (s.byAi.unverified) lines.push(paint.red('what an attestation that does not verify says is shown below as a claim, not as fact'));
  return lines;
}

function lineSpan(r: BlameRange): string {
  return r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`;
}

function blameRow(r: BlameRange, c: TracedCommit | undefined, width: number, paint: Paint): string {
  const where = lineSpan(r).padEnd(width);
  if (!c) return `  ${where}  ${short(r.commit)}  (commit not readable)`;
  const date = c.author.time.slice(0, 10);
  return (
    `  ${where}  ${short(r.commit)}  ${statusWord(c, paint).padEnd(7 + colourPad(c, paint))}  ` +
    `${brief(c.attestation)}  ${paint.dim(`${c.author.name} ${date}  ${c.subject}`)}`
  );
}

/** Colour codes are invisible but count for padEnd. */
function colourPad(c: TracedCommit, paint: Paint): number {
  return statusWord(c, paint).length - c.verification.status.length;
}

function statusWord(c: TracedCommit, paint: Paint): string {
  const s = c.verification.status;
  return s === 'fail' ? paint.red('FAIL') : s === 'warn' ? paint.yellow('warn') : paint.green(s);
}

function brief(a: AttestationView): string {
  const claim = a.verified || a.ai === 'unattested' ? '' : 'claims ';
  switch (a.ai) {
    case 'used':
      return `${claim}AI ${a.tools.map((t) => `${t.tool} ${t.model}`).join(', ')} ~${a.share}%`;
    case 'none':
      return `${claim}no AI`;
    case 'undeclared':
      return `${claim}undeclared`;
    default:
      return 'unattested';
  }
}

function historyBlock(h: HistoryEntry | null, c: TracedCommit | undefined, paint: Paint): string[] {
  if (!c) return [`${h ? short(h.commit) : '?'}  (commit not readable)`];
  const rows = [
    `${paint.bold(short(c.commit))}  ${c.author.time.replace('T', ' ').replace('Z', ' UTC')}  ${c.author.name} <${c.author.email}>`,
    `  ${c.subject}`,
  ];
  if (h) rows.push(field('changed', changeText(h)));
  if (h?.patch?.length) rows.push(...h.patch.map((l) => `      ${l}`));
  rows.push(...attestationRows(c, paint));
  return rows;
}

function changeText(h: HistoryEntry): string {
  if (!h.hunks.length) return h.path ? `(no change of its own to these lines) ${h.path}` : 'merge: no change of its own to these lines';
  const hunks = h.hunks.map((k) => `-${k.old.start},${k.old.lines} +${k.new.start},${k.new.lines} (+${k.added} -${k.removed})`).join(', ');
  const where = h.previousPath ? `${h.previousPath} -> ${h.path}` : h.created ? `${h.path} (created)` : `${h.path}`;
  return `${hunks} in ${where}`;
}

function field(name: string, value: string): string {
  return `  ${name.padEnd(11)} ${value}`;
}

function attestationRows(c: TracedCommit, paint: Paint): string[] {
  const a = c.attestation;
  const v = c.verification;
  const rows: string[] = [];
  const claim = a.verified ? '' : paint.red('CLAIMED, NOT VERIFIED: ');
  if (a.ai === 'unattested') {
    rows.push(field('AI', paint.yellow('unattested: no attestation, nothing is known about AI involvement')));
  } else if (a.ai === 'used') {
    rows.push(field('AI', `${claim}used, ~${a.share}% of the commit`));
    for (const t of a.tools) rows.push(field('', `${t.tool} ${t.model} via ${t.via}`));
  } else {
    rows.push(field('AI', `${claim}${a.ai === 'none' ? 'none (attested human-only)' : 'undeclared (committed without answers)'}`));
  }
  if (a.ai !== 'unattested') {
    const touched = a.sensitive.map((s) => `${s.path} (${s.category}; ${s.ai.length ? `AI: ${s.ai.join(', ')}` : 'humans only'})`);
    rows.push(field('sensitive', `${claim}${touched.length ? touched.join(', ') : 'no sensitive files declared'}`));
    if (a.attester) rows.push(field('accepted by', `${claim}${a.attester.name} <${a.attester.email}>, key ${a.attester.key}`));
    rows.push(
      field(
        'detail',
        `${claim}${a.detail.recorded ? `detail record bound, sha256 ${a.detail.sha256}` : 'no detail record (prompts are not captured)'}`,
      ),
    );
    if (a.relation === 'carried')
      rows.push(
        field(
          'carried',
          `signed for an earlier form of this change` +
            `${a.carriedFrom.length ? ` (${a.carriedFrom.map(short).join(', ')})` : ''}; the patch is ` +
            `the same`,
        ),
      );
  }
  const from = a.origin ? ` (${a.origin === 'trailers' ? 'commit trailers' : a.origin.replace(':', ' line ')})` : '';
  rows.push(field('verified', `${statusWord(c, paint)}${from}`));
  for (const p of v.problems) {
    rows.push(field('', `${p.level === 'fail' ? paint.red(p.result) : paint.yellow(p.result)}: ${p.message}`));
    if (p.fix) rows.push(field('', paint.dim(`fix: ${p.fix}`)));
  }
  return rows;
}
