import type { CarryReport } from './carry.js';

/** Plain lines for stderr (hooks) or stdout (the carry command): what was carried, and every gap with its fix. */
export function describeCarry(report: CarryReport): string[] {
  const lines: string[] = [];
  const short = (c: string) => c.slice(0, 12);
  const by = (action: string) => report.outcomes.filter((o) => o.action === action);
  const carried = [...by('carried'), ...by('reaffirmed')];
  if (carried.length) {
    const squashed = carried.filter((o) => o.from.length > 1).length;
    const detail = squashed ? ` (${squashed} from squashed commits)` : '';
    lines.push(
      `carried the attestations of ${carried.length} rewritten commit` +
        `${carried.length > 1 ? 's' : ''}${detail}, re-signed by ${report.signer}`,
    );
  }
  for (const o of by('needs-reattestation')) {
    lines.push(`${short(o.commit)} needs re-attestation: ${o.reason}. Run \`ai-attest attest ${short(o.commit)}\`.`);
  }
  for (const o of by('unsigned')) {
    lines.push(
      `${short(o.commit)}: not re-signed (${o.reason}); its old statements were kept as evidence. ` +
        `Once a key is available run \`ai-attest carry ${o.from.map(short).join(',')} ` +
        `${short(o.commit)}\`.`,
    );
  }
  const nothing = by('nothing');
  if (nothing.length) {
    lines.push(`nothing to carry for ${nothing.map((o) => `${short(o.commit)} (${o.reason})`).join('; ')}`);
  }
  return lines;
}
