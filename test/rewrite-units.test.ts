import { describe, expect, it } from 'vitest';
import type { Predicate } from '../src/core/model.js';
import { decide } from '../src/rewrite/decide.js';
import type { CommitFacts } from '../src/rewrite/facts.js';
import { NEEDS_REATTESTATION } from '../src/core/marker.js';
import { mergeAnswers, weightedShare } from '../src/rewrite/merge-answers.js';
import { pairRebased } from '../src/rewrite/pair.js';
import { parseRewriteList } from '../src/rewrite/rewrite-list.js';

const id = (n: number) => n.toString(16).padStart(40, '0');
const claude = { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' as const };
const copilot = { tool: 'copilot', model: 'gpt-4.1-2025-04-14', via: 'ide-plugin' as const };

describe('parseRewriteList', () => {
  it('groups squashed commits under the commit that replaced them and skips unchanged picks', () => {
    const text = `${id(1)} ${id(10)}\n${id(2)} ${id(10)}\n${id(3)} ${id(3)}\n${id(4)} ${id(11)} extra\n\n`;
    expect(parseRewriteList(text)).toEqual([
      { newCommit: id(10), olds: [id(1), id(2)] },
      { newCommit: id(11), olds: [id(4)] },
    ]);
  });
});

describe('mergeAnswers', () => {
  it('takes the union of tools and sensitive paths and weights the share by changed lines', () => {
    const merged = mergeAnswers([
      {
        answers: { ai: 'used', tools: [claude], share: 40, sensitive: [{ path: 'iam.tf', category: 'iam', ai: ['claude-code'] }] },
        lines: 10,
      },
      {
        answers: {
          ai: 'none',
          tools: [],
          share: 0,
          sensitive: [
            { path: 'iam.tf', category: 'iam', ai: [] },
            { path: 'k.pem', category: 'credentials', ai: [] },
          ],
        },
        lines: 30,
      },
      { answers: { ai: 'used', tools: [copilot, claude], share: 100, sensitive: [] }, lines: 10 },
    ]);
    expect(merged.ai).toBe('used');
    expect(merged.tools).toEqual([claude, copilot]);
    expect(merged.share).toBe(28); // (400 + 0 + 1000) / 50
    expect(merged.sensitive).toEqual([
      { path: 'iam.tf', category: 'iam', ai: ['claude-code'] },
      { path: 'k.pem', category: 'credentials', ai: [] },
    ]);
  });

  it('never rounds AI work down to 0 %, and weighs parts evenly when no line was counted', () => {
    expect(
      weightedShare([
        { answers: { ai: 'used', tools: [claude], share: 1, sensitive: [] }, lines: 1 },
        { answers: { ai: 'none', tools: [], share: 0, sensitive: [] }, lines: 999 },
      ]),
    ).toBe(1);
    expect(
      weightedShare([
        { answers: { ai: 'used', tools: [claude], share: 50, sensitive: [] }, lines: 0 },
        { answers: { ai: 'none', tools: [], share: 0, sensitive: [] }, lines: 0 },
      ]),
    ).toBe(25);
    expect(mergeAnswers([{ answers: { ai: 'none', tools: [], share: 0, sensitive: [] }, lines: 3 }]).ai).toBe('none');
  });
});

describe('pairRebased', () => {
  it('pairs by patch-id, then by the zero-context id, then an edited commit by subject and place', () => {
    const olds = [
      { commit: id(1), patchId: 'p1', changeId: 'c1', subject: 'one' },
      { commit: id(2), patchId: 'p2', changeId: 'c2', subject: 'two' },
      { commit: id(3), patchId: 'p3', changeId: 'c3', subject: 'three' },
      { commit: id(4), patchId: 'p4', changeId: 'c4', subject: 'dropped' },
    ];
    const news = [
      { commit: id(11), patchId: 'p1', changeId: 'c1', subject: 'one' },
      { commit: id(12), patchId: 'px', changeId: 'c2', subject: 'two' },
      { commit: id(13), patchId: 'py', changeId: 'cy', subject: 'three' },
      { commit: id(14), patchId: 'pz', changeId: 'cz', subject: 'new' },
    ];
    expect(pairRebased(olds, news)).toEqual({
      groups: [
        { newCommit: id(11), olds: [id(1)] },
        { newCommit: id(12), olds: [id(2)] },
        { newCommit: id(13), olds: [id(3)] },
      ],
      unmatchedOld: [id(4)],
      unmatchedNew: [id(14)],
    });
  });
});

describe('decide', () => {
  const predicate = (over: Partial<Predicate>): Predicate => ({
    version: 1,
    ai: 'used',
    tools: [claude],
    share: 50,
    sensitive: [],
    attester: { name: 'Dev', email: 'dev@example.com', key: 'A'.repeat(40) },
    binding: { tree: id(100), parents: [id(101)], patchId: 'p' },
    time: '2026-01-01T00:00:00Z',
    source: 'env',
    extensions: {},
    ...over,
  });
  const facts = (commit: string, over: Partial<CommitFacts> & { p?: Predicate | null; match?: 'exact' | 'patch-id' }): CommitFacts => ({
    record: {
      commit,
      tree: id(200),
      parents: [id(201)],
      authorName: '',
      authorEmail: '',
      authorTime: 0,
      committerName: '',
      committerEmail: '',
      committerTime: 0,
      message: '',
      note: '',
    },
    patchId: 'p',
    changeId: 'c',
    lines: 10,
    candidates: [],
    otherLines: [],
    problems: [],
    chosen: over.p
      ? {
          candidate: { predicate: over.p, signed: new Uint8Array(), signatures: [], origin: 'note', noteLine: '' },
          match: over.match ?? 'exact',
        }
      : null,
    ...over,
  });

  it('carries an unchanged patch, asks about an edited one, keeps a commit that has its own statement', () => {
    const old = facts(id(1), { p: predicate({}) });
    expect(decide(facts(id(2), {}), [old], 'rebase', null)).toMatchObject({
      type: 'carry',
      info: { proof: 'patch-id' },
      answers: { share: 50, source: 'carry' },
    });
    expect(decide(facts(id(2), { patchId: 'q' }), [old], 'rebase', null)).toMatchObject({
      type: 'carry',
      info: { proof: 'changed-lines' },
    });
    expect(decide(facts(id(2), { patchId: 'q', changeId: 'd' }), [old], 'rebase', null)).toMatchObject({
      type: 'ask',
      defaults: { share: 50 },
    });
    expect(decide(facts(id(2), { p: predicate({ source: 'amend' }) }), [old], 'amend', null)).toEqual({ type: 'keep' });
  });

  it('marks a squash with an unattested part, carries a marker forward, and carries nothing untrusted', () => {
    const good = facts(id(1), { p: predicate({}) });
    const none = facts(id(2), {});
    expect(decide(facts(id(3), {}), [good, none], 'squash', 'same')).toMatchObject({
      type: 'mark',
      info: { from: [id(1), id(2)], previous: { share: 50 } },
    });
    const marked = facts(id(4), {
      p: predicate({ ai: 'undeclared', extensions: { [NEEDS_REATTESTATION]: { reason: 'edited', from: [id(9)] } } }),
    });
    expect(decide(facts(id(5), {}), [marked], 'rebase', null)).toMatchObject({ type: 'mark', info: { reason: 'edited', from: [id(4)] } });
    expect(decide(facts(id(6), {}), [facts(id(7), { problems: ['note statement not trusted: unknown key'] })], 'rebase', null)).toEqual({
      type: 'nothing',
      reason: 'note statement not trusted: unknown key',
    });
  });

  it('carries a squash whose parts make the same change, unproven when reordered, asks when edited', () => {
    const parts = [
      facts(id(1), { p: predicate({}), lines: 30 }),
      facts(id(2), { p: predicate({ tools: [copilot], share: 100 }), lines: 10 }),
    ];
    expect(decide(facts(id(3), {}), parts, 'squash', 'same')).toMatchObject({
      type: 'carry',
      info: { proof: 'squash' },
      from: [id(1), id(2)],
      answers: { share: 63 },
    });
    expect(decide(facts(id(3), {}), parts, 'squash', 'reordered')).toMatchObject({ type: 'carry', info: { proof: 'unproven' } });
    expect(decide(facts(id(3), {}), parts, 'squash', 'changed')).toMatchObject({ type: 'ask' });
  });
});
