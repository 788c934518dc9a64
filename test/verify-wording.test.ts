import { describe, expect, it } from 'vitest';
import { fixFor } from '../src/read/evaluate/fixes.js';
import type { CheckResult } from '../src/read/evaluate/types.js';
import { LISTED_PER_RESULT, verifyGithub, verifyJson, verifyJsonChunks, verifyText } from '../src/read/verify/report.js';
import { safeJson } from '../src/ui/safe-text.js';
import type { VerifiedCommit, VerifyOutcome } from '../src/read/verify/verify.js';

// What verify says about history nobody attested: unknown where ai-attest was never set up (no
// failure), the gate's failure after the adoption point, and a long list summarised either way.

const hex = (n: number) => n.toString(16).padStart(40, '0');

function commit(n: number, result: CheckResult | null): VerifiedCommit {
  return {
    commit: hex(n),
    subject: `change ${n}`,
    author: { name: 'Dev', email: 'dev@example.com' },
    status: result ? result.level : 'ok',
    cached: false,
    statement: null,
    results: result ? [result] : [],
  } as VerifiedCommit;
}

const unattested = (n: number): CheckResult => ({
  check: 'presence',
  result: 'unattested',
  level: 'warn',
  message: 'unknown: not attested, and ai-attest is not set up at the trusted revision',
  fix: fixFor('unattested', hex(n)),
});
const missing = (n: number): CheckResult => ({
  check: 'presence',
  result: 'missing',
  level: 'fail',
  message: 'no attestation: no Ai-Attest trailers and no note',
  fix: fixFor('missing', hex(n)),
});

function outcome(commits: VerifiedCommit[], adoptionPoint: string | null = null): VerifyOutcome {
  const count = (s: string) => commits.filter((c) => c.status === s).length;
  const unattestedCount = commits.filter((c) => c.results.some((r) => r.result === 'unattested')).length;
  return {
    range: { description: 'the whole history of HEAD', revisions: ['HEAD'] },
    trust: null,
    strict: false,
    adoptionPoint,
    commits,
    summary: {
      commits: commits.length,
      ok: count('ok'),
      carried: 0,
      exempt: count('exempt'),
      warn: count('warn'),
      fail: count('fail'),
      cached: 0,
      unattested: unattestedCount,
      passed: count('fail') === 0,
    },
  };
}

describe('a history never attested (ai-attest not set up)', () => {
  const many = Array.from({ length: 40 }, (_, i) => commit(40 - i, unattested(40 - i)));
  const text = verifyText(outcome(many));

  it('counts the commits as unattested, never as failures or plain warnings', () => {
    expect(text.split('\n')[0]).toBe('ai-attest verify: 40 commits (the whole history of HEAD): 40 unattested');
    expect(text).not.toMatch(/FAIL|fails? the attestation policy/);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'nothing here is attested: 40 commits unattested, unknown rather than failed. ai-attest is not set up at the trusted revision;' +
        ' `ai-attest init` starts it.',
    );
  });

  it('says the shared explanation once and lists only the first commits', () => {
    expect(text.match(/unknown: not attested/g)).toHaveLength(1);
    expect(text.match(/^ *fix:/gm)).toHaveLength(1);
    expect(text.match(/^ {2}[0-9a-f]{12} {2}change \d+$/gm)).toHaveLength(LISTED_PER_RESULT);
    expect(text).toContain(`... and ${40 - LISTED_PER_RESULT} more commits with the same result`);
    expect(text.split('\n').length).toBeLessThan(LISTED_PER_RESULT + 12);
  });

  it('beside attested commits: they pass, and the unattested ones are counted apart', () => {
    const mixed = verifyText(outcome([commit(1, null), commit(2, unattested(2))]));
    expect(mixed.split('\n')[0]).toBe('ai-attest verify: 2 commits (the whole history of HEAD): 1 ok, 1 unattested');
    expect(mixed).toContain('all 2 commits pass. 1 unattested (unknown, not failed).');
    expect(mixed).not.toContain('with warnings');
  });

  it('annotates the first few for GitHub and counts the rest in one annotation', () => {
    const github = verifyGithub(outcome(many)).trimEnd().split('\n');
    expect(github.filter((l) => l.startsWith('::warning'))).toHaveLength(LISTED_PER_RESULT + 1);
    expect(github.some((l) => l.startsWith('::error'))).toBe(false);
    expect(github.at(-1)).toBe(
      'ai-attest verify: 40 commits: 0 ok, 0 carried, 0 exempt, 40 warn, 0 fail (40 of the warnings: unattested, unknown rather than' +
        ' failed)',
    );
  });
});

describe('commits without an attestation in an adopted repository', () => {
  const many = Array.from({ length: 30 }, (_, i) => commit(30 - i, missing(30 - i)));

  it('fail the gate, with the one fix said once for all', () => {
    const text = verifyText(outcome(many, hex(999)));
    expect(text).toContain('FAIL missing (30 commits)\n  no attestation: no Ai-Attest trailers and no note\n  fix: ai-attest attest REV');
    expect(text).toContain('30 commits fail the attestation policy.');
  });

  it('after the adoption point: moving the point is never offered (it would exempt them)', () => {
    const text = verifyText(outcome(many, hex(999)));
    expect(text).not.toContain('pin the adoption point');
    expect(text).toContain(`they come after the adoption point ${hex(999).slice(0, 12)} (policy.exempt.before)`);
    expect(verifyJson(outcome(many, hex(999))).adoptionPoint).toBe(hex(999));
  });

  it('with no adoption point: pinning it at the newest is the fix for history that predates ai-attest', () => {
    const text = verifyText(outcome(many));
    expect(text).toContain(`pin the adoption point: set "policy": {"exempt": {"before": "${hex(30)}"}}`);
  });

  it('a single one keeps its own message and fix under it', () => {
    const text = verifyText(outcome([commit(7, missing(7))]));
    expect(text).toContain(
      `  ${hex(7).slice(0, 12)}  change 7\n      no attestation: no Ai-Attest trailers and no note\n` +
        `      fix: ai-attest attest ${hex(7).slice(0, 12)}`,
    );
  });
});

describe('--json, written a commit at a time', () => {
  it.each([0, 1, 3])('is exactly the document JSON.stringify gives, escaped, for %i commits', (n) => {
    const commits = Array.from({ length: n }, (_, i) => commit(i + 1, i % 2 ? missing(i + 1) : null));
    if (n) commits[0]!.subject = 'evil \u001b[2J\u202e subject';
    const whole = `${safeJson(JSON.stringify(verifyJson(outcome(commits, n ? hex(5) : null)), null, 2))}\n`;
    const chunks = [...verifyJsonChunks(outcome(commits, n ? hex(5) : null))];
    expect(chunks.join('')).toBe(whole);
    expect(chunks.length).toBe(n + 2);
    if (n) expect(chunks.join('')).not.toContain('\u001b');
  });
});
