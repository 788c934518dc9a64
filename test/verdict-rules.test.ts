import { describe, expect, it } from 'vitest';
import { describeDeclaration } from '../src/core/declaration.js';
import { NEEDS_REATTESTATION } from '../src/core/marker.js';
import type { Predicate } from '../src/core/model.js';
import type { VerifyResult } from '../src/crypto/types.js';
import type { Candidate } from '../src/read/evaluate/candidates.js';
import { carriers, choose } from '../src/read/evaluate/choose.js';
import { binding } from '../src/read/evaluate/rules/binding.js';
import { disclosure } from '../src/read/evaluate/rules/disclosure.js';
import { isFailure, type Judged } from '../src/read/evaluate/rules/finding.js';
import { identity } from '../src/read/evaluate/rules/identity.js';
import { note } from '../src/read/evaluate/rules/note.js';
import { presence, type PresenceFacts } from '../src/read/evaluate/rules/presence.js';
import { schema } from '../src/read/evaluate/rules/schema.js';
import { sensitive } from '../src/read/evaluate/rules/sensitive.js';
import { signature, signatureResult } from '../src/read/evaluate/rules/signature.js';
import { statement, type StatementFacts } from '../src/read/evaluate/rules/statement.js';
import { tools } from '../src/read/evaluate/rules/tools.js';
import { trustChanged } from '../src/read/evaluate/rules/trust-changed.js';
import type { StatementOrigin } from '../src/read/evaluate/types.js';

/** The verdict's checks as pure rules: each one alone, from hand-made facts (no git, no keys). */
const TREE = 'a'.repeat(40);
const PARENT = 'b'.repeat(40);
const COMMIT = 'd'.repeat(40);
const KEY = 'F'.repeat(40);
const record = { commit: COMMIT, tree: TREE, parents: [PARENT] };
const claude = { tool: 'claude-code', model: 'claude-sonnet-4-5', via: 'cli-agent' as const };

function predicate(over: Partial<Predicate> = {}): Predicate {
  return {
    version: 1,
    ai: 'used',
    tools: [claude],
    share: 30,
    sensitive: [],
    attester: { name: 'Dev', email: 'dev@example.com', key: KEY },
    binding: { tree: TREE, parents: [PARENT], patchId: 'c'.repeat(40) },
    time: '2026-01-01T00:00:00Z',
    source: 'env',
    extensions: {},
    ...over,
  };
}

const goodSignature: VerifyResult = {
  ok: true,
  fingerprint: KEY,
  created: new Date('2026-01-01T00:00:00Z'),
  userIds: ['Dev <dev@example.com>'],
};

function candidate(origin: StatementOrigin, over: Partial<Candidate> = {}): Candidate {
  return {
    origin,
    predicate: predicate(),
    problem: null,
    jobs: [],
    verify: goodSignature,
    sameAsTrailers: false,
    unknownKeys: [],
    ...over,
  };
}

function judged(origin: StatementOrigin, over: Partial<Judged> = {}, c: Partial<Candidate> = {}): Judged {
  return {
    c: candidate(origin, c),
    valid: true,
    relation: 'exact',
    identity: { ok: true, message: 'signed by the author', keyEmails: ['dev@example.com'] },
    namesCommit: false,
    ...over,
  };
}

describe('presence', () => {
  const base: PresenceFacts = { hasStatements: true, chosen: null, exemption: null, adopted: true, trust: 'origin/main' };
  const exempt = { exempt: true as const, result: 'exempt' as const, reason: 'a merge that adds nothing' };

  it('passes a declared statement with its declaration, and fails an undeclared one', () => {
    expect(presence({ ...base, chosen: { predicate: predicate(), origin: 'trailers' } })).toEqual({
      check: 'presence',
      result: 'ok',
      message: 'AI: claude-code claude-sonnet-4-5, ~30%',
      source: 'trailers',
    });
    const undeclared = predicate({ ai: 'undeclared', tools: [], share: 0 });
    expect(presence({ ...base, chosen: { predicate: undeclared, origin: 'note:1' } })).toMatchObject({
      result: 'undeclared',
      source: 'note:1',
    });
    expect(presence({ ...base, chosen: { predicate: undeclared, origin: 'note:1' }, exemption: exempt })).toMatchObject({
      result: 'exempt',
      message: 'undeclared, but no attestation is needed: a merge that adds nothing',
    });
  });

  it('names why a rewrite could not carry the answers', () => {
    const marked = predicate({ ai: 'undeclared', extensions: { [NEEDS_REATTESTATION]: { reason: 'the squash changed lines', from: [] } } });
    expect(presence({ ...base, chosen: { predicate: marked, origin: 'note:2' } })).toMatchObject({
      result: 'needs-reattestation',
      message: 'needs re-attestation: the squash changed lines',
    });
  });

  it('tells a missing attestation from an exempt one, a denied exemption and a repository never set up', () => {
    const none = { ...base, hasStatements: false };
    expect(presence(none)).toMatchObject({ result: 'missing' });
    expect(presence({ ...none, exemption: exempt })).toMatchObject({
      result: 'exempt',
      message: 'no attestation needed: a merge that adds nothing',
    });
    expect(presence({ ...none, exemption: { exempt: false, result: 'merge-adds-changes', why: 'it conflicts' } })).toMatchObject({
      result: 'merge-adds-changes',
      message: 'no attestation, and no exemption: it conflicts',
    });
    expect(presence({ ...none, adopted: false })).toMatchObject({
      result: 'unattested',
      message: expect.stringContaining('(origin/main)'),
    });
  });

  it('leaves broken statements to the statement checks unless an exemption holds', () => {
    expect(presence(base)).toBeNull();
    expect(presence({ ...base, exemption: exempt })).toMatchObject({
      result: 'exempt',
      message: expect.stringMatching(/^no valid attestation/),
    });
  });
});

describe('schema', () => {
  it('reports a problem alone, an unsigned one under signature, and stops the other checks', () => {
    const problem = { result: 'malformed' as const, message: 'not JSON' };
    expect(schema(candidate('note:1', { problem, predicate: null }))).toEqual({
      findings: [{ check: 'schema', result: 'malformed', message: 'not JSON', source: 'note:1' }],
      readable: false,
    });
    const unsigned = schema(candidate('trailers', { problem: { result: 'unsigned', message: 'no signature' } }));
    expect(unsigned.findings.map((f) => f.check)).toEqual(['signature']);
  });

  it('passes the version and names every unsigned or unknown line beside it', () => {
    const { findings, readable } = schema(candidate('trailers', { unsignedLines: ['Assisted-by: x'], unknownKeys: ['Ai-Attest-Extra'] }));
    expect(readable).toBe(true);
    expect(findings.map((f) => f.result)).toEqual(['ok', 'unsigned-trailer', 'unknown-trailer']);
    expect(findings[0]!.message).toBe('schema v1');
  });
});

describe('signature', () => {
  const facts = {
    verify: goodSignature,
    source: 'trailers' as const,
    relation: 'exact' as const,
    answerSource: 'env' as const,
    commit: COMMIT,
    rangeTrust: null,
    parentTimes: [],
  };

  it('passes a good signature with its signer', () => {
    expect(signature(facts)).toEqual({
      check: 'signature',
      result: 'ok',
      message: `signed by Dev <dev@example.com> (${KEY}) at 2026-01-01T00:00:00.000Z`,
      source: 'trailers',
    });
  });

  it('names each failure, and a key this range proposes', () => {
    expect(signature({ ...facts, verify: { ok: false, reason: 'revoked', detail: 'revoked' } }).result).toBe('key-revoked');
    expect(signature({ ...facts, verify: { ok: false, reason: 'malformed', detail: 'x' } }).result).toBe('bad-signature');
    const proposed = { proposed: new Map([[KEY, new Set([COMMIT])]]), onlyAddKeys: new Set([COMMIT]) };
    const unknown: VerifyResult = { ok: false, reason: 'unknown-key', fingerprint: KEY, detail: 'unknown' };
    expect(signature({ ...facts, verify: unknown, rangeTrust: proposed }).result).toBe('key-proposed');
    expect(signature({ ...facts, verify: unknown })).toMatchObject({ result: 'unknown-key', message: 'unknown' });
    expect(signatureResult('not-yet-valid')).toBe('key-not-yet-valid');
  });

  it('fails a commit-time signature older than a parent, and only that kind', () => {
    const late = [Date.parse('2026-01-02T00:00:00Z') / 1000];
    expect(signature({ ...facts, parentTimes: late }).result).toBe('signed-before-parent');
    expect(signature({ ...facts, parentTimes: late, answerSource: 'carry' }).result).toBe('ok');
    expect(signature({ ...facts, parentTimes: late, relation: 'carried' }).result).toBe('ok');
  });
});

describe('binding', () => {
  const facts = {
    predicate: predicate(),
    source: 'trailers' as const,
    relation: 'exact' as const,
    record,
    replacedBy: null,
    carried: new Map(),
  };

  it('tells an exact, a carried, a reworded and a foreign binding apart', () => {
    expect(binding(facts)).toEqual([
      { check: 'binding', result: 'ok', message: 'bound to this tree and these parents', source: 'trailers' },
    ]);
    const named = predicate({ binding: { tree: TREE, parents: [PARENT], patchId: '', commit: COMMIT } });
    expect(binding({ ...facts, predicate: named })[0]!.message).toBe('names this commit');
    expect(binding({ ...facts, relation: 'carried' })[0]!.message).toBe('the same change under another message (reworded)');
    const elsewhere = predicate({ binding: { tree: 'e'.repeat(40), parents: [], patchId: 'c'.repeat(40) } });
    expect(binding({ ...facts, predicate: elsewhere, relation: 'carried' })[0]!.message).toMatch(/^carried: the patch-id matches/);
    expect(binding({ ...facts, predicate: elsewhere, relation: 'none' })[0]).toMatchObject({
      result: 'binding-mismatch',
      message: expect.stringContaining(`binds tree eeeeeeeeeeee on no parent, not this commit's tree aaaaaaaaaaaa on bbbbbbbbbbbb`),
    });
  });

  it('expects the statement of a replaced commit when a statement naming this one carries it', () => {
    const old = predicate({ binding: { tree: TREE, parents: [PARENT], patchId: '', commit: 'e'.repeat(40) } });
    expect(binding({ ...facts, predicate: old, relation: 'none', replacedBy: 'note:2' })[0]).toMatchObject({
      result: 'superseded',
      message: expect.stringContaining('commit eeeeeeeeeeee, which this commit replaced: the statement in note line 2 carries it'),
    });
  });

  it('fails a carry statement that nothing backs', () => {
    const carry = predicate({ source: 'carry', carriedFrom: ['e'.repeat(40)] });
    expect(binding({ ...facts, predicate: carry }).map((f) => f.result)).toEqual(['ok', 'carry-unfounded']);
    expect(binding({ ...facts, predicate: carry, carried: new Map([['e'.repeat(40), [predicate()]]]) }).map((f) => f.result)).toEqual([
      'ok',
    ]);
  });
});

describe('identity', () => {
  it('passes the author, and offers the key emails for a mismatch', () => {
    expect(identity({ ok: true, message: 'by the author', keyEmails: [] }, 'trailers')).toEqual({
      check: 'identity',
      result: 'ok',
      message: 'by the author',
      source: 'trailers',
    });
    expect(identity({ ok: false, message: 'someone else', keyEmails: ['x@example.com'] }, 'note:1')).toEqual({
      check: 'identity',
      result: 'identity-mismatch',
      message: 'someone else',
      source: 'note:1',
      keyEmails: ['x@example.com'],
    });
  });
});

describe('statement', () => {
  const facts: StatementFacts = { record, chosen: null, replacedBy: null, rangeTrust: null, parentTimes: [], carried: new Map() };

  it('runs schema, signature, binding and identity in order', () => {
    expect(statement(judged('trailers'), facts).map((f) => `${f.check}:${f.result}`)).toEqual([
      'schema:ok',
      'signature:ok',
      'binding:ok',
      'identity:ok',
    ]);
  });

  it('judges a statement whose signature fails no further', () => {
    const bad = judged('trailers', { valid: false, identity: null }, { verify: { ok: false, reason: 'bad-signature', detail: 'bad' } });
    expect(statement(bad, facts).map((f) => f.result)).toEqual(['ok', 'bad-signature']);
  });

  it('reports identity only for the chosen statement, the trailers, or when none is chosen', () => {
    const chosen = judged('note:1');
    const other = judged('note:2');
    expect(statement(other, { ...facts, chosen }).map((f) => f.check)).not.toContain('identity');
    expect(statement(judged('trailers'), { ...facts, chosen }).map((f) => f.check)).toContain('identity');
    expect(statement(chosen, { ...facts, chosen }).map((f) => f.check)).toContain('identity');
  });
});

describe('note', () => {
  it('names a broken line, an earlier version, and a statement of another change', () => {
    const trailers = judged('trailers');
    const broken = judged(
      'note:2',
      { valid: false },
      { problem: { result: 'malformed', message: 'not JSON' }, predicate: null, verify: null },
    );
    const earlier = judged('note:3', { relation: 'none' });
    expect(note([trailers, broken, earlier], new Set([trailers]), trailers)).toEqual([
      { check: 'note', result: 'note-invalid', message: 'note line 2 does not verify: not JSON', source: 'note:2' },
      {
        check: 'note',
        result: 'note-wrong-commit',
        message: expect.stringContaining('note line 3 is a valid statement of another change (tree aaaaaaaaaaaa)'),
        source: 'note:3',
      },
    ]);
    const own = judged('note:1');
    expect(note([trailers, own, earlier], new Set([trailers]), trailers).map((f) => f.result)).toEqual(['superseded']);
  });

  it('fails a commit-time note statement that contradicts the trailers, unless one agrees', () => {
    const trailers = judged('trailers');
    const human = judged('note:1', {}, { predicate: predicate({ ai: 'none', tools: [], share: 0 }) });
    expect(note([trailers, human], new Set([trailers]), trailers)).toEqual([
      {
        check: 'note',
        result: 'note-disagrees',
        message:
          'note line 1 is a valid commit-time statement of this commit that disagrees with the trailers (no AI vs AI: claude-code' +
          ' claude-sonnet-4-5, ~30%)',
        source: 'note:1',
      },
    ]);
    const same = judged('note:2', {}, { sameAsTrailers: true });
    expect(note([trailers, human, same], new Set([trailers]), trailers)).toEqual([]);
  });
});

describe('the declaration: sensitive files, tools, disclosure', () => {
  const matchSensitive = (path: string) => (path.startsWith('auth/') ? 'security-controls' : null);
  const facts = {
    predicate: predicate(),
    source: 'trailers' as const,
    notePartMissing: false,
    files: ['auth/login.ts', 'README.md'],
    matchSensitive,
  };

  it('fails AI use that leaves a changed sensitive file undeclared', () => {
    expect(sensitive(facts)).toMatchObject({
      result: 'sensitive-underreported',
      message: 'AI was used and the commit changes sensitive files the statement does not declare: auth/login.ts (security-controls)',
    });
    const declared = predicate({ sensitive: [{ path: 'auth/login.ts', category: 'security-controls', ai: [] }] });
    expect(sensitive({ ...facts, predicate: declared })).toMatchObject({ result: 'ok', message: 'declares 1 sensitive file(s)' });
    expect(sensitive({ ...facts, files: ['README.md'] })).toMatchObject({ result: 'ok', message: 'no sensitive files changed' });
  });

  it('says what it cannot check without the note part, and skips what it need not', () => {
    expect(sensitive({ ...facts, notePartMissing: true })).toMatchObject({
      result: 'ok',
      message: expect.stringContaining('fetch the notes'),
    });
    expect(sensitive({ ...facts, files: undefined })).toBeNull();
    expect(sensitive({ ...facts, predicate: predicate({ ai: 'none', tools: [], share: 0 }) })).toBeNull();
  });

  it('fails each unregistered or unapproved tool, else passes them together', () => {
    const second = { tool: 'aider', model: 'gpt-5', via: 'cli-agent' as const };
    const used = predicate({ tools: [claude, second] });
    const approved = [
      { id: 'claude-code', name: 'Claude Code', approved: true },
      { id: 'aider', name: 'Aider', approved: true },
    ];
    expect(tools(used, 'trailers', approved)).toEqual([
      { check: 'tools', result: 'ok', message: 'approved: claude-code, aider', source: 'trailers' },
    ]);
    expect(tools(used, 'trailers', [{ id: 'aider', name: 'Aider', approved: false }]).map((f) => f.message)).toEqual([
      'tool "claude-code" is not in the registry (tools in .ai-attest/config.json): it has not been assessed',
      'tool "aider" (Aider) is not approved',
    ]);
    expect(tools(predicate({ ai: 'none', tools: [], share: 0 }), 'trailers', [])).toEqual([]);
  });

  it('fails a signed "no AI" beside a typed agent disclosure', () => {
    const human = predicate({ ai: 'none', tools: [], share: 0 });
    expect(disclosure(human, 'trailers', 'Fix\n\nAssisted-by: Claude Opus 4.6\n')).toMatchObject({
      result: 'disclosure-contradicts',
      message: expect.stringContaining('"Assisted-by: Claude Opus 4.6"'),
    });
    expect(disclosure(human, 'trailers', 'Fix\n')).toBeNull();
    expect(disclosure(predicate(), 'trailers', 'Fix\n\nAssisted-by: Claude Opus 4.6\n')).toBeNull();
  });
});

describe('trust, and what the caller levels', () => {
  it('reports a change of what verify trusts, unleveled', () => {
    expect(trustChanged(undefined)).toBeNull();
    expect(trustChanged(['keyring: adds a key'])).toMatchObject({ check: 'trust', result: 'trust-changed' });
    expect(isFailure('trust-changed')).toBe(true);
    expect(isFailure('superseded')).toBe(false);
    expect(isFailure('before-adoption')).toBe(false);
  });
});

describe('choose', () => {
  it('prefers a valid exact declared statement by the author, naming the commit, then the trailers', () => {
    const trailers = judged('trailers', { relation: 'carried' });
    const exact = judged('note:1');
    const broken = judged('note:2', { valid: false });
    const picked = choose([trailers, exact, broken]);
    expect(picked.chosen).toBe(exact);
    expect([...picked.primary]).toEqual([trailers, exact]);
    expect(choose([broken]).primary).toEqual(new Set([broken]));
    expect(choose([broken]).chosen).toBeNull();
  });

  it("expects a replaced commit's statement only beside a valid statement naming this commit, and not in strict mode", () => {
    const replaced = 'e'.repeat(40);
    const carry = judged('note:1', { namesCommit: true }, { predicate: predicate({ source: 'carry', carriedFrom: [replaced] }) });
    const stale = judged(
      'trailers',
      { relation: 'none' },
      { predicate: predicate({ binding: { tree: TREE, parents: [], patchId: '', commit: replaced } }) },
    );
    expect(carriers([stale, carry], carry, false, new Map())(stale)).toBe(carry);
    expect(carriers([stale, carry], carry, false, new Map())(carry)).toBeNull();
    expect(carriers([stale, carry], carry, true, new Map())(stale)).toBeNull();
  });
});

describe('describeDeclaration', () => {
  it('says the answers in one line', () => {
    expect(describeDeclaration(predicate())).toBe('AI: claude-code claude-sonnet-4-5, ~30%');
    expect(describeDeclaration(predicate({ ai: 'none' }))).toBe('no AI');
    expect(describeDeclaration(predicate({ ai: 'undeclared' }))).toBe('undeclared');
  });
});
