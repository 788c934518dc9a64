import type { Predicate } from '../../core/model.js';
import type { CommitRecord } from '../../git/log.js';
import type { CommitVerdict, UsedStatement } from '../evaluate.js';
import { breaksIntegrity } from '../evaluate/integrity.js';
import type { AttestationView, Person, TracedCommit, VerificationView } from './model.js';

export function tracedCommit(record: CommitRecord, verdict: CommitVerdict): TracedCommit {
  return {
    commit: record.commit,
    parents: record.parents,
    author: person(record.authorName, record.authorEmail, record.authorTime),
    committer: person(record.committerName, record.committerEmail, record.committerTime),
    subject: record.message.split('\n', 1)[0]!.trim(),
    attestation: attestationView(verdict),
    verification: verificationView(verdict),
  };
}

export function attestationView(verdict: CommitVerdict): AttestationView {
  const broken = verdict.results.some(breaksIntegrity);
  if (verdict.statement) return fromUsed(verdict.statement, !broken);
  // Nothing verify could rest on: show what the commit claims, marked unverified, so that a
  // forged statement is visible as a claim and never mistaken for an unattested commit.
  const claimed = verdict.candidates?.find((c) => c.predicate);
  return claimed?.predicate ? fromClaim(claimed.predicate, claimed.origin) : unattested();
}

function fromUsed(s: UsedStatement, verified: boolean): AttestationView {
  return {
    ai: s.ai,
    verified,
    tools: s.tools,
    share: s.share,
    sensitive: s.sensitive,
    attester: s.attester,
    time: s.time,
    source: s.source,
    origin: s.origin,
    relation: s.relation,
    carriedFrom: s.carriedFrom ?? [],
    detail: { recorded: Boolean(s.detail), sha256: s.detail?.sha256 ?? null },
  };
}

function fromClaim(p: Predicate, origin: AttestationView['origin']): AttestationView {
  return {
    ai: p.ai,
    verified: false,
    tools: p.tools,
    share: p.share,
    sensitive: p.sensitive,
    attester: p.attester,
    time: p.time,
    source: p.source,
    origin,
    relation: null,
    carriedFrom: p.carriedFrom ?? [],
    detail: { recorded: Boolean(p.detail), sha256: p.detail?.sha256 ?? null },
  };
}

function unattested(): AttestationView {
  return {
    ai: 'unattested',
    verified: false,
    tools: [],
    share: null,
    sensitive: [],
    attester: null,
    time: null,
    source: null,
    origin: null,
    relation: null,
    carriedFrom: [],
    detail: { recorded: false, sha256: null },
  };
}

function verificationView(verdict: CommitVerdict): VerificationView {
  return {
    status: verdict.status,
    problems: verdict.results
      .filter((r) => r.level !== 'pass')
      .map((r) => ({ check: r.check, result: r.result, level: r.level, message: r.message, ...(r.fix ? { fix: r.fix } : {}) })),
  };
}

function person(name: string, email: string, seconds: number): Person {
  return { name, email, time: new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}
