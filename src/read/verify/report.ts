import { escapeData, escapeProperty } from '../../ui/github-annotations.js';
import type { VerifyOutcome, VerifySummary } from './verify.js';
import { LISTED_PER_RESULT, ShownResults, type ResultGroup } from './shown-results.js';
import { safeJson, safeText } from '../../ui/safe-text.js';

export const VERIFY_SCHEMA = 'ai-attest/verify@1';

/** `--json`: the documented, versioned shape (docs/verify.md). */
export function verifyJson(outcome: VerifyOutcome) {
  return {
    schema: VERIFY_SCHEMA,
    range: outcome.range,
    trust: outcome.trust,
    strict: outcome.strict,
    adoptionPoint: outcome.adoptionPoint,
    summary: outcome.summary,
    commits: outcome.commits,
  };
}

/**
 * `--json` as the text `JSON.stringify(verifyJson(outcome), null, 2)` gives, a commit at a time:
 * the whole document of an 80,000-commit range is never one string (nor three, with escaping and
 * indentation), so the peak memory is the verdicts' own. Repository text is escaped (safeJson).
 */
export function* verifyJsonChunks(outcome: VerifyOutcome): Generator<string> {
  const { commits, ...head } = verifyJson(outcome);
  const opening = JSON.stringify(head, null, 2);
  // `{ ...head` up to its closing brace, then the commits array in place of it.
  yield `${safeJson(opening.slice(0, opening.lastIndexOf('\n}')))},\n  "commits": [`;
  if (commits.length === 0) {
    yield ']\n}\n';
    return;
  }
  for (let i = 0; i < commits.length; i++) {
    const text = JSON.stringify(commits[i], null, 2).replaceAll('\n', '\n    ');
    yield `${i === 0 ? '' : ','}\n    ${safeJson(text)}`;
  }
  yield '\n  ]\n}\n';
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
  const n = summary.commits;
  lines.push(`${paint.bold('ai-attest verify')}: ${n} commit${n === 1 ? '' : 's'} (${outcome.range.description})${countsOf(summary)}`);
  // Only a weaker trust is worth a line: the range judged by its own config, or nothing set up.
  if (outcome.trust && (outcome.trust.kind === 'range' || outcome.trust.kind === 'none'))
    lines.push(paint.yellow(`trust: ${outcome.trust.description}`));
  for (const group of shownOf(outcome).groups()) {
    const { level, name, shared } = group;
    const tag = level === 'fail' ? paint.red('FAIL') : paint.yellow('WARN');
    lines.push('', `${tag} ${paint.bold(name)} (${group.count} commit${group.count === 1 ? '' : 's'})`);
    if (shared) {
      // The same words for every commit (a whole unattested history): said once, then the commits.
      lines.push(`  ${safeText(shared.message)}`);
      if (shared.fix) lines.push(`  ${paint.dim('fix:')} ${safeText(shared.fix)}`);
    }
    for (const { commit, result } of group.listed) {
      lines.push(`  ${commit.commit.slice(0, 12)}  ${safeText(commit.subject)}`);
      if (shared) continue;
      lines.push(
        `      ${result.source && result.source !== 'trailers' ? `${result.source.replace(':', ' line ')}: ` : ''}` +
          `${safeText(result.message)}`,
      );
      if (result.fix) lines.push(`      ${paint.dim('fix:')} ${safeText(result.fix)}`);
    }
    if (group.count > LISTED_PER_RESULT) lines.push(...summaryOfRest(group, outcome.adoptionPoint, paint));
  }
  lines.push('');
  if (summary.fail > 0) {
    lines.push(
      paint.red(`${summary.fail} commit${summary.fail === 1 ? '' : 's'} fail${summary.fail === 1 ? 's' : ''} the attestation policy.`) +
        ' Fix as shown above, then run `ai-attest verify` again.',
    );
  } else if (n === 0) {
    lines.push(paint.green('nothing to verify.'));
  } else if (summary.unattested === n) {
    lines.push(
      paint.yellow(`nothing here is attested: ${n} commit${n === 1 ? '' : 's'} unattested, unknown rather than failed.`) +
        ' ai-attest is not set up at the trusted revision; `ai-attest init` starts it.',
    );
  } else {
    const warned = summary.warn - summary.unattested;
    lines.push(
      paint.green(`all ${n} commit${n === 1 ? '' : 's'} pass${n === 1 ? 'es' : ''}.`) +
        (summary.unattested ? ` ${summary.unattested} unattested (unknown, not failed).` : '') +
        (warned ? ` ${warned} with warnings (--strict makes them fail).` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** ": 10 ok, 2 unattested, 1 fail": unattested commits are unknown, so not counted as warnings. */
function countsOf(summary: VerifySummary): string {
  const counts: Array<[number, string]> = [
    [summary.ok, 'ok'],
    [summary.carried, 'carried'],
    [summary.exempt, 'exempt'],
    [summary.unattested, 'unattested'],
    [summary.warn - summary.unattested, 'warn'],
    [summary.fail, 'fail'],
  ];
  const shown = counts.filter(([count]) => count > 0).map(([count, name]) => `${count} ${name}`);
  return shown.length ? `: ${shown.join(', ')}` : '';
}

export { LISTED_PER_RESULT } from './shown-results.js';

/** What text and annotations show: the outcome's own, or gathered from the commits it kept. */
function shownOf(outcome: VerifyOutcome): ShownResults {
  return outcome.shown ?? ShownResults.of(outcome.commits);
}

function summaryOfRest(group: ResultGroup, adoptionPoint: string | null, paint: Paint): string[] {
  const { name } = group;
  const rest = group.count - LISTED_PER_RESULT;
  const lines = [
    `  ... and ${rest} more commit${rest === 1 ? '' : 's'} with the same result (\`ai-attest verify --json\` lists every one)`,
  ];
  if (name === 'missing' && !adoptionPoint) {
    // Newest first: pinning the first one puts the whole unattested history before adoption.
    lines.push(
      `  ${paint.dim('fix for all of them:')} if they predate ai-attest, pin the adoption point: ` +
        `set "policy": {"exempt": {"before": "${group.listed[0]!.commit.commit}"}} in ` +
        `.ai-attest/config.json`,
    );
  } else if (name === 'missing') {
    // Moving the point forward would exempt commits made after adoption: not a fix, a hole.
    lines.push(
      `  ${paint.dim('note:')} they come after the adoption point ${adoptionPoint!.slice(0, 12)} ` +
        `(policy.exempt.before): each needs its author's \`ai-attest attest REV\``,
    );
  }
  return lines;
}

/**
 * `--format github`: one workflow annotation per failure or warning, then the summary. A result
 * shared by more commits than are listed in text gets that many annotations and one that counts
 * the rest (GitHub shows only the first few of a step anyway).
 */
export function verifyGithub(outcome: VerifyOutcome): string {
  const lines: string[] = [];
  for (const group of shownOf(outcome).groups()) {
    for (const { commit, result } of group.listed) {
      const kind = result.level === 'fail' ? 'error' : 'warning';
      const title = escapeProperty(`ai-attest ${result.result}: ${commit.commit.slice(0, 12)}`);
      const body =
        `${commit.commit.slice(0, 12)} ${safeText(commit.subject)}: ${safeText(result.message)}` +
        `${result.fix ? `\nfix: ${safeText(result.fix)}` : ''}`;
      lines.push(`::${kind} title=${title}::${escapeData(body)}`);
    }
    if (group.count > LISTED_PER_RESULT) {
      const { level, name } = group;
      const rest = group.count - LISTED_PER_RESULT;
      const body = summaryOfRest(group, outcome.adoptionPoint, plain)
        .map((line) => line.trim())
        .join('\n');
      lines.push(
        `::${level === 'fail' ? 'error' : 'warning'} title=` +
          `${escapeProperty(`ai-attest ${name}: ${rest} more commits`)}::${escapeData(body)}`,
      );
    }
  }
  const { summary } = outcome;
  lines.push(
    `ai-attest verify: ${summary.commits} commits: ${summary.ok} ok, ${summary.carried} ` +
      `carried, ${summary.exempt} exempt, ${summary.warn} warn, ${summary.fail} fail` +
      (summary.unattested ? ` (${summary.unattested} of the warnings: unattested, unknown rather than failed)` : ''),
  );
  return `${lines.join('\n')}\n`;
}
