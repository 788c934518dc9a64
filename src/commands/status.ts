import { gatherStatus, type StatusReport } from '../health/status.js';
import { colours, printJson } from '../ui/output.js';
import { safeDeep } from '../ui/safe-text.js';

export async function runStatus(options: { json?: boolean }): Promise<void> {
  const report = await gatherStatus({ cwd: process.cwd(), env: process.env });
  if (options.json) return printJson(report);
  process.stdout.write(await render(safeDeep(report)));
}

async function render(r: StatusReport): Promise<string> {
  const c = await colours();
  const out: string[] = [];
  const bad = (s: string) => c.yellow(s);
  const short = (s: string) => s.slice(0, 12);

  out.push(c.bold('hooks'));
  for (const h of r.hooks) {
    const chained = h.chained ? `, runs ${h.chained} first` : '';
    out.push(
      `  ${h.state === 'installed' ? c.green('installed') : bad(h.state)}  ${h.hook}${chained}` +
        `${h.state === 'installed' ? '' : `: ${h.detail}`}`,
    );
  }

  out.push(c.bold('signing key'));
  if (!r.key) out.push(`  ${bad('none')}: commits cannot be attested; run \`ai-attest keys generate\``);
  else {
    const k = r.key;
    const expiry = k.expires ? (k.expired ? bad(`expired ${k.expires}`) : `expires ${k.expires} (${k.daysLeft} days)`) : 'does not expire';
    out.push(`  ${k.userIds[0] ?? ''} ${k.fingerprint}, ${expiry}${k.revoked ? `, ${bad('revoked')}` : ''}`);
    if (!k.inKeyring)
      out.push(
        `  ${bad('not trusted by this repository')}: add its public key to .ai-attest/keys/ (\`ai-attest doctor\` prints the command)`,
      );
  }
  if (r.configError) out.push(`${c.bold('config')}\n  ${bad('invalid')}: ${r.configError}`);

  out.push(c.bold('notes') + c.dim(' (refs/notes/ai-attest)'));
  out.push(`  ${r.notes.notes} commit(s) with attestation notes`);
  if (r.notes.unfiled.length) out.push(`  ${bad(`${r.notes.unfiled.length} unfiled`)}: run \`ai-attest notes flush\``);
  if (r.notes.leftPending.length)
    out.push(
      `  ${bad(`${r.notes.leftPending.length} never filed`)} (a post-commit that was killed or did not run): run \`ai-attest notes flush\``,
    );
  for (const remote of r.notes.remotes) {
    const synced = remote.lastSuccess ? `last synced ${remote.lastSuccess}` : remote.trackingOid ? 'fetched' : 'never synced';
    const waiting = remote.notPushed ? bad(`${remote.notPushed} not on ${remote.remote} yet`) : `all on ${remote.remote}`;
    out.push(`  ${waiting} (${synced})${remote.notPushed ? `: \`ai-attest sync ${remote.remote}\` or git push` : ''}`);
    if (remote.failure)
      out.push(`  ${bad(`last push failed`)} ${remote.failure.time} at ${remote.failure.stage}: ${remote.failure.message}`);
  }

  if (r.pending) {
    out.push(c.bold('waiting for attestation') + c.dim(` (${r.pending.range})`));
    if (r.pending.commits.length === 0) out.push('  none');
    for (const p of r.pending.commits) {
      out.push(
        `  ${bad(p.reason)} ${short(p.commit)} ${p.subject}` +
          `${p.reason === 'needs-reattestation' ? `: ${p.message}` : ''}\n      fix: ${p.fix}`,
      );
    }
    if (r.pending.truncated) out.push(c.dim('  (only the most recent commits were looked at)'));
  }
  return `${out.join('\n')}\n`;
}
