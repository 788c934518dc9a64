import { describe, expect, it } from 'vitest';
import { prefillFromCapture, withCapture } from '../src/answers/capture.js';
import type { CaptureEvent } from '../src/capture/event.js';
import { gitAiNoteEvents } from '../src/capture/git-ai-events.js';
import { lineDigest } from '../src/capture/lines.js';
import { parseAddedLines } from '../src/git/staged-lines.js';
import { claudeEdit } from './helpers/capture-events.js';

const edit = claudeEdit;
const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} line ${i + 1};`);

describe('pre-fill from captured events against the staged diff', () => {
  it('the human edited half of the AI lines: half kept, half modified, share from the matching lines', () => {
    const ai = lines(10, 'ai');
    const committed = [...ai.slice(0, 5), ...ai.slice(5).map((l) => `${l} // fixed by hand`), ...lines(10, 'human')];
    const prefill = prefillFromCapture([edit('src/a.ts', `${ai.join('\n')}\n`)], ['src/a.ts'], new Map([['src/a.ts', committed]]), []);
    expect(prefill.answers).toMatchObject({
      ai: 'used',
      tools: [{ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' }],
      share: 25,
      source: 'events',
    });
    expect(prefill.entries).toEqual([expect.objectContaining({ rawLines: 10, keptLines: 5, modifiedLines: 5, droppedLines: 0 })]);
  });

  it('lines the agent removed or the human deleted: replaced-by-itself is not counted, deleted is dropped', () => {
    const first = edit('a.ts', 'alpha();\nbeta();\ngamma();\n');
    // The agent rewrote beta() itself; then the human deleted gamma().
    const second = edit('a.ts', 'betaTwo();\n', { written: [lineDigest('betaTwo();')], removed: [lineDigest('beta();')] });
    const prefill = prefillFromCapture([first, second], ['a.ts'], new Map([['a.ts', ['alpha();', 'betaTwo();']]]), []);
    expect(prefill.entries[0]).toMatchObject({ rawLines: 3, keptLines: 2, modifiedLines: 0, droppedLines: 1 });
    expect(prefill.answers?.share).toBe(100);
  });

  it('events for files not in the commit say nothing about it, and stay in the buffer', () => {
    const prefill = prefillFromCapture([edit('other.ts', 'x();\n')], ['a.ts'], new Map([['a.ts', ['y();']]]), []);
    expect(prefill.answers).toBeNull();
    expect(prefill.used.size).toBe(0);
  });

  it('an edit reverted before staging does not count, but is consumed with the commit', () => {
    const e = edit('a.ts', 'x();\n');
    // The commit only deletes lines from a.ts: nothing of the agent's is in it.
    const prefill = prefillFromCapture([e], ['a.ts'], new Map(), []);
    expect(prefill.answers).toBeNull();
    expect([...prefill.used]).toEqual([e.id]);
  });

  it('two tools in one file, sensitive files attributed to the tool that wrote them, request ids of the session', () => {
    const claude = edit('src/a.ts', 'a();\nb();\n');
    const stop: CaptureEvent = {
      ...edit('x', ''),
      kind: 'stop',
      file: undefined,
      written: undefined,
      requests: ['req_1', 'req_2'],
      responses: ['msg_1'],
    };
    const cursor = edit('src/auth/login.ts', 'check();\n', {
      tool: 'cursor',
      via: 'ide-plugin',
      agent: 'cursor',
      model: 'gpt-5-2025-08-07',
      session: 'c1',
    });
    const prefill = prefillFromCapture(
      [claude, cursor, stop],
      ['src/a.ts', 'src/auth/login.ts'],
      new Map([
        ['src/a.ts', ['a();', 'b();', 'h();', 'i();']],
        ['src/auth/login.ts', ['check();']],
      ]),
      [{ path: 'src/auth/login.ts', category: 'security-controls' }],
    );
    expect(prefill.answers?.tools.map((t) => t.tool)).toEqual(['claude-code', 'cursor']);
    expect(prefill.answers?.share).toBe(60);
    expect(prefill.answers?.sensitive).toEqual([{ path: 'src/auth/login.ts', category: 'security-controls', ai: ['cursor'] }]);
    expect(prefill.entries[0]).toMatchObject({
      tool: 'claude-code',
      requestIds: ['req_1', 'req_2'],
      responseIds: ['msg_1'],
      sessions: ['s1'],
    });
    expect(prefill.used.has(stop.id)).toBe(true);
  });

  it('without line data (flags-era events), the share is the fraction of files the agents wrote', () => {
    const e = { ...edit('a.ts', ''), written: undefined };
    expect(prefillFromCapture([e], ['a.ts', 'b.ts'], new Map(), [])?.answers?.share).toBe(50);
    expect(prefillFromCapture([{ ...e, share: 30 }], ['a.ts'], new Map(), [])?.answers?.share).toBe(30);
  });

  it('the statement says per answer whether it was captured, confirmed or self-reported', () => {
    const prefill = prefillFromCapture([edit('a.ts', 'a();\n')], ['a.ts'], new Map([['a.ts', ['a();']]]), []);
    const captured = prefill.answers!;
    const provenance = (a: ReturnType<typeof withCapture>) => a.extensions?.['ai-attest.provenance'];
    expect(provenance(withCapture(captured, prefill, 'capture'))).toEqual({
      source: 'capture',
      confirmed: false,
      answers: { ai: 'captured', tools: 'captured', models: 'captured', share: 'captured', sensitive: 'captured' },
    });
    expect(provenance(withCapture({ ...captured, share: 40, source: 'prompt' }, prefill, 'prompt'))).toEqual({
      source: 'prompt',
      confirmed: true,
      answers: { ai: 'confirmed', tools: 'confirmed', models: 'confirmed', share: 'self-reported', sensitive: 'confirmed' },
    });
    expect(withCapture(captured, prefill, 'capture').extensions?.['ai-attest.capture']).toEqual(prefill.entries);
  });

  it('reads the added lines of a zero-context staged diff, quoted paths included', () => {
    const diff = [
      'diff --git a/x.ts b/x.ts',
      'index 1..2 100644',
      '--- a/x.ts',
      '+++ b/x.ts',
      '@@ -1 +1,2 @@',
      '-old',
      '+new',
      '++plus',
      'diff --git "a/sp ace\\tx" "b/sp ace\\tx"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/sp ace\\tx"',
      '@@ -0,0 +1 @@',
      '+hi',
      'diff --git a/gone b/gone',
      'deleted file mode 100644',
      '--- a/gone',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
    ].join('\n');
    expect([...parseAddedLines(diff)]).toEqual([
      ['x.ts', ['new', '+plus']],
      ['sp ace\tx', ['hi']],
    ]);
  });
});

describe('git-ai notes as capture events', () => {
  const AI_RANGES_ONLY =
    'AI ranges of staged files become events with the digests of those lines; human ranges, other files and lines past the end do not';
  it(AI_RANGES_ONLY, () => {
    const note = [
      '"src/with space.ts"',
      '  s_aaaaaaaaaaaaaa::t_1 2-3,9-12',
      '  h_bbbbbbbbbbbbbb 1',
      'other.ts',
      '  s_aaaaaaaaaaaaaa 1-2',
      '---',
      JSON.stringify({
        schema_version: 'authorship/3.0.0',
        sessions: { s_aaaaaaaaaaaaaa: { agent_id: { tool: 'cursor', id: 'conv-1', model: 'gpt-5-codex' } } },
        humans: { h_bbbbbbbbbbbbbb: { author: 'Dev' } },
      }),
    ].join('\n');
    const text = 'human();\nai1();\nai2();\nmore();\n';
    const events = gitAiNoteEvents(
      'c'.repeat(40),
      note,
      new Set(['src/with space.ts']),
      (p) => (p === 'src/with space.ts' ? text : null),
      't',
    );
    expect(events).toEqual([
      expect.objectContaining({
        agent: 'git-ai',
        tool: 'cursor',
        via: 'ide-plugin',
        model: 'gpt-5-codex',
        session: 'conv-1',
        file: 'src/with space.ts',
        lines: [[2, 3]],
        written: [lineDigest('ai1();'), lineDigest('ai2();')],
      }),
    ]);
    const prefill = prefillFromCapture(events, ['src/with space.ts'], new Map([['src/with space.ts', splitText(text)]]), []);
    expect(prefill.entries).toEqual([expect.objectContaining({ tool: 'cursor', source: 'git-ai', keptLines: 2 })]);
    expect(prefill.answers?.share).toBe(50);
  });
});

function splitText(text: string): string[] {
  return text.split('\n').filter(Boolean);
}
