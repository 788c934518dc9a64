import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compileCatalog,
  defaultCatalog,
  disclosedTools,
  familyOfTool,
  signalsOfCommit,
  signalsOfTrailer,
  toolOfName,
} from '../src/detect/index.js';
import { AGENT_FIXTURES, DEV, HUMAN_FIXTURES, type MessageFixture } from './helpers/detect-fixtures.js';

function facts(f: MessageFixture) {
  const [authorName, authorEmail] = f.author ?? DEV;
  const [committerName, committerEmail] = f.committer ?? f.author ?? DEV;
  return { message: f.message, authorName, authorEmail, committerName, committerEmail };
}

describe('signal catalog (signals/ai-signals.json)', () => {
  it('ships as a file in the package and compiles', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('signals');
    const catalog = defaultCatalog();
    expect(catalog.signals.length).toBeGreaterThan(20);
    expect(new Set(catalog.signals.map((s) => s.id)).size).toBe(catalog.signals.length);
    for (const s of catalog.signals) expect(s.about, s.id).not.toBe('');
  });

  it('refuses a malformed file with the signal that is wrong', () => {
    const base = { format: 'ai-attest/signals@1', tools: {}, signals: [] as unknown[] };
    expect(() => compileCatalog([{ source: 'x.json', data: { ...base, format: 'v0' } }])).toThrow(/x\.json.*"format"/);
    expect(() =>
      compileCatalog([
        { source: 'x.json', data: { ...base, signals: [{ id: 'a', tool: 'ai', confidence: 'sure', kind: 'line', pattern: 'x' }] } },
      ]),
    ).toThrow(/"a".*confidence/);
    expect(() =>
      compileCatalog([
        { source: 'x.json', data: { ...base, signals: [{ id: 'b', tool: 'ai', confidence: 'low', kind: 'line', pattern: '(' }] } },
      ]),
    ).toThrow(/"b".*does not compile/);
    expect(() =>
      compileCatalog([
        { source: 'x.json', data: { ...base, signals: [{ id: 'c', tool: 'ai', confidence: 'low', kind: 'identity', identity: {} }] } },
      ]),
    ).toThrow(/"c".*needs email/);
  });

  it('a team file adds signals and replaces one by id', () => {
    const extra = {
      format: 'ai-attest/signals@1',
      tools: { acme: { names: ['acme bot'] } },
      signals: [
        {
          id: 'identity.acme',
          tool: 'acme',
          confidence: 'high',
          kind: 'identity',
          identity: { email: ['agent@acme.example'] },
          about: 'our agent',
        },
        {
          id: 'identity.claude',
          tool: 'claude-code',
          confidence: 'low',
          kind: 'identity',
          identity: { email: ['noreply@anthropic.com'] },
          about: 'downgraded',
        },
      ],
    };
    const catalog = compileCatalog([
      { source: 'built-in', data: JSON.parse(readFileSync('signals/ai-signals.json', 'utf8')) },
      { source: 'team.json', data: extra },
    ]);
    const hits = signalsOfCommit(
      {
        message: 'x\n\nCo-authored-by: Claude <noreply@anthropic.com>\nCo-authored-by: Acme Bot <agent@acme.example>\n',
        authorName: 'A',
        authorEmail: 'a@x',
        committerName: 'A',
        committerEmail: 'a@x',
      },
      catalog,
    );
    expect(hits.find((h) => h.signal === 'identity.acme')?.tool).toBe('acme');
    expect(hits.find((h) => h.signal === 'identity.claude')?.confidence).toBe('low');
  });
});

describe('signalsOfCommit on real-world agent formats', () => {
  for (const f of AGENT_FIXTURES) {
    it(f.name, () => {
      const hits = signalsOfCommit(facts(f));
      const ids = hits.map((h) => h.signal);
      for (const s of f.signals ?? []) expect(ids, `${s} in ${JSON.stringify(hits)}`).toContain(s);
      expect([...disclosedTools(facts(f)).keys()].sort()).toEqual([...f.tools].sort());
      if (f.model) expect(hits.map((h) => h.model)).toContain(f.model);
      // Evidence is quoted, not paraphrased: a line of the message or the identity itself.
      const { authorName, authorEmail, committerName, committerEmail } = facts(f);
      const sources = [...f.message.split(/\r\n|\r|\n/), `${authorName} <${authorEmail}>`, `${committerName} <${committerEmail}>`].map(
        (l) => l.trim(),
      );
      for (const h of hits) expect(sources, h.signal).toContain(h.evidence);
    });
  }
});

describe('false-positive guards: human commits that mention agents', () => {
  for (const f of HUMAN_FIXTURES) {
    it(f.name, () => {
      const hits = signalsOfCommit(facts(f)).filter((h) => h.tool !== 'bot');
      expect(hits).toEqual([]);
    });
  }
});

describe('trailer and name helpers', () => {
  it('signalsOfTrailer recognises a typed Assisted-by and Co-authored-by naming an agent', () => {
    expect(signalsOfTrailer('Assisted-by', 'cursor:gpt-5-2025-08-07')[0]).toMatchObject({
      tool: 'cursor',
      model: 'gpt-5-2025-08-07',
      confidence: 'high',
    });
    expect(signalsOfTrailer('co-authored-by', 'Cursor Agent <cursoragent@cursor.com>')[0]).toMatchObject({
      signal: 'identity.cursor',
      tool: 'cursor',
    });
    expect(signalsOfTrailer('Co-authored-by', 'Grace Hopper <grace@example.org>')).toEqual([]);
    expect(signalsOfTrailer('Assisted-by', 'Grace Hopper <grace@example.org>')).toEqual([]);
    expect(signalsOfTrailer('Reviewed-by', 'Claude <noreply@anthropic.com>')).toEqual([]);
  });

  it('names and tool ids resolve to families', () => {
    const c = defaultCatalog();
    expect(toolOfName('Claude Opus 4.5 (1M context) <noreply@anthropic.com>', c)).toBe('claude-code');
    expect(toolOfName('Claude Shannon', c)).toBeNull();
    expect(toolOfName('protoc 25.1', c)).toBeNull();
    expect(familyOfTool('claude', c)).toBe('claude-code');
    expect(familyOfTool('github-copilot', c)).toBe('copilot');
    expect(familyOfTool('in-house-agent', c)).toBe('in-house-agent');
  });

  it('bot accounts are low-confidence automation, known non-AI bots are nothing', () => {
    const bot = signalsOfCommit({
      message: 'x',
      authorName: 'acme-release[bot]',
      authorEmail: '1+acme-release[bot]@users.noreply.github.com',
      committerName: 'GitHub',
      committerEmail: 'noreply@github.com',
    });
    expect(bot.map((h) => [h.signal, h.tool, h.confidence])).toEqual([['bot.unknown', 'bot', 'low']]);
    const dependabot = signalsOfCommit({
      message: 'x',
      authorName: 'dependabot[bot]',
      authorEmail: '49699333+dependabot[bot]@users.noreply.github.com',
      committerName: 'GitHub',
      committerEmail: 'noreply@github.com',
    });
    expect(dependabot).toEqual([]);
  });
});

describe('the message scan', () => {
  // Lines are found by indexOf when a message has no CR; with one, by the split the matcher had
  // before. The same message with CRLF or CR line ends takes the second path: both must agree.
  const tricky = [
    'Fix the parser\n\nCo-authored-by: Claude <noreply@anthropic.com>\nCo-authored-by: Claude <noreply@anthropic.com>\n',
    '\u00a0\n \t\nai-attest: a lower-case key\nAI-ATTEST-SIG: shouting\nAi-Attestation is no trailer\n' +
      'Assisted-by: cursor:gpt-5-2025-08-07\n',
    "Merge branch 'claude/fix-1' into main\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n",
    'Merge pull request #12 from acme/codex/quick-fix\n\nhttps://chatgpt.com/codex/tasks/task_e_1\n',
    'no newline at the end: Generated-by: Devin',
    '',
    '\n\n\n',
    'Subject\n\n  Co-authored-by:   Cursor Agent <cursoragent@cursor.com>  \nAi-Attest: v2 used share=40 src=env\n' +
      'Assisted-by: claude-code:claude-sonnet-4-5-20250929\nAi-Attest-Sig: wsAUBAAWCAB8BYJrDNy3\n',
  ];
  // As LF (a fixture written with CRLF too), then as CRLF and as CR below.
  const messages = [...AGENT_FIXTURES, ...HUMAN_FIXTURES]
    .map((f) => ({ ...f, message: f.message.replace(/\r\n?/g, '\n') }))
    .map((f) => facts(f))
    .concat(tricky.map((message) => facts({ name: '', message, tools: [] })));

  it('gives the same hits whatever the line ends (\\n, \\r\\n, \\r)', () => {
    let hits = 0;
    for (const f of messages) {
      const lf = signalsOfCommit(f);
      hits += lf.length;
      expect(signalsOfCommit({ ...f, message: f.message.replace(/\n/g, '\r\n') }), f.message).toEqual(lf);
      expect(signalsOfCommit({ ...f, message: f.message.replace(/\n/g, '\r') }), f.message).toEqual(lf);
    }
    // Not a comparison of nothing with nothing.
    expect(hits).toBeGreaterThan(40);
    const last = signalsOfCommit(messages.at(-1)!).map((h) => `${h.signal} ${h.where}`);
    // An indented trailer is read; ai-attest's own lines are passed over, its signed Assisted-by copy is not.
    expect(last).toEqual(['identity.cursor message line 3', 'trailer.assisted-by message line 5']);
  });

  it('gives a line met again the hits it gave first (the memo of attribution lines), at its own line, keys in the same order', () => {
    const data = JSON.parse(readFileSync('signals/ai-signals.json', 'utf8')) as unknown;
    // A catalog of its own for each message: nothing remembered from another.
    const fresh = () => compileCatalog([{ source: 'signals/ai-signals.json (built in)', data }]);
    const shared = fresh();
    let remembered = 0;
    for (const shift of ['', 'Subject\n\n', 'Subject\n\nbody\n\n']) {
      for (const f of messages) {
        const moved = { ...f, message: f.message ? shift + f.message : f.message };
        const expected = JSON.stringify(signalsOfCommit(moved, fresh()));
        expect(JSON.stringify(signalsOfCommit(moved, shared)), moved.message).toBe(expected);
        if (shift) remembered += signalsOfCommit(moved, shared).length;
      }
    }
    // Not vacuous: lines met before, at other line numbers.
    expect(remembered).toBeGreaterThan(80);
  });
});
