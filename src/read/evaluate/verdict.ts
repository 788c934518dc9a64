import type { Predicate } from '../../core/model.js';
import type { CommitHead } from '../../git/commit-heads.js';
import type { CommitRecord } from '../../git/log.js';
import type { VerifyFailure } from '../../crypto/types.js';
import { needsReattestation } from '../../core/marker.js';
import { completeCandidates, isValid, readCandidates, type Candidate } from './candidates.js';
import type { EvaluationContext } from './context.js';
import { parseTrailers } from '../../core/trailers.js';
import { typedDisclosures } from '../../detect/index.js';
import type { ExemptFacts } from './exempt.js';
import { COMMIT_TIME_SOURCES, signedBeforeParent } from './rules/signature-time.js';
import { unfoundedCarry } from './rules/carry-sources.js';

/** What git computed for a batch of commits besides patch-ids and files (see evaluate.ts). */
export interface CommitFacts extends ExemptFacts {
  /** Committer dates (Unix seconds) of the parents of commits with a commit-time statement. */
  parentTimes?: ReadonlyMap<string, number>;
  /** The verified statements of the commits carry statements name. */
  carried?: ReadonlyMap<string, Predicate[]>;
}
import { fixFor } from './fixes.js';
import { identityOf, relationOf, sameChange, type IdentityOutcome } from './relation.js';
import { untrustedSigner } from './rules/key-proposal.js';
import { trustChangedMessage } from './rules/trust-changed.js';
import {
  CHECKS,
  type CandidateReport,
  type CheckName,
  type CheckResult,
  type CommitVerdict,
  type FailureResult,
  type Relation,
  type StatementOrigin,
  type UsedStatement,
  type VerdictStatus,
} from './types.js';

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
  const candidates = readCandidates(record.message, record.note);
  const decoded = candidates.filter((c) => c.predicate !== null && !c.problem);
  const stale = decoded.some((c) => !sameChange(c.predicate!, record));
  const before = ctx.exempt.beforeAdoption(record.commit);
  return {
    record,
    candidates,
    beforeAdoption: before,
    needsMergeProof: !before && ctx.config.policy.exempt.merges && record.parents.length === 2,
    needsGitSignature: !before && ctx.exempt.listsAuthor(record),
    carrySources: decoded.flatMap((c) => (c.predicate!.source === 'carry' ? (c.predicate!.carriedFrom ?? []) : [])),
    needsParentTimes:
      record.parents.length > 0 && decoded.some((c) => COMMIT_TIME_SOURCES.has(c.predicate!.source) && sameChange(c.predicate!, record)),
    needsPatchId: decoded.some((c) => !sameChange(c.predicate!, record) && c.predicate!.binding.patchId !== ''),
    needsFiles: ctx.config.sensitive.length > 0 && decoded.some((c) => c.predicate!.ai === 'used'),
    replaced: stale ? decoded.flatMap((c) => (c.predicate!.binding.commit === record.commit ? (c.predicate!.carriedFrom ?? []) : [])) : [],
  };
}

interface Judged {
  c: Candidate;
  valid: boolean;
  relation: Relation | null;
  identity: IdentityOutcome | null;
  namesCommit: boolean;
}

const SIGNATURE_RESULT: Record<VerifyFailure, FailureResult> = {
  malformed: 'bad-signature',
  'bad-signature': 'bad-signature',
  'unknown-key': 'unknown-key',
  expired: 'key-expired',
  revoked: 'key-revoked',
  'not-yet-valid': 'key-not-yet-valid',
};

/**
 * The verdict on one commit. The best valid statement wins (bound to this commit, declared,
 * by the author, naming the commit, then the trailers); the trailers' problems are always
 * reported because they are the durable copy, other note lines' problems under note-*
 * names. A valid statement that names this very commit (`ai-attest attest`) supersedes the
 * others: their failures become warnings.
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
  const exemption = ctx.exempt.exemption(record, facts);
  const exempt = exemption?.exempt ? exemption : null;
  const denied = exemption && !exemption.exempt ? exemption : null;
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
  const usable = judged.filter((j) => j.valid && j.relation !== 'none');
  const chosen = [...usable].sort(byPreference)[0] ?? null;
  const trailers = judged.find((j) => j.c.origin === 'trailers') ?? null;
  const results: CheckResult[] = [];
  const add: Add = (check, r, fail, keyEmails) => results.push(leveled(check, r, fail, record, ctx, keyEmails));

  // Presence and the declaration.
  if (p.candidates.length === 0) {
    if (exempt) add('presence', { result: exempt.result, level: 'pass', message: `no attestation needed: ${exempt.reason}` });
    else if (!ctx.adopted)
      add(
        'presence',
        {
          result: 'unattested',
          message: `unknown: not attested, and ai-attest is not set up at the trusted revision (${ctx.trust.description})`,
        },
        'unattested',
      );
    else if (denied) add('presence', { result: denied.result, message: `no attestation, and no exemption: ${denied.why}` }, denied.result);
    else add('presence', { result: 'missing', message: 'no attestation: no Ai-Attest trailers and no note' }, 'missing');
  } else if (chosen) {
    const pred = chosen.c.predicate!;
    if (pred.ai === 'undeclared') {
      if (exempt)
        add('presence', { result: exempt.result, level: 'pass', message: `undeclared, but no attestation is needed: ${exempt.reason}` });
      else {
        // A rewrite that could not carry the answers says why: that reason is what the fixer needs.
        const marker = needsReattestation(pred);
        if (marker)
          add(
            'presence',
            { result: 'needs-reattestation', message: `needs re-attestation: ${marker.reason}`, source: chosen.c.origin },
            'needs-reattestation',
          );
        else
          add(
            'presence',
            { result: 'undeclared', message: 'committed without answers: AI involvement is undeclared', source: chosen.c.origin },
            'undeclared',
          );
      }
    } else {
      add('presence', { result: 'ok', level: 'pass', message: describeDeclaration(pred), source: chosen.c.origin });
    }
  } else if (exempt) {
    add('presence', { result: exempt.result, level: 'pass', message: `no valid attestation, but none is needed: ${exempt.reason}` });
  }

  // The statements a reader relies on: the trailers, the chosen one, or the best broken note line.
  const primary = new Set<Judged>();
  if (trailers) primary.add(trailers);
  if (chosen && !chosen.c.sameAsTrailers) primary.add(chosen);
  if (!trailers && !chosen) {
    const best = [...judged].sort(byPreference)[0];
    if (best) primary.add(best);
  }
  const replacedBy = carrierOf(chosen, ctx);
  // The marker a rewrite left, or its carry statement, records what this commit replaced, also
  // once `attest` has superseded it.
  const replaced = replacedBy
    ? judged.flatMap((j) => (j.valid && j.namesCommit && j.identity?.ok ? (j.c.predicate!.carriedFrom ?? []) : []))
    : [];
  const isReplaced = (j: Judged) => replacedBy !== null && j !== replacedBy && j.valid && wasReplaced(j.c.predicate!, replaced, heads);
  const parentTimes = record.parents.flatMap((id) => facts.parentTimes?.get(id) ?? []);
  for (const j of primary)
    statementResults(j, chosen, record, add, isReplaced(j) ? replacedBy!.c.origin : null, ctx, parentTimes, facts.carried ?? new Map());

  // The other note lines.
  const noteOwn = judged.some((j) => j.c.origin !== 'trailers' && j.valid && j.relation !== 'none');
  for (const j of judged) {
    if (primary.has(j) || j.c.sameAsTrailers || j.c.origin === 'trailers') continue;
    const line = j.c.origin.slice('note:'.length);
    if (!j.valid) {
      const why = j.c.problem?.message ?? (j.c.verify && !j.c.verify.ok ? j.c.verify.detail : 'unreadable');
      add('note', { result: 'note-invalid', message: `note line ${line} does not verify: ${why}`, source: j.c.origin }, 'note-invalid');
    } else if (j.relation === 'none') {
      if (noteOwn)
        add('note', {
          result: 'superseded',
          level: 'pass',
          message: `note line ${line} is the statement of an earlier version of this commit (kept by amend or rebase)`,
          source: j.c.origin,
        });
      else
        add(
          'note',
          {
            result: 'note-wrong-commit',
            message: `note line ${line} is a valid statement of another change (tree ${j.c.predicate!.binding.tree.slice(0, 12)}), not of this commit: the note was attached to the wrong commit`,
            source: j.c.origin,
          },
          'note-wrong-commit',
        );
    }
  }
  const disagreement = disagreeing(judged, trailers);
  if (disagreement) {
    add(
      'note',
      {
        result: 'note-disagrees',
        message: `note line ${disagreement.c.origin.slice(5)} is a valid commit-time statement of this commit that disagrees with the trailers (${describeDeclaration(disagreement.c.predicate!)} vs ${describeDeclaration(trailers!.c.predicate!)})`,
        source: disagreement.c.origin,
      },
      'note-disagrees',
    );
  }

  // What the chosen statement declares.
  if (chosen && chosen.c.predicate!.ai === 'used') {
    const pred = chosen.c.predicate!;
    if (files !== undefined) {
      const declared = new Set(pred.sensitive.map((s) => s.path));
      const missed = files.flatMap((f) => {
        const category = ctx.matchSensitive(f);
        return category && !declared.has(f) ? [`${f} (${category})`] : [];
      });
      if (missed.length && chosen.c.notePartMissing) {
        // v2 trailers list the files AI touched; the human-only ones are in the lost note part.
        add('sensitive', {
          result: 'ok',
          level: 'pass',
          message: `the statement's note part (the human-only sensitive files) is missing, so ${missed.length} sensitive file(s) outside the AI-touched list cannot be checked: fetch the notes (ai-attest sync)`,
          source: chosen.c.origin,
        });
      } else if (missed.length) {
        add(
          'sensitive',
          {
            result: 'sensitive-underreported',
            message: `AI was used and the commit changes sensitive files the statement does not declare: ${missed.join(', ')}`,
            source: chosen.c.origin,
          },
          'sensitive-underreported',
        );
      } else {
        add('sensitive', {
          result: 'ok',
          level: 'pass',
          message: pred.sensitive.length ? `declares ${pred.sensitive.length} sensitive file(s)` : 'no sensitive files changed',
          source: chosen.c.origin,
        });
      }
    }
    for (const use of pred.tools) {
      const entry = ctx.config.tools.find((t) => t.id === use.tool);
      if (!entry)
        add(
          'tools',
          {
            result: 'tool-unapproved',
            message: `tool "${use.tool}" is not in the registry (tools in .ai-attest/config.json): it has not been assessed`,
            source: chosen.c.origin,
          },
          'tool-unapproved',
        );
      else if (!entry.approved)
        add(
          'tools',
          { result: 'tool-unapproved', message: `tool "${use.tool}" (${entry.name}) is not approved`, source: chosen.c.origin },
          'tool-unapproved',
        );
    }
    if (pred.tools.length && results.every((r) => r.check !== 'tools')) {
      add('tools', {
        result: 'ok',
        level: 'pass',
        message: `approved: ${pred.tools.map((t) => t.tool).join(', ')}`,
        source: chosen.c.origin,
      });
    }
  }

  if (chosen && chosen.c.predicate!.ai === 'none') {
    const typed = typedDisclosures(parseTrailers(record.message));
    if (typed.length) {
      const shown = typed.map((d) => `"${d.trailer.key}: ${d.trailer.value}"`).join(', ');
      add(
        'disclosure',
        {
          result: 'disclosure-contradicts',
          message: `the signed answer is "no AI", but the message discloses an agent outside the signature: ${shown}`,
          source: chosen.c.origin,
        },
        'disclosure-contradicts',
      );
    }
  }
  const trustChanges = ctx.rangeTrust?.changes.get(record.commit);
  if (trustChanges) add('trust', { result: 'trust-changed', message: trustChangedMessage(trustChanges) }, 'trust-changed');

  if (chosen && chosen.namesCommit && chosen.c.origin !== 'trailers' && chosen.identity?.ok) supersede(results, chosen.c.origin);
  results.sort((a, b) => CHECKS.indexOf(a.check) - CHECKS.indexOf(b.check));

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

type ResultInput = Omit<CheckResult, 'check' | 'level'> & { level?: CheckResult['level'] };
type Add = (check: CheckName, r: ResultInput, fail?: FailureResult, keyEmails?: string[]) => void;

/** Schema, signature, binding and identity of one statement, each a pass or its named failure. */
function statementResults(
  j: Judged,
  chosen: Judged | null,
  record: CommitRecord,
  add: Add,
  replacedBy: StatementOrigin | null,
  ctx: EvaluationContext,
  parentTimes: readonly number[],
  carried: ReadonlyMap<string, Predicate[]>,
): void {
  const { c } = j;
  const source = c.origin;
  if (c.problem) {
    const check: CheckName = c.problem.result === 'unsigned' ? 'signature' : 'schema';
    add(check, { result: c.problem.result, message: c.problem.message, source }, c.problem.result);
    return;
  }
  const pred = c.predicate!;
  add('schema', { result: 'ok', level: 'pass', message: `schema v${pred.version}`, source });
  for (const line of c.unsignedLines ?? []) {
    add(
      'schema',
      { result: 'unsigned-trailer', message: `${line}: shown in the attestation block, but its statement does not sign it`, source },
      'unsigned-trailer',
    );
  }
  for (const key of c.unknownKeys) {
    add(
      'schema',
      { result: 'unknown-trailer', message: `"${key}:" is not an ai-attest trailer this version knows; nothing signs it`, source },
      'unknown-trailer',
    );
  }
  const v = c.verify!;
  if (!v.ok) {
    const judged = v.reason === 'unknown-key' ? untrustedSigner(v.fingerprint, record.commit, ctx.rangeTrust, v.detail) : null;
    const result = judged?.result ?? SIGNATURE_RESULT[v.reason];
    add('signature', { result, message: judged?.message ?? v.detail, source }, result);
    return;
  }
  const backdated = j.relation === 'exact' && COMMIT_TIME_SOURCES.has(pred.source) ? signedBeforeParent(v.created, parentTimes) : null;
  if (backdated) add('signature', { result: 'signed-before-parent', message: backdated, source }, 'signed-before-parent');
  else
    add('signature', {
      result: 'ok',
      level: 'pass',
      message: `signed by ${v.userIds[0] ?? '(no user id)'} (${v.fingerprint}) at ${v.created.toISOString()}`,
      source,
    });
  if (j.relation === 'none' && replacedBy) {
    add('binding', {
      result: 'superseded',
      level: 'pass',
      message: `the statement of ${pred.binding.commit ? `commit ${pred.binding.commit.slice(0, 12)}` : `tree ${pred.binding.tree.slice(0, 12)}`}, which this commit replaced: the statement in ${replacedBy.replace(':', ' line ')} carries it to this commit`,
      source,
    });
  } else if (j.relation === 'none') {
    const b = pred.binding;
    add(
      'binding',
      {
        result: 'binding-mismatch',
        message: `the statement binds tree ${b.tree.slice(0, 12)} on ${b.parents.map((x) => x.slice(0, 12)).join(',') || 'no parent'}${b.commit ? ` (commit ${b.commit.slice(0, 12)})` : ''}, not this commit's tree ${record.tree.slice(0, 12)} on ${record.parents.map((x) => x.slice(0, 12)).join(',') || 'no parent'}, and the patch-ids differ: it was made for another change`,
        source,
      },
      'binding-mismatch',
    );
  } else if (j.relation === 'carried') {
    add('binding', {
      result: 'carried',
      level: 'pass',
      message: sameChange(pred, record)
        ? 'the same change under another message (reworded)'
        : 'carried: the patch-id matches (rebased or cherry-picked unchanged)',
      source,
    });
  } else {
    add('binding', {
      result: 'ok',
      level: 'pass',
      message: pred.binding.commit ? 'names this commit' : 'bound to this tree and these parents',
      source,
    });
  }
  const unfounded = pred.source === 'carry' && j.relation !== 'none' ? unfoundedCarry(pred, carried) : null;
  if (unfounded) add('binding', { result: 'carry-unfounded', message: unfounded, source }, 'carry-unfounded');
  if (j.identity && (j === chosen || !chosen || j.c.origin === 'trailers')) {
    if (j.identity.ok) add('identity', { result: 'ok', level: 'pass', message: j.identity.message, source });
    else add('identity', { result: 'identity-mismatch', message: j.identity.message, source }, 'identity-mismatch', j.identity.keyEmails);
  }
}

function leveled(
  check: CheckName,
  r: ResultInput,
  fail: FailureResult | undefined,
  record: CommitRecord,
  ctx: EvaluationContext,
  keyEmails?: string[],
): CheckResult {
  if (!fail) return { check, level: r.level ?? 'pass', result: r.result, message: r.message, ...(r.source ? { source: r.source } : {}) };
  const level = ctx.levelOf(fail, check);
  if (level === 'off')
    return {
      check,
      level: 'pass',
      result: r.result,
      message: `ignored by policy: ${r.message}`,
      ...(r.source ? { source: r.source } : {}),
    };
  const fix = fixFor(fail, record.commit, { authorEmail: record.authorEmail, ...(keyEmails ? { keyEmails } : {}) });
  return { check, level, result: r.result, message: r.message, ...(fix ? { fix } : {}), ...(r.source ? { source: r.source } : {}) };
}

function supersede(results: CheckResult[], origin: string): void {
  const line = origin.slice('note:'.length);
  for (const r of results) {
    if (r.level !== 'fail' || r.source === origin || !['schema', 'signature', 'binding', 'identity', 'note'].includes(r.check)) continue;
    r.level = 'warn';
    r.message += ` (superseded by the statement in note line ${line}, which names this commit)`;
  }
}

/**
 * A valid statement naming this commit (carry, attest): the stale statements of the commits that
 * this commit's statements say it replaced (trailers kept by a rebase or squash) are then
 * expected, not a warning. Strict mode keeps the warning: it trusts the trailers alone.
 */
function carrierOf(chosen: Judged | null, ctx: EvaluationContext): Judged | null {
  if (ctx.strict || !chosen || !chosen.namesCommit || chosen.c.origin === 'trailers' || !chosen.identity?.ok) return null;
  return chosen;
}

/** The statement was made for one of `from`: it names it, or binds its tree and parents. */
function wasReplaced(p: Predicate, from: readonly string[], heads: ReadonlyMap<string, CommitHead>): boolean {
  const b = p.binding;
  if (b.commit) return from.includes(b.commit);
  return from.some((id) => {
    const h = heads.get(id);
    return h !== undefined && h.tree === b.tree && h.parents.length === b.parents.length && h.parents.every((x, i) => x === b.parents[i]);
  });
}

/** Best first: bound exactly, declared, by the author, naming the commit, the trailers, the newest. */
function byPreference(a: Judged, b: Judged): number {
  const key = (j: Judged) => [
    j.valid ? 1 : 0,
    j.relation === 'exact' ? 2 : j.relation === 'carried' ? 1 : 0,
    j.c.predicate && j.c.predicate.ai !== 'undeclared' ? 1 : 0,
    j.identity?.ok ? 1 : 0,
    j.namesCommit ? 1 : 0,
    j.c.origin === 'trailers' ? 1 : 0,
  ];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
  return (b.c.predicate?.time ?? '').localeCompare(a.c.predicate?.time ?? '');
}

/** A commit-time note statement of this commit that contradicts the trailers, when none agrees. */
function disagreeing(judged: Judged[], trailers: Judged | null): Judged | null {
  if (!trailers?.valid || trailers.relation === 'none') return null;
  const notes = judged.filter(
    (j) => j.c.origin !== 'trailers' && (j.c.sameAsTrailers || (j.valid && j.relation !== 'none' && !j.c.predicate!.binding.commit)),
  );
  if (notes.length === 0 || notes.some((j) => j.c.sameAsTrailers || sameFacts(j.c.predicate!, trailers.c.predicate!))) return null;
  return notes[0]!;
}

function sameFacts(a: Predicate, b: Predicate): boolean {
  const facts = (p: Predicate) => JSON.stringify([p.ai, p.tools, p.share, p.sensitive, p.attester.key]);
  return facts(a) === facts(b);
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

export function describeDeclaration(p: Predicate): string {
  if (p.ai === 'none') return 'no AI';
  if (p.ai === 'undeclared') return 'undeclared';
  return `AI: ${p.tools.map((t) => `${t.tool} ${t.model}`).join(', ')}, ~${p.share}%`;
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
  // Format v2 trailers read with the note: their note part (extensions, human-only sensitive files) is there.
  const found = readCandidates(origin === 'trailers' ? record.message : '', record.note).find((c) => c.origin === origin);
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
          : { ok: false, result: SIGNATURE_RESULT[v.reason], message: v.detail, ...(v.fingerprint ? { fingerprint: v.fingerprint } : {}) },
    relation: j.relation,
    identity: j.identity ? { ok: j.identity.ok, message: j.identity.message } : null,
  };
}
