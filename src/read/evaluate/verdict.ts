import type { CommitHead } from '../../git/commit-heads.js';
import type { CommitRecord } from '../../git/log.js';
import type { Predicate } from '../../core/model.js';
import { completeCandidates, isValid, readCandidates, trailersPredicate, type Candidate } from './candidates.js';
import { carriers, choose } from './choose.js';
import { takeDecoded } from './decode-ahead.js';
import type { EvaluationContext } from './context.js';
import type { ExemptFacts } from './exempt.js';
import { fixFor } from './fixes.js';
import { identityOf, relationOf, sameChange } from './relation.js';
import { disclosure } from './rules/disclosure.js';
import { isFailure, type Finding, type Judged } from './rules/finding.js';
import { note } from './rules/note.js';
import { presence } from './rules/presence.js';
import { sensitive } from './rules/sensitive.js';
import { COMMIT_TIME_SOURCES } from './rules/signature-time.js';
import { signatureResult } from './rules/signature.js';
import { statement, type StatementFacts } from './rules/statement.js';
import { tools } from './rules/tools.js';
import { trustChanged } from './rules/trust-changed.js';
import {
  CHECKS,
  type CandidateReport,
  type CheckResult,
  type CommitVerdict,
  type Relation,
  type StatementOrigin,
  type UsedStatement,
  type VerdictStatus,
} from './types.js';

export { describeDeclaration } from '../../core/declaration.js';

/** What git computed for a batch of commits besides patch-ids and files (see evaluate.ts). */
export interface CommitFacts extends ExemptFacts {
  /** Committer dates (Unix seconds) of the parents of commits with a commit-time statement. */
  parentTimes?: ReadonlyMap<string, number>;
  /** The verified statements of the commits carry statements name. */
  carried?: ReadonlyMap<string, Predicate[]>;
}

/** A commit whose statements are decoded, waiting for their signature checks and git's batched answers. */
export interface Prepared {
  record: CommitRecord;
  candidates: Candidate[];
  /** Before adoption (policy.exempt.before): needs no attestation whatever else holds. */
  beforeAdoption: boolean;
  /** A two-parent merge the policy may exempt: git's own merge of its parents is computed. */
  needsMergeProof: boolean;
  /** Its author is listed as exempt: git checks the commit's own signature. */
  needsGitSignature: boolean;
  /** A statement made at commit time is bound to it: its parents' committer dates bound its signature's. */
  needsParentTimes: boolean;
  /** Commits carry statements on this one name: their own statements back the carried answers. */
  carrySources: string[];
  /** A statement binds another change: the commit's patch-id decides whether it was carried. */
  needsPatchId: boolean;
  /** A statement declares AI and the config has sensitive globs: the changed files are checked. */
  needsFiles: boolean;
  /**
   * The commits a statement naming this one says it replaced, when another statement binds
   * another change: their tree and parents tell whether that statement is one of theirs.
   */
  replaced: string[];
}

/**
 * Decodes a commit's statements. What git must compute is asked for before the signatures are
 * known, so that both run at once; a statement that then fails its signature only cost a lookup.
 */
export function prepare(record: CommitRecord, ctx: EvaluationContext): Prepared {
  const candidates = takeDecoded(record) ?? readCandidates(record.message, record.note);
  // One pass over the statements that decoded (a commit has one or two), in place of a filter
  // and a callback per question: once per commit of every range, in baseline code.
  let stale = false;
  let commitTime = false;
  let patchId = false;
  let used = false;
  const carrySources: string[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.predicate === null || c.problem) continue;
    const p = c.predicate;
    const same = sameChange(p, record);
    if (!same) stale = true;
    if (same && COMMIT_TIME_SOURCES.has(p.source)) commitTime = true;
    if (!same && p.binding.patchId !== '') patchId = true;
    if (p.ai === 'used') used = true;
    if (p.source === 'carry' && p.carriedFrom) for (const id of p.carriedFrom) carrySources.push(id);
  }
  const replaced: string[] = [];
  if (stale) {
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      if (c.predicate === null || c.problem || c.predicate.binding.commit !== record.commit || !c.predicate.carriedFrom) continue;
      for (const id of c.predicate.carriedFrom) replaced.push(id);
    }
  }
  const before = ctx.exempt.beforeAdoption(record.commit);
  return {
    record,
    candidates,
    beforeAdoption: before,
    needsMergeProof: !before && ctx.config.policy.exempt.merges && record.parents.length === 2,
    needsGitSignature: !before && ctx.exempt.listsAuthor(record),
    carrySources,
    needsParentTimes: record.parents.length > 0 && commitTime,
    needsPatchId: patchId,
    needsFiles: ctx.config.sensitive.length > 0 && used,
    replaced,
  };
}

/**
 * The verdict on one commit. The best valid statement wins (see choose); the trailers' problems
 * are always reported because they are the durable copy, other note lines' problems under note-*
 * names. Each check is a rule (rules/): a pure function of its facts that says what holds; the
 * policy's level is applied here. A valid statement that names this very commit (`ai-attest
 * attest`) supersedes the others: their failures become warnings.
 */
export function finalize(
  p: Prepared,
  patchId: string | undefined,
  files: string[] | undefined,
  ctx: EvaluationContext,
  heads: ReadonlyMap<string, CommitHead> = new Map(),
  facts: CommitFacts = {},
): CommitVerdict {
  const { record } = p;
  completeCandidates(p.candidates, ctx.keyring, ctx.now, record.authorEmail);
  const judged: Judged[] = p.candidates.map((c) => {
    const valid = isValid(c);
    return {
      c,
      valid,
      relation: c.predicate ? relationOf(c.predicate, record, patchId) : null,
      identity:
        valid && c.verify?.ok
          ? identityOf(c.predicate!, c.verify.userIds, record, ctx.config.policy.identities, ctx.config.policy.carriers)
          : null,
      namesCommit: c.predicate?.binding.commit === record.commit,
    };
  });
  const { chosen, trailers, primary } = choose(judged);
  const carrierOf = carriers(judged, chosen, ctx.strict, heads);
  const chosenStatement = chosen ? { predicate: chosen.c.predicate!, origin: chosen.c.origin } : null;
  const statementFacts: Omit<StatementFacts, 'replacedBy'> = {
    record,
    chosen,
    rangeTrust: ctx.rangeTrust,
    // Only a statement is judged by them: a commit with none (most of a history before adoption) skips the lookups.
    parentTimes: primary.size ? record.parents.flatMap((id) => facts.parentTimes?.get(id) ?? []) : [],
    carried: facts.carried ?? new Map(),
  };

  // Plain loops rather than spread and flatMap: this runs once per commit of every range.
  const findings: (Finding | null)[] = [
    presence({
      hasStatements: p.candidates.length > 0,
      chosen: chosenStatement,
      exemption: ctx.exempt.exemption(record, facts),
      adopted: ctx.adopted,
      trust: ctx.trust.description,
    }),
  ];
  primary.forEach((j) => pushAll(findings, statement(j, { ...statementFacts, replacedBy: carrierOf(j)?.c.origin ?? null })));
  pushAll(findings, note(judged, primary, trailers));
  if (chosen && chosenStatement) {
    findings.push(
      sensitive({
        predicate: chosenStatement.predicate,
        source: chosen.c.origin,
        notePartMissing: chosen.c.notePartMissing === true,
        files,
        matchSensitive: ctx.matchSensitive,
      }),
    );
    pushAll(findings, tools(chosenStatement.predicate, chosen.c.origin, ctx.config.tools));
    const lines = p.candidates.find((c) => c.origin === 'trailers')?.trailerLines;
    findings.push(disclosure(chosenStatement.predicate, chosen.c.origin, record.message, lines));
  }
  findings.push(trustChanged(ctx.rangeTrust?.changes.get(record.commit)));

  const results: CheckResult[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (f) results.push(leveled(f, record, ctx));
  }
  if (chosen && chosen.namesCommit && chosen.c.origin !== 'trailers' && chosen.identity?.ok) supersede(results, chosen.c.origin);
  sortByCheck(results);

  const verdict: CommitVerdict = {
    commit: record.commit,
    status: statusOf(results, chosen),
    results,
    statement: chosen ? used(chosen) : null,
  };
  if (ctx.detail)
    verdict.candidates = judged.map((j) =>
      report(j, j === chosen || (chosen !== null && j.c.sameAsTrailers && chosen.c.origin === 'trailers')),
    );
  return verdict;
}

/** `for (const f of from) to.push(f)` without an iterator: each for-of step allocates in baseline code (src/read/compiler.ts). */
function pushAll<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]!);
}

/** The caller's half of a rule (as commitlint's lint applies a rule's configured severity): the policy's level, and the fix. */
function leveled(f: Finding, record: CommitRecord, ctx: EvaluationContext): CheckResult {
  const { check, result, message, source } = f;
  // Keys in this order (JSON output): check, level, result, message, fix, source.
  let out: CheckResult;
  if (!isFailure(result)) out = { check, level: 'pass', result, message };
  else {
    const level = ctx.levelOf(result, check);
    if (level === 'off') out = { check, level: 'pass', result, message: `ignored by policy: ${message}` };
    else {
      out = { check, level, result, message };
      const fix = fixFor(result, record.commit, { authorEmail: record.authorEmail, ...(f.keyEmails ? { keyEmails: f.keyEmails } : {}) });
      if (fix) out.fix = fix;
    }
  }
  if (source) out.source = source;
  return out;
}

const CHECK_ORDER: ReadonlyMap<string, number> = new Map(CHECKS.map((name, i) => [name, i]));

/** In the order of CHECKS, equals kept in their order: an insertion sort (a handful of results; Array#sort allocates). */
function sortByCheck(results: CheckResult[]): void {
  for (let i = 1; i < results.length; i++) {
    const r = results[i]!;
    const rank = CHECK_ORDER.get(r.check)!;
    let k = i - 1;
    while (k >= 0 && CHECK_ORDER.get(results[k]!.check)! > rank) {
      results[k + 1] = results[k]!;
      k--;
    }
    results[k + 1] = r;
  }
}

function supersede(results: CheckResult[], origin: string): void {
  const line = origin.slice('note:'.length);
  for (const r of results) {
    if (r.level !== 'fail' || r.source === origin || !['schema', 'signature', 'binding', 'identity', 'note'].includes(r.check)) continue;
    r.level = 'warn';
    r.message += ` (superseded by the statement in note line ${line}, which names this commit)`;
  }
}

/** Levels decide; a commit that passes with no usable declaration passes because nothing is required of it. */
function statusOf(results: CheckResult[], chosen: Judged | null): VerdictStatus {
  if (results.some((r) => r.level === 'fail')) return 'fail';
  if (results.some((r) => r.level === 'warn')) return 'warn';
  if (!chosen || chosen.c.predicate!.ai === 'undeclared') return 'exempt';
  // A carry statement is bound exactly, but its answers were made for an earlier commit: a reader
  // should see that they came through a rewrite, as with a patch-id match.
  return chosen.relation === 'carried' || chosen.c.predicate!.source === 'carry' ? 'carried' : 'ok';
}

function used(j: Judged): UsedStatement {
  return usedStatement(j.c.predicate!, j.c.sameAsTrailers ? 'trailers' : j.c.origin, j.relation!);
}

export function usedStatement(p: Predicate, origin: StatementOrigin, relation: Relation): UsedStatement {
  return {
    origin,
    source: p.source,
    ai: p.ai,
    tools: p.tools,
    share: p.share,
    sensitive: p.sensitive,
    attester: p.attester,
    time: p.time,
    relation,
    ...(p.carriedFrom ? { carriedFrom: p.carriedFrom } : {}),
    ...(p.detail ? { detail: p.detail } : {}),
    extensions: p.extensions,
  };
}

/**
 * The statement a verdict rested on, read again from the commit without checking anything:
 * for verdicts remembered from an earlier run, whose checks already passed.
 */
export function restoreStatement(record: CommitRecord, origin: StatementOrigin, relation: Relation): UsedStatement | null {
  if (origin === 'trailers') {
    // Format v2 trailers read with the note: their note part (extensions, human-only sensitive files) is there.
    const predicate = trailersPredicate(record.message, record.note);
    return predicate ? usedStatement(predicate, origin, relation) : null;
  }
  const found = readCandidates('', record.note).find((c) => c.origin === origin);
  return found?.predicate ? usedStatement(found.predicate, origin, relation) : null;
}

function report(j: Judged, isUsed: boolean): CandidateReport {
  const v = j.c.verify;
  return {
    origin: j.c.origin,
    sameAsTrailers: j.c.sameAsTrailers,
    used: isUsed,
    predicate: j.c.predicate,
    problem: j.c.problem,
    signature:
      v === null
        ? null
        : v.ok
          ? { ok: true, fingerprint: v.fingerprint, userIds: v.userIds, created: v.created.toISOString() }
          : { ok: false, result: signatureResult(v.reason), message: v.detail, ...(v.fingerprint ? { fingerprint: v.fingerprint } : {}) },
    relation: j.relation,
    identity: j.identity ? { ok: j.identity.ok, message: j.identity.message } : null,
  };
}
