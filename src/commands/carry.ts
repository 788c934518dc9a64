import { carryServerSide } from '../rewrite/server-side.js';
import { describeCarry } from '../rewrite/summary.js';
import { colours, printJson } from '../ui/output.js';
import { safeText } from '../ui/safe-text.js';

/** `ai-attest carry OLD NEW`: the carry is rewrite/server-side.ts; this prints what it did and what it could not pair. */
export async function runCarry(oldSpec: string, newSpec: string, options: { json?: boolean }): Promise<void> {
  const report = await carryServerSide(oldSpec, newSpec, { cwd: process.cwd(), env: process.env });
  if (options.json) return printJson(report);
  const c = await colours();
  const lines = describeCarry(report);
  for (const o of report.unmatchedOld)
    lines.push(
      `${o.slice(0, 12)}: no new commit makes its change (dropped or rewritten beyond recognition); its attestation was not carried`,
    );
  for (const n of report.unmatchedNew)
    lines.push(`${n.slice(0, 12)}: matches no old commit; attest it with \`ai-attest attest ${n.slice(0, 12)}\``);
  if (lines.length === 0) lines.push('nothing to carry');
  process.stdout.write(
    `${lines
      .map(safeText)
      .map((l) => (/needs re-attestation|not re-signed|no new commit|matches no/.test(l) ? c.yellow(l) : l))
      .join('\n')}\n`,
  );
  if (report.notesWritten.length) {
    process.stdout.write(`${c.dim(`notes written for ${report.notesWritten.length} commit(s); publish them with \`ai-attest sync\``)}\n`);
  }
}
