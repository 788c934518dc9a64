// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordPayload } from '../src/capture/record.js';
import { readEvents } from '../src/capture/store.js';
import { lineDigest } from '../src/capture/lines.js';
import { parseApplyPatch } from '../src/capture/adapters/apply-patch.js';
import { eventJsonSchema } from '../src/capture/event-schema.js';
import type { CaptureEvent } from '../src/capture/event.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { makeRepo, makeSandbox } from './helpers/repo.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'agents');

describe('agent adapters, against payloads as each agent writes them', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());
  let n = 0;
  const recorded: CaptureEvent[] = [];
  const setup = () => {
    const repo = makeRepo(sandbox, `r${n++}`);
    const transcript = join(repo.dir, '..', `${n}-transcript`);
    const fixture = (agent: string, name: string) =>
      readFileSync(join(FIXTURES, agent, name), 'utf8')
        .replaceAll('@ROOT@', repo.dir)
        .replaceAll('@TRANSCRIPT@', transcript);
    const record = (agent: string, dir: string, name: string) => {
      const outcome = recordPayload({ agent, payload: fixture(dir, name), cwd: repo.dir, env: { HOME: sandbox.home } });
      recorded.push(...outcome.events);
      return outcome;
    };
    return { repo, transcript, fixture, record, events: () => readEvents(join(repo.dir, '.git')) };
  };

  it('Claude Code: edits with line ranges from the structured patch, ids and model from the transcript', () => {
    const { repo, transcript, fixture, record, events } = setup();
    writeFileSync(transcript, fixture('claude-code-2.0', 'transcript.jsonl'));
    repo.write('src/net.ts', JSON.parse(fixture('claude-code-2.0', 'post-tool-use-write.json')).tool_input.content);
    repo.write(
      'src/user.ts',
      "import { http } from './http';\n\nexport async function fetchUser(id: string) {\n" +
        '  const user = await retry(() => http.get(`/users/${id}`));\n  if (!user) throw new Error(`no user ${id}`);\n  return user;\n' +
        '}\n',
    );
    expect(record('claude-code', 'claude-code-2.0', 'user-prompt-submit.json').events[0]).toMatchObject({
      kind: 'prompt',
      model: 'claude-sonnet-4-5-20250929',
      promptDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const write = record('claude-code', 'claude-code-2.0', 'post-tool-use-write.json').events[0]!;
    expect(write).toMatchObject({
      schema: 'ai-attest/event@2',
      agent: 'claude-code',
      tool: 'claude-code',
      via: 'cli-agent',
      kind: 'edit',
      file: 'src/net.ts',
      lines: [[1, 11]],
      model: 'claude-sonnet-4-5-20250929',
      requests: ['req_011CTy7bM2nQ4rS6tU8vW1xY'],
      responses: ['msg_01VxQ8mN3kT7aB2cD4eF6gH8'],
      session: '5f1c2b9e-3a4d-4e8f-9b21-7c0d6e5a4f31',
      ref: { toolUseId: 'toolu_01Hx7kQ2c9VbN4mJt8ZpL3aE' },
    });
    expect(write.written).toHaveLength(11);
    const edit = record('claude-code', 'claude-code-2.0', 'post-tool-use-edit.json').events[0]!;
    expect(edit).toMatchObject({
      file: 'src/user.ts',
      lines: [[4, 6]],
      requests: ['req_011CTy7cP5qR7sT9uV1wX3yZ'],
      responses: ['msg_01Kp4Rs6Tu8Vw0Xy2Za4Bc6D'],
    });
    expect(edit.written).toEqual(
      [
        '  const user = await retry(() => http.get(`/users/${id}`));',
        '  if (!user) throw new Error(`no user ${id}`);',
        '  return user;',
      ].map(lineDigest),
    );
    expect(edit.removed).toEqual([lineDigest('  return http.get(`/users/${id}`);')]);
    expect(record('claude-code', 'claude-code-2.0', 'post-tool-use-read.json')).toMatchObject({ events: [], skipped: expect.any(String) });
    expect(record('claude-code', 'claude-code-2.0', 'stop.json').events[0]).toMatchObject({
      kind: 'stop',
      model: 'claude-sonnet-4-5-20250929',
      requests: ['req_011CTy7dQ6rS8tU0vW2xY4zA'],
    });
    // Nothing of the prompt or the code is stored in clear.
    const buffer = readFileSync(join(repo.dir, '.git', 'ai-attest', 'events.jsonl'), 'utf8');
    expect(buffer).not.toContain('retry');
    expect(buffer).not.toContain('fetchUser');
    expect(events().map((e) => e.kind)).toEqual(['prompt', 'edit', 'edit', 'stop']);
  });

  it('Claude Code: a transcript that has not caught up leaves the model pending, with where to read it', () => {
    const { repo, transcript, record } = setup();
    writeFileSync(transcript, '');
    repo.write('src/user.ts', 'x\n');
    const edit = record('claude-code', 'claude-code-2.0', 'post-tool-use-edit.json').events[0]!;
    expect(edit).toMatchObject({
      model: 'pending',
      pending: { from: 'claude-transcript', transcript, toolUseId: 'toolu_01Qm5TnW8rYc2VdK6sJx9bUf' },
    });
    expect(edit.requests).toBeUndefined();
  });

  it('Cursor: model id and generation id from every payload; the prompt answer Cursor waits for', () => {
    const { repo, record } = setup();
    repo.write(
      'src/slug.ts',
      '// slugs\nexport function slugify(text: string): string {\n' +
        "  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');\n}\n",
    );
    expect(record('cursor', 'cursor-1.7', 'before-submit-prompt.json').events[0]).toMatchObject({
      kind: 'prompt',
      tool: 'cursor',
      via: 'ide-plugin',
      model: 'claude-4.5-sonnet',
    });
    expect(record('cursor', 'cursor-1.7', 'after-file-edit.json').events[0]).toMatchObject({
      kind: 'edit',
      file: 'src/slug.ts',
      lines: [[2, 4]],
      model: 'claude-sonnet-4-5-20250929',
      session: 'b3f2a9d4-61c7-4e0b-8f25-9a7c3d1e6b40',
      responses: ['0a9e7c5b-3d1f-4b8a-9e6c-2f4d6b8a0c1e'],
    });
    expect(record('cursor', 'cursor-1.7', 'stop.json').events[0]).toMatchObject({ kind: 'stop' });
  });

  it('Codex CLI: apply_patch edits per file, model and turn from the payload', () => {
    const { repo, record } = setup();
    repo.write('src/config.ts', 'export function parseConfig(text: string): Config {\n  return JSON.parse(text);\n}\n');
    repo.write(
      'src/config.test.ts',
      "import { parseConfig } from './config';\ntest('parses', () => expect(parseConfig('{}')).toEqual({}));\n",
    );
    expect(record('codex', 'codex-0.60', 'user-prompt-submit.json').events[0]).toMatchObject({
      kind: 'prompt',
      model: 'gpt-5.1-codex-2025-11-13',
      turn: '1',
    });
    const events = record('codex', 'codex-0.60', 'post-tool-use-apply-patch.json').events;
    expect(events.map((e) => [e.file, e.lines, e.written?.length])).toEqual([
      ['src/config.ts', [[1, 1]], 1],
      ['src/config.test.ts', [[1, 2]], 2],
    ]);
    expect(events[0]).toMatchObject({
      tool: 'codex',
      model: 'gpt-5.1-codex-2025-11-13',
      session: '019a7c2e-5b1d-7f30-a8e4-3c6d9f0b2a71',
      turn: '1',
    });
  });

  it('Copilot CLI (camelCase, toolArgs as a JSON string) and the VS Code form; no model in any payload', () => {
    const { repo, record } = setup();
    repo.write(
      'src/users.ts',
      "export function createUser(name: string) {\n  if (!name.trim()) throw new Error('name is required');\n  return { name };\n}\n",
    );
    repo.write('src/validate.ts', 'export const nonEmpty = (s: string) => s.trim().length > 0;\n');
    expect(record('copilot', 'copilot-cli-0.0.350', 'user-prompt-submitted.json').events[0]).toMatchObject({
      kind: 'prompt',
      tool: 'copilot',
      model: 'unknown',
    });
    expect(record('copilot', 'copilot-cli-0.0.350', 'post-tool-use-edit.json').events[0]).toMatchObject({
      file: 'src/users.ts',
      lines: [[1, 2]],
      model: 'unknown',
    });
    expect(record('copilot', 'copilot-cli-0.0.350', 'post-tool-use-vscode.json').events[0]).toMatchObject({
      file: 'src/validate.ts',
      lines: [[1, 1]],
      session: 'c0ffee00-1234-4abc-9def-0123456789ab',
    });
  });

  it('Copilot CLI: the model from its session log, found by session id or as the one active session of this repository', () => {
    const { repo, fixture } = setup();
    repo.write('src/users.ts', "export function createUser(name: string) {\n  if (!name.trim()) throw new Error('name is required');\n}\n");
    const home = join(sandbox.root, `copilot-home-${n}`);
    const state = join(home, '.copilot', 'session-state');
    const log = (id: string, cwd: string) => {
      mkdirSync(join(state, id), { recursive: true });
      writeFileSync(join(state, id, 'events.jsonl'), fixture('copilot-cli-0.0.350', 'session-events.jsonl').replaceAll(repo.dir, cwd));
    };
    const record = (name: string, env: NodeJS.ProcessEnv, over: Record<string, unknown> = {}) =>
      recordPayload({
        agent: 'copilot',
        payload: JSON.stringify({ ...JSON.parse(fixture('copilot-cli-0.0.350', name)), ...over }),
        cwd: repo.dir,
        env,
      }).events[0]!;
    log('5d2e9b1c-7a34-4f0e-b8c6-1e2f3a4b5c6d', repo.dir);
    log('other-project', join(sandbox.root, 'elsewhere'));
    // No session id in the payload: the one session started in this repository and being written.
    expect(record('post-tool-use-edit.json', { HOME: home })).toMatchObject({ model: 'gpt-5', file: 'src/users.ts' });
    // COPILOT_HOME moves the logs; a session id names its log.
    const moved = join(sandbox.root, `copilot-moved-${n}`);
    mkdirSync(join(moved, 'session-state', 'abc'), { recursive: true });
    writeFileSync(
      join(moved, 'session-state', 'abc', 'events.jsonl'),
      '{"type":"session.start","data":{"sessionId":"abc","selectedModel":"claude-sonnet-4.5","context":{"cwd":"/x"}},"id":"1",' +
        '"timestamp":"t","parentId":null}\n',
    );
    expect(record('post-tool-use-edit.json', { HOME: home, COPILOT_HOME: moved }, { sessionId: 'abc' }).model).toBe('claude-sonnet-4.5');
    // Two sessions of this repository being written: which one ran the hook cannot be told.
    log('second-session', join(repo.dir, 'src'));
    expect(record('post-tool-use-edit.json', { HOME: home }).model).toBe('unknown');
    // VS Code's agent: its session id has no Copilot CLI log.
    expect(record('post-tool-use-vscode.json', { HOME: home }).model).toBe('unknown');
  });

  it('Gemini CLI: write_file with the model read from the session log', () => {
    const { repo, transcript, fixture, record } = setup();
    writeFileSync(transcript, fixture('gemini-cli-0.21', 'session.json'));
    repo.write('src/fizz.py', JSON.parse(fixture('gemini-cli-0.21', 'after-tool-write-file.json')).tool_input.content);
    expect(record('gemini', 'gemini-cli-0.21', 'before-agent.json').events[0]).toMatchObject({
      kind: 'prompt',
      tool: 'gemini-cli',
      model: 'gemini-2.5-pro',
    });
    expect(record('gemini', 'gemini-cli-0.21', 'after-tool-write-file.json').events[0]).toMatchObject({
      file: 'src/fizz.py',
      lines: [[1, 2]],
      model: 'gemini-2.5-pro',
    });
  });

  it('the generic event: validated, digested, never stored in clear', () => {
    const { repo } = setup();
    repo.write('lib/a.ts', 'one\ntwo\nthree\n');
    const event = {
      tool: 'my-agent',
      model: 'my-model-2025-01-01',
      file: 'lib/a.ts',
      content: 'two\nthree\n',
      prompt: 'secret plan',
      requests: ['r-1'],
    };
    const [recorded] = recordPayload({ agent: 'generic', payload: JSON.stringify(event), cwd: repo.dir, env: {} }).events;
    expect(recorded).toMatchObject({
      agent: 'generic',
      tool: 'my-agent',
      via: 'other',
      file: 'lib/a.ts',
      lines: [[2, 3]],
      requests: ['r-1'],
      written: ['two', 'three'].map(lineDigest),
    });
    expect(JSON.stringify(recorded)).not.toContain('secret plan');
    expect(() => recordPayload({ agent: 'generic', payload: '{"tool":"Bad Tool"}', cwd: repo.dir, env: {} })).toThrow(/tool id/);
    expect(() => recordPayload({ agent: 'generic', payload: '{"tool":"x","lines":[[3,1]]}', cwd: repo.dir, env: {} })).toThrow(/lines/);
    expect(() => recordPayload({ agent: 'claude-code', payload: 'not json', cwd: repo.dir, env: {} })).toThrow(/not JSON/);
    expect(
      recordPayload({ agent: 'generic', payload: JSON.stringify({ ...event, file: '../outside.ts' }), cwd: repo.dir, env: {} }).events,
    ).toEqual([]);
  });

  it('every event recorded above is valid against the published event schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(eventJsonSchema());
    expect(recorded.length).toBeGreaterThan(15);
    for (const event of recorded) expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...recorded[0], written: ['not-a-digest'] })).toBe(false);
    expect(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'event.schema.json'), 'utf8'))).toEqual(eventJsonSchema());
  });

  it('apply_patch: moved files, deletions and several hunks', () => {
    const edits = parseApplyPatch(
      '*** Begin Patch\n*** Update File: a.ts\n*** Move to: b.ts\n@@\n-x\n+y\n ctx\n+z\n*** Delete File: c.ts\n*** End Patch',
    );
    expect(edits).toEqual([
      { path: 'b.ts', written: 'y\n', replaced: 'x\n' },
      { path: 'b.ts', written: 'z\n' },
    ]);
  });
});
