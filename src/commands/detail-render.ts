import type { ChalkInstance } from 'chalk';
import type { OpenedDetail } from '../detail/open.js';
import { safeLines, safeText } from '../ui/safe-text.js';

/** A decrypted detail record as text: every string from the record escaped (it is repository data). */
export function renderDetail(d: OpenedDetail, c: ChalkInstance): string {
  const out: string[] = [];
  out.push(c.bold(`detail record of ${d.commit}`) + `  sha256 ${d.sha256}`);
  out.push(
    `  access recorded: reader ${d.access.reader}, key ${d.access.decryptionKey}, ` +
      `${d.access.time}, ${d.access.pushed ? 'pushed' : `not pushed${d.access.pushMessage ? ` (${safeText(d.access.pushMessage)})` : ''}`}`,
  );
  for (const p of d.parts) {
    out.push('', c.bold(`part ${p.id}`));
    out.push(
      `  tool ${safeText(p.tool)} model ${safeText(p.model)} via ${safeText(p.via)}${p.session ? ` session ${safeText(p.session)}` : ''}`,
    );
    out.push(`  ${safeText(p.startedAt)} .. ${safeText(p.endedAt)}`);
    if (p.requestIds.length) out.push(`  request ids ${p.requestIds.map(safeText).join(', ')}`);
    if (p.messageIds?.length) out.push(`  message ids ${p.messageIds.map(safeText).join(', ')}`);
    if (p.files.length) out.push(`  files ${p.files.map(safeText).join(', ')}`);
    const redactions = Object.entries(p.redactions).map(([k, n]) => `${safeText(k)} x${n}`);
    out.push(`  redactions ${redactions.length ? redactions.join(', ') : 'none'}`);
    out.push(c.bold('  turns'));
    for (const t of p.turns)
      out.push(`  ${c.dim(`[${safeText(t.role)}${t.time ? ` ${safeText(t.time)}` : ''}]`)}`, indent(safeLines(t.text)));
    out.push(c.bold('  raw output'));
    for (const o of p.outputs) {
      out.push(`  ${c.dim(`[${safeText(o.kind)}${o.file ? ` ${safeText(o.file)}` : ''}]`)}`);
      if (o.replaced) out.push(indent(safeLines(o.replaced).replace(/^/gm, '- ')));
      out.push(indent(safeLines(o.content)));
    }
  }
  return `${out.join('\n')}\n`;
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}
