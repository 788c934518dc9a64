import { escapeData, escapeProperty } from '../../ui/github-annotations.js';
import type { CheckResult } from '../evaluate/types.js';
import type { VerifiedCommit, VerifyOutcome } from './verify.js';
import { safeText } from '../../ui/safe-text.js';

export const VERIFY_SCHEMA = 'ai-attest/verify@1';

/** `--json`: the documented, versioned shape (docs/verify.md). */
export function verifyJson(outcome: VerifyOutcome) {
  return {
    schema: VERIFY_SCHEMA,
    range: outcome.range,
    trust: outcome.trust,
    strict: outcome.strict,
    summary: outcome.summary,
    commits: outcome.commits,
  };
}

export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const plain: Paint = { red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s, bold: (s) => s };

/** Human output: a summary line, then the failures and warnings grouped by result, each with its fix. */
export function verifyText(outcome: VerifyOutcome, paint: Paint = plain): string {
  const { summary } = outcome;
  const lines: string[] = [];
  const counts = (['ok', 'carried', 'exempt', 'warn', 'fail'] as const).filter((k) => summary[k] > 0).map((k) => `${summary[k]} ${k}`);
  const n = summary.commits;
  lines.push(
    `${paint.bold('ai-attest verify')}: ${n} commit${n === 1 ? '' : 's'} (${outcome.range.description})${counts.length ? `: ${counts.join(', ')}` : ''}`,
  );
  // Only a weaker trust is worth a line: the range judged by its own config, or nothing set up.
  if (outcome.trust && (outcome.trust.kind === 'range' || outcome.trust.kind === 'none'))
    lines.push(paint.yellow(`trust: ${outcome.trust.description}`));
  for (const group of groups(outcome.commits).values()) {
    const { level, result: name } = group[0]!.result;
    const tag = level === 'fail' ? paint.red('FAIL') : paint.yellow('WARN');
    lines.push('', `${tag} ${paint.bold(name)} (${group.length} commit${group.length === 1 ? '' : 's'})`);
    for (const { commit, result } of group.slice(0, LISTED_PER_RESULT)) {
      lines.push(`  ${commit.commit.slice(0, 12)}  ${safeText(commit.subject)}`);
      lines.push(
        `      ${result.source && result.source !== 'trailers' ? `${result.source.replace(':', ' line ')}: ` : ''}${safeText(result.message)}`,
      );
      if (result.fix) lines.push(`      ${paint.dim('fix:')} ${safeText(result.fix)}`);
    }
    if (group.length > LISTED_PER_RESULT) lines.push(...summaryOfRest(group, name, paint));
  }
  lines.push('');
  if (summary.fail > 0) {
    lines.push(
      paint.red(`${summary.fail} commit${summary.fail === 1 ? '' : 's'} fail${summary.fail === 1 ? 's' : ''} the attestation policy.`) +
        ' Fix as shown above, then run `ai-attest verify` again.',
    );
  } else if (n === 0) {
    lines.push(paint.green('nothing to verify.'));
  } else {
    lines.push(
      paint.green(`all ${n} commit${n === 1 ? '' : 's'} pass${n === 1 ? 'es' : ''}.`) +
        (summary.warn ? ` ${summary.warn} with warnings (--strict makes them fail).` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Commits listed per result; a longer list (a whole unattested history) is counted, not printed. */
export const LISTED_PER_RESULT = 10;

function summaryOfRest(group: ReadonlyArray<{ commit: VerifiedCommit }>, name: string, paint: Paint): string[] {
  const rest = group.length - LISTED_PER_RESULT;
  const lines = [
    `  ... and ${rest} more commit${rest === 1 ? '' : 's'} with the same result (\`ai-attest verify --json\` lists every one)`,
  ];
  if (name === 'missing') {
    // Newest first: pinning the first one puts the whole unattested history before adoption.
    lines.push(
      `  ${paint.dim('fix for all of them:')} if they predate ai-attest, pin the adoption point: set "policy": {"exempt": {"before": "${group[0]!.commit.commit}"}} in .ai-attest/config.json`,
    );
  }
  return lines;
}

/** `--format github`: one workflow annotation per failure or warning, then the summary. */
export function verifyGithub(outcome: VerifyOutcome): string {
  const lines: string[] = [];
  for (const commit of outcome.commits) {
    for (const result of commit.results) {
      const kind = result.level === 'fail' ? 'error' : 'warning';
      const title = escapeProperty(`ai-attest ${result.result}: ${commit.commit.slice(0, 12)}`);
      const body = `${commit.commit.slice(0, 12)} ${safeText(commit.subject)}: ${safeText(result.message)}${result.fix ? `\nfix: ${safeText(result.fix)}` : ''}`;
      lines.push(`::${kind} title=${title}::${escapeData(body)}`);
    }
  }
  const { summary } = outcome;
  lines.push(
    `ai-attest verify: ${summary.commits} commits: ${summary.ok} ok, ${summary.carried} carried, ${summary.exempt} exempt, ${summary.warn} warn, ${summary.fail} fail`,
  );
  return `${lines.join('\n')}\n`;
}

/** Keyed by level and result name: a result superseded (warn) on one commit may fail on another. */
function groups(commits: readonly VerifiedCommit[]): Map<string, Array<{ commit: VerifiedCommit; result: CheckResult }>> {
  const byName = new Map<string, Array<{ commit: VerifiedCommit; result: CheckResult }>>();
  // Failures first, then warnings; each group in the order the commits came.
  for (const level of ['fail', 'warn'] as const) {
    for (const commit of commits) {
      for (const result of commit.results) {
        if (result.level !== level) continue;
        const key = `${level} ${result.result}`;
        const group = byName.get(key) ?? [];
        if (!byName.has(key)) byName.set(key, group);
        group.push({ commit, result });
      }
    }
  }
  return byName;
}
