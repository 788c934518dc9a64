// @module-tag git
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalog } from '../src/detect/catalog.js';
import { ABSENT, claimOf } from '../src/detect/claim.js';
import { judge, sameModel } from '../src/detect/compare.js';
import { detectRange, type DetectReport } from '../src/detect/detect.js';
import { detectSarif } from '../src/detect/format/sarif.js';
import { signalsOfCommit } from '../src/detect/match.js';
import { buildReport } from '../src/read/report/build.js';
import { renderMarkdown } from '../src/read/report/format/markdown.js';
import { initRepo } from './helpers/attested.js';
import { commitFile, gitAiNote } from './helpers/detect-commits.js';
import type { Repo } from './helpers/repo.js';

const require = createRequire(import.meta.url);

/** The OASIS SARIF 2.1.0 schema (draft-04), as @microsoft/jest-sarif ships it, checked with ajv. */
function sarifValidator(): (log: unknown) => string[] {
  const Ajv = require('ajv-draft-04') as new (
    o: object,
  ) => { compile(s: object): ((d: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null } };
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  // The schema's patterns are written for ECMAScript without the u flag (one has a lone ']').
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  (require('ajv-formats') as (a: unknown) => void)(ajv);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

const claude = (message: string) => ({
  message,
  authorName: 'Dev',
  authorEmail: 'dev@example.com',
  committerName: 'Dev',
  committerEmail: 'dev@example.com',
});

describe('judging signals against the attestation', () => {
  const catalog = defaultCatalog();
  const hits = signalsOfCommit(claude('x\n\nCo-authored-by: Claude <noreply@anthropic.com>\n'));

  it('names the four rules, and attested AI with the same tool is no finding', () => {
    expect(judge(hits, ABSENT, catalog).map((j) => j.rule)).toEqual(['unattested']);
    expect(judge(hits, { ai: 'undeclared', tools: [] }, catalog).map((j) => j.rule)).toEqual(['unattested']);
    expect(judge(hits, { ai: 'none', tools: [] }, catalog).map((j) => j.rule)).toEqual(['attested-none']);
    expect(judge(hits, { ai: 'used', tools: [{ tool: 'copilot', model: 'gpt-4.1-2025-04-14' }] }, catalog).map((j) => j.rule)).toEqual([
      'other-tool',
    ]);
    expect(judge(hits, { ai: 'used', tools: [{ tool: 'claude', model: 'claude-sonnet-4-5-20250929' }] }, catalog)).toEqual([]);
  });

  it('compares models loosely (provider prefix, dated id against its alias) and flags another model', () => {
    expect(sameModel('anthropic/claude-sonnet-4-20250514', 'claude-sonnet-4-20250514')).toBe(true);
    expect(sameModel('claude-3-opus', 'claude-3-opus-20240229')).toBe(true);
    expect(sameModel('gpt-4o-2024-08-06', 'claude-3-opus-20240229')).toBe(false);
    const aider = signalsOfCommit(claude('x\n\nCo-authored-by: aider (gpt-4o-2024-08-06) <aider@aider.chat>\n'));
    expect(judge(aider, { ai: 'used', tools: [{ tool: 'aider', model: 'claude-3-5-sonnet-20241022' }] }, catalog)).toMatchObject([
      { rule: 'other-model', tool: 'aider', model: 'gpt-4o-2024-08-06' },
    ]);
    expect(judge(aider, { ai: 'used', tools: [{ tool: 'aider', model: 'gpt-4o-2024-08-06' }] }, catalog)).toEqual([]);
  });

  it('evidence that names no tool joins the finding of the tool beside it; a bot is no finding once attested', () => {
    const vague = [
      ...hits,
      {
        signal: 'content.elided-code',
        kind: 'added-line' as const,
        tool: 'ai',
        known: true,
        confidence: 'high' as const,
        where: 'a.ts:3',
        evidence: '// ... existing code ...',
      },
    ];
    const [one, ...rest] = judge(vague, ABSENT, catalog);
    expect(rest).toEqual([]);
    expect(one!.signals.map((s) => s.signal)).toEqual(['identity.claude', 'content.elided-code']);
    const bot = signalsOfCommit({
      message: 'x',
      authorName: 'acme[bot]',
      authorEmail: 'a@x',
      committerName: 'acme[bot]',
      committerEmail: 'a@x',
    });
    expect(judge(bot, ABSENT, catalog).map((j) => j.rule)).toEqual(['unattested']);
    expect(judge(bot, { ai: 'none', tools: [] }, catalog)).toEqual([]);
  });
});

describe('ai-attest detect in a repository', () => {
  let repo: Repo;
  const ids: Record<string, string> = {};
  let report: DetectReport;
  let content: DetectReport;

  const commit = (name: string, file: string, text: string, message: string, tools: string | null, extraEnv: NodeJS.ProcessEnv = {}) => {
    ids[name] = commitFile(repo, file, text, message, tools, extraEnv);
  };

  beforeAll(async () => {
    repo = initRepo();
    commit(
      'attested',
      'a.ts',
      'a\n',
      'Add a\n\nCo-authored-by: Claude <noreply@anthropic.com>\n',
      'claude-code:claude-sonnet-4-5-20250929',
    );
    commit('none', 'b.ts', 'b\n', 'Add b\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n', 'none');
    commit(
      'otherTool',
      'c.ts',
      'c\n',
      'Add c\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n',
      'copilot:gpt-4.1-2025-04-14',
    );
    commit(
      'otherModel',
      'd.ts',
      'd\n',
      'Add d\n\nCo-authored-by: aider (gpt-4o-2024-08-06) <aider@aider.chat>\n',
      'aider:claude-3-5-sonnet-20241022',
    );
    commit('bot', 'e.ts', 'e\n', 'Initial plan\n', null, {
      GIT_AUTHOR_NAME: 'copilot-swe-agent[bot]',
      GIT_AUTHOR_EMAIL: '198982749+Copilot@users.noreply.github.com',
    });
    commit('quiet', 'f.ts', '// ... existing code ...\nexport const f = 1;\n', 'Add f\n', 'none');
    // An agent branch merged twice: its tip attested with the same tool (no finding), and not attested.
    repo.git(['checkout', '-q', '-b', 'claude/attested-work']);
    commit('tipAttested', 'g.ts', 'g\n', 'Add g\n', 'claude-code:claude-sonnet-4-5-20250929');
    repo.git(['checkout', '-q', 'main']);
    repo.git(['merge', '-q', '--no-ff', '-m', "Merge branch 'claude/attested-work'", 'claude/attested-work'], { env: { AI_ATTEST: '0' } });
    ids.mergeOk = repo.git(['rev-parse', 'HEAD']).trim();
    repo.git(['checkout', '-q', '-b', 'codex/quick-fix']);
    commit('tipBare', 'h.ts', 'h\n', 'Fix h\n', null);
    repo.git(['checkout', '-q', 'main']);
    repo.git(['merge', '-q', '--no-ff', '-m', "Merge branch 'codex/quick-fix'", 'codex/quick-fix'], { env: { AI_ATTEST: '0' } });
    ids.mergeBare = repo.git(['rev-parse', 'HEAD']).trim();
    // git-ai's note on a commit attested "no AI".
    commit('gitAi', 'i.ts', 'i\n', 'Add i\n', 'none');
    repo.git(['notes', '--ref=ai', 'add', '-F', '-', ids.gitAi!], { input: gitAiNote('cursor') });
    // Capture saw Claude Code write the file; the answers given in the environment name Copilot.
    const event = { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', file: 'j.ts', content: 'export const j = 1;\n' };
    const recorded = repo.cli(['record', '--event', '-'], { input: JSON.stringify(event) });
    expect(recorded.status, recorded.stderr).toBe(0);
    commit('captured', 'j.ts', 'export const j = 1;\n', 'Add j\n', 'copilot:gpt-4.1-2025-04-14');
    // Attested after the fact: the claim lives only in the note.
    commit('late', 'k.ts', 'k\n', 'Add k\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', null);
    const attest = repo.cli(['attest', ids.late!, '--tools', 'claude-code:claude-sonnet-4-5-20250929', '--proportion', '50']);
    expect(attest.status, attest.stderr).toBe(0);
    report = await detectRange({ cwd: repo.dir, env: repo.env, revisions: ['HEAD'], description: 'HEAD' });
    content = await detectRange({ cwd: repo.dir, env: repo.env, revisions: ['HEAD'], description: 'HEAD', content: true });
  });
  afterAll(() => repo?.sandbox.cleanup());

  const ruleOf = (r: DetectReport, name: string) => r.findings.filter((f) => f.commit === ids[name]).map((f) => `${f.rule} ${f.tool}`);

  it('finds each kind of disagreement, and nothing where the attestation agrees', () => {
    expect(ruleOf(report, 'attested')).toEqual([]);
    expect(ruleOf(report, 'none')).toEqual(['attested-none cursor']);
    expect(ruleOf(report, 'otherTool')).toEqual(['other-tool claude-code']);
    expect(ruleOf(report, 'otherModel')).toEqual(['other-model aider']);
    expect(ruleOf(report, 'bot')).toEqual(['unattested copilot']);
    expect(ruleOf(report, 'quiet')).toEqual([]);
    expect(ruleOf(report, 'late')).toEqual([]);
    expect(ruleOf(report, 'mergeOk')).toEqual([]);
    expect(ruleOf(report, 'mergeBare')).toEqual(['unattested codex']);
    expect(report.findings.find((f) => f.commit === ids.mergeBare)!.attested.commit).toBe(ids.tipBare);
    expect(ruleOf(report, 'gitAi')).toEqual(['attested-none cursor']);
    expect(report.findings.find((f) => f.commit === ids.gitAi)!.signals[0]).toMatchObject({
      signal: 'git-ai.note',
      model: 'gpt-5-2025-08-07',
    });
    expect(ruleOf(report, 'captured')).toEqual(['other-tool claude-code']);
    expect(report.findings.find((f) => f.commit === ids.captured)!.signals[0]).toMatchObject({
      signal: 'capture.unmatched-event',
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(report.findings).toHaveLength(7);
  });

  it("report's unattested AI signals are these findings, from the report's own read of the range", async () => {
    const built = await buildReport({ repos: [repo.dir], revisions: ['HEAD'], env: repo.env });
    const s = built.totals.signals;
    const key = (f: { commit: string; rule: string; tool: string }) => `${f.commit} ${f.rule} ${f.tool}`;
    // The report reads no git-ai notes (detect does, with one more read) and counts medium confidence or more.
    const expected = report.findings.filter((f) => f.signals.every((h) => h.kind !== 'git-ai-note') && f.confidence !== 'low');
    expect(expected).toHaveLength(6);
    expect(s.listed.map(key).sort()).toEqual(expected.map(key).sort());
    expect(s.byRule).toEqual({ unattested: 2, 'attested-none': 1, 'other-tool': 2, 'other-model': 1 });
    expect(s.listed.find((f) => f.commit === ids.mergeBare)).toMatchObject({ claimCommit: ids.tipBare, state: 'unattested' });
    expect(s.unresolvedMerges).toBe(0);
    expect(renderMarkdown(built, ['tool'])).toContain(`| ${ids.none!.slice(0, 12)} |`);
  });

  it('--content adds what the diff shows, with file and line', () => {
    expect(ruleOf(content, 'quiet')).toEqual(['attested-none ai']);
    expect(content.findings.find((f) => f.commit === ids.quiet)!.signals[0]).toMatchObject({
      signal: 'content.elided-code',
      where: 'f.ts:1',
    });
    // Everything else is what the message-level run found, no more, no less.
    const describe = (f: DetectReport['findings'][number]) =>
      `${f.commit} ${f.rule} ${f.tool} ${f.signals.map((h) => `${h.signal}@${h.where}: ${h.evidence}`).join(' | ')}`;
    expect(
      content.findings
        .filter((f) => f.commit !== ids.quiet)
        .map(describe)
        .sort(),
    ).toEqual(report.findings.map(describe).sort());
  });

  it('SARIF output is valid against the official SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const log = detectSarif(content, '1.2.3') as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation?: unknown }> }> }> };
    expect(validate(log)).toEqual([]);
    expect(log.runs[0]!.results).toHaveLength(content.findings.length);
    expect(log.runs[0]!.results.some((r) => r.locations[0]!.physicalLocation)).toBe(true);
    // The validator is not a rubber stamp.
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] }).length).toBeGreaterThan(0);
  });

  it('the CLI: text, json, sarif and github formats; exit 0 with findings, 1 with --fail-on', () => {
    const text = repo.cli(['detect', 'HEAD']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/AI signal on a commit attested "no AI" \(2\)/);
    expect(text.stdout).toContain(ids.none!.slice(0, 12));
    const json = repo.cli(['detect', 'HEAD', '--json']);
    const parsed = JSON.parse(json.stdout) as DetectReport;
    expect(parsed.schema).toBe('ai-attest/detect@1');
    expect(parsed.findings.map((f) => f.commit).sort()).toEqual(report.findings.map((f) => f.commit).sort());
    const sarif = repo.cli(['detect', 'HEAD', '--format', 'sarif', '--content']);
    expect(sarifValidator()(JSON.parse(sarif.stdout))).toEqual([]);
    const github = repo.cli(['detect', 'HEAD', '--format', 'github']);
    expect(github.stdout.split('\n').filter((l) => l.startsWith('::warning')).length).toBe(7);
    const high = repo.cli(['detect', 'HEAD', '--json', '--min-confidence', 'high']);
    expect((JSON.parse(high.stdout) as DetectReport).findings.map((f) => f.commit)).not.toContain(ids.mergeBare);
    const fail = repo.cli(['detect', 'HEAD', '--fail-on', 'medium']);
    expect(fail.status).toBe(1);
    expect(fail.stderr).toMatch(/7 findings at medium confidence or more/);
    const none = repo.cli(['detect', `${ids.attested}^!`, '--fail-on', 'low']);
    expect(none.status, none.stdout).toBe(0);
    const bad = repo.cli(['detect', '--min-confidence', 'sure']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/low, medium, high/);
  });

  it('repository text is escaped in the terminal output', () => {
    const msg = 'Evil \u001b[2J title\n\nCo-authored-by: Claude <noreply@anthropic.com>\n';
    repo.write('z.ts', 'z\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-F', '-'], { input: msg, env: { AI_ATTEST: '0' } });
    const out = repo.cli(['detect', 'HEAD^!']);
    expect(out.stdout).not.toContain('\u001b');
    expect(out.stdout).toContain('Evil \\x1b[2J title');
  });

  it('claimOf reads the newest statement', () => {
    const message = repo.git(['log', '-1', '--format=%B', ids.attested!]);
    expect(claimOf(message, '')).toMatchObject({ ai: 'used', tools: [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929' }] });
    expect(claimOf('plain\n', '')).toBe(ABSENT);
  });
});
