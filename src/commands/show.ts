import type { CandidateReport } from '../read/evaluate.js';
import { describeDeclaration } from '../read/evaluate.js';
import { showCommit, type ShowReport } from '../read/evaluate/show.js';
import { writeFully } from '../read/verify/output.js';
import { colours } from '../ui/output.js';
import { safeDeep, safeJson } from '../ui/safe-text.js';

export interface ShowOptions {
  json?: boolean;
  keyring?: string[];
  detail?: boolean;
  reason?: string;
  key?: string;
  trust?: string;
}

export async function runShow(rev: string, options: ShowOptions): Promise<void> {
  if (options.detail) return runShowDetail(rev, options);
  const report = await showCommit(rev, {
    cwd: process.cwd(),
    env: process.env,
    keyringDirs: options.keyring ?? [],
    ...(options.trust ? { trust: options.trust } : {}),
  });
  await writeFully(process.stdout, options.json ? `${safeJson(JSON.stringify(report, null, 2))}\n` : await showText(safeDeep(report)));
}

/** `show --detail`: the access record is written (inside openDetail) before anything is printed. */
async function runShowDetail(rev: string, options: ShowOptions): Promise<void> {
  const { openDetail } = await import('../detail/open.js');
  const opened = await openDetail(rev, {
    cwd: process.cwd(),
    env: process.env,
    reason: options.reason ?? '',
    via: 'show',
    keyFile: options.key,
    keyringDirs: options.keyring ?? [],
  });
  const report = await showCommit(opened.commit, { cwd: process.cwd(), env: process.env, keyringDirs: options.keyring ?? [] });
  if (options.json) return writeFully(process.stdout, `${safeJson(JSON.stringify({ ...report, detail: opened }, null, 2))}\n`);
  const { renderDetail } = await import('./detail-render.js');
  await writeFully(process.stdout, `${await showText(safeDeep(report))}\n${renderDetail(opened, await colours())}`);
}

async function showText(r: ShowReport): Promise<string> {
  const c = await colours();
  const status = r.status === 'fail' ? c.red(r.status) : r.status === 'warn' ? c.yellow(r.status) : c.green(r.status);
  const out = [`${c.bold('commit')} ${r.commit}  ${status}`, `  ${r.subject}`, `  author ${r.author.name} <${r.author.email}>`, ''];
  if (r.statements.length === 0) out.push('  no attestation: no Ai-Attest trailers and no note', '');
  for (const s of r.statements) out.push(...statementLines(s, c), '');
  if (r.disclosures.length) {
    out.push(c.bold('typed in the message, not signed'));
    for (const d of r.disclosures) out.push(`  ${d.key}: ${d.value}   (names ${d.tool})`);
    out.push('');
  }
  out.push(c.bold('checks'));
  for (const res of r.results) {
    const mark = res.level === 'fail' ? c.red('fail') : res.level === 'warn' ? c.yellow('warn') : c.green('pass');
    out.push(`  ${mark} ${res.check}: ${res.result}${res.source ? c.dim(` [${res.source}]`) : ''}  ${res.message}`);
    if (res.fix && res.level !== 'pass') out.push(`       ${c.dim('fix:')} ${res.fix}`);
  }
  return `${out.join('\n')}\n`;
}

function statementLines(s: CandidateReport, c: Awaited<ReturnType<typeof colours>>): string[] {
  const title = s.origin === 'trailers' ? 'trailers' : `note line ${s.origin.slice('note:'.length)}`;
  const lines = [
    `${c.bold(title)}${s.used ? c.green(' (used)') : ''}${s.sameAsTrailers ? c.dim(' the same signed statement as the trailers') : ''}`,
  ];
  if (s.sameAsTrailers) return lines;
  if (s.problem) lines.push(`  ${c.red(s.problem.result)}: ${s.problem.message}`);
  const p = s.predicate;
  if (p) {
    lines.push(`  ${describeDeclaration(p)}   source ${p.source}, schema v${p.version}, ${p.time}`);
    for (const t of p.tools) lines.push(`  tool ${t.tool} model ${t.model} via ${t.via}`);
    for (const f of p.sensitive) lines.push(`  sensitive ${f.path} (${f.category}) AI: ${f.ai.length ? f.ai.join(', ') : 'none'}`);
    lines.push(`  attester ${p.attester.name} <${p.attester.email}> key ${p.attester.key}`);
    const b = p.binding;
    lines.push(
      `  binding tree ${b.tree.slice(0, 12)} parents ` +
        `${b.parents.map((x) => x.slice(0, 12)).join(',') || '-'} patch-id ` +
        `${b.patchId.slice(0, 12) || '-'}${b.commit ? ` commit ${b.commit.slice(0, 12)}` : ''}: ` +
        `${s.relation ?? '?'}`,
    );
    if (p.carriedFrom?.length) lines.push(`  carried from ${p.carriedFrom.map((x) => x.slice(0, 12)).join(', ')}`);
  }
  if (s.signature) {
    lines.push(
      s.signature.ok
        ? `  signature ${c.green('good')}: ${s.signature.userIds[0] ?? ''} (${s.signature.fingerprint}) at ${s.signature.created}`
        : `  signature ${c.red(s.signature.result)}: ${s.signature.message}`,
    );
  }
  if (s.identity) lines.push(`  identity ${s.identity.ok ? c.green('ok') : c.red('mismatch')}: ${s.identity.message}`);
  return lines;
}
