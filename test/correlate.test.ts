// @module-tag git
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerModelMatches, type CorrelateReport } from '../src/correlate/correlate.js';
import { parseLog } from '../src/correlate/providers.js';
import { initRepo } from './helpers/attested.js';
import type { Repo } from './helpers/repo.js';

const SONNET = 'claude-sonnet-4-5-20250929';
const OPUS = 'claude-opus-4-1-20250805';
const BEDROCK_ID = '5d7c2f1e-8a4b-4c3d-9e2f-1a0b9c8d7e6f';

/** Every file under a folder with its size and mtime: to show that correlate wrote nothing. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${p} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

describe('ai-attest correlate over provider-shaped logs', () => {
  let repo: Repo;
  const commits: Record<string, string> = {};
  const content = (name: string) =>
    `export function ${name}(x: number): number {\n  const doubled = x * 2;\n  return doubled + ${name.length};\n}\n`;

  const agentCommit = (name: string, requests: string[], responses: string[], model = SONNET) => {
    const event = { tool: 'claude-code', model, file: `src/${name}.ts`, content: content(name), requests, responses };
    const r = repo.cli(['record', '--event', '-'], { input: JSON.stringify(event) });
    expect(r.status, r.stderr).toBe(0);
    repo.write(`src/${name}.ts`, content(name));
    repo.git(['add', '-A']);
    const c = repo.gitRaw(['commit', '-q', '-m', `Add ${name}`], { env: { AI_ATTEST_NO_PROMPT: '1' } });
    expect(c.status, c.stderr).toBe(0);
    commits[name] = repo.git(['rev-parse', 'HEAD']).trim();
  };

  beforeAll(() => {
    repo = initRepo();
    agentCommit('agreed', ['req_011AGREED'], ['msg_01AGREED']);
    agentCommit('planted', ['req_011PLANTED'], ['msg_01PLANTED']);
    agentCommit('unknown', ['req_011NOBODY'], []);
    agentCommit('viaBedrock', [BEDROCK_ID], []);
    const now = new Date().toISOString();
    const text = (name: string) => [
      { type: 'text', text: "Here's the function:" },
      { type: 'tool_use', id: 'toolu_1', name: 'Write', input: { file_path: `/w/src/${name}.ts`, content: content(name) } },
    ];
    writeFileSync(
      join(repo.sandbox.root, 'anthropic.jsonl'),
      [
        {
          request_id: 'req_011AGREED',
          timestamp: now,
          response: { id: 'msg_01AGREED', type: 'message', model: SONNET, content: text('agreed') },
        },
        // The planted mismatch: the provider served another model than the trail says.
        {
          request_id: 'req_011PLANTED',
          timestamp: now,
          response: { id: 'msg_01PLANTED', type: 'message', model: OPUS, content: text('planted') },
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\nnot json\n',
    );
    writeFileSync(
      join(repo.sandbox.root, 'bedrock.jsonl'),
      `${JSON.stringify({
        schemaType: 'ModelInvocationLog',
        schemaVersion: '1.0',
        timestamp: now,
        accountId: '123456789012',
        region: 'us-east-1',
        requestId: BEDROCK_ID,
        operation: 'InvokeModel',
        modelId: `us.anthropic.${SONNET}-v1:0`,
        input: { inputContentType: 'application/json', inputBodyJson: { messages: [{ role: 'user', content: 'secret prompt' }] } },
        output: {
          outputContentType: 'application/json',
          outputBodyJson: { id: 'msg_01BEDROCK', model: SONNET, content: text('viaBedrock') },
        },
      })}\n`,
    );
    writeFileSync(
      join(repo.sandbox.root, 'apim.json'),
      JSON.stringify({
        value: [
          {
            TimeGenerated: now,
            properties: {
              RequestId: 'apim-7f3e',
              CorrelationId: 'corr-1',
              DeploymentName: 'gpt4o-prod',
              ModelName: 'gpt-4o-2024-08-06',
              RequestMessages: '[{"role":"user","content":"secret"}]',
              ResponseMessages: '[]',
            },
          },
        ],
      }),
    );
  });
  afterAll(() => repo?.sandbox.cleanup());

  it('finds the planted model mismatch and the unknown request id, an unaccounted call, and agrees on the rest; stores nothing', () => {
    const before = snapshot(join(repo.dir, '.git'));
    const r = repo.cli([
      'correlate',
      join(repo.sandbox.root, 'anthropic.jsonl'),
      join(repo.sandbox.root, 'bedrock.jsonl'),
      join(repo.sandbox.root, 'apim.json'),
      '--range',
      'HEAD',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as CorrelateReport;
    expect(report.schema).toBe('ai-attest/correlate@1');
    expect(report.providerCalls).toBe(4);
    expect(report.skippedRecords).toBe(1);
    const kinds = report.findings.map((f) => `${f.kind} ${f.commit ?? f.id}`).sort();
    expect(kinds).toEqual([`model-mismatch ${commits.planted}`, 'unaccounted-call apim-7f3e', `unknown-request ${commits.unknown}`].sort());
    const mismatch = report.findings.find((f) => f.kind === 'model-mismatch')!;
    expect(mismatch).toMatchObject({ id: 'req_011PLANTED', trailModel: SONNET, providerModel: OPUS, provider: 'anthropic' });
    expect(report.findings.find((f) => f.kind === 'unknown-request')!.id).toBe('req_011NOBODY');
    // The agreed call's output holds the lines the agent wrote; the Bedrock id matched despite its region, vendor and version.
    expect(report.matched).toBe(5); // ids: request and response of two calls, and the Bedrock request
    expect(report.outputsCompared).toBeGreaterThanOrEqual(2);
    expect(report.stored).toBe(false);
    expect(r.stdout).not.toContain('secret');
    expect(snapshot(join(repo.dir, '.git'))).toEqual(before);

    const text = repo.cli(['correlate', join(repo.sandbox.root, 'anthropic.jsonl'), '--range', 'HEAD']);
    expect(text.stdout).toMatch(/Model differs from what the provider recorded \(1\)/);
    expect(text.stdout).toMatch(/anthropic recorded claude-opus-4-1-20250805 for req_011PLANTED/);
    expect(repo.cli(['correlate', join(repo.sandbox.root, 'anthropic.jsonl'), '--range', 'HEAD', '--fail-on-findings']).status).toBe(1);
  });

  it('compares the captured output with the provider output', () => {
    // The provider returned other text for a captured request: the outputs disagree.
    const other = join(repo.sandbox.root, 'other-output.jsonl');
    writeFileSync(
      other,
      `${JSON.stringify({
        request_id: 'req_011AGREED',
        response: { id: 'msg_01AGREED', model: SONNET, content: [{ type: 'text', text: 'something else entirely\nand more' }] },
      })}\n`,
    );
    const report = JSON.parse(repo.cli(['correlate', other, '--range', `${commits.agreed}^!`, '--json']).stdout) as CorrelateReport;
    expect(report.findings.map((f) => f.kind)).toEqual(['output-mismatch']);
    expect(report.findings[0]!.outputLines).toEqual({ found: 0, captured: 4 });
  });

  it('a generic mapping reads any log; bad input is a usage error', () => {
    const log = join(repo.sandbox.root, 'gateway.jsonl');
    writeFileSync(log, `${JSON.stringify({ meta: { rid: 'req_011PLANTED' }, served: { model: OPUS } })}\n`);
    const map = join(repo.sandbox.root, 'map.json');
    writeFileSync(map, JSON.stringify({ requestId: 'meta.rid', model: 'served.model' }));
    const report = JSON.parse(
      repo.cli(['correlate', log, '--map', map, '--range', `${commits.planted}^!`, '--json']).stdout,
    ) as CorrelateReport;
    expect(report.findings.map((f) => f.kind)).toEqual(['model-mismatch']);
    const bad = repo.cli(['correlate', log, '--provider', 'nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/anthropic, openai, bedrock, azure-apim, vertex, generic/);
    writeFileSync(map, JSON.stringify({ rid: 'x' }));
    expect(repo.cli(['correlate', log, '--map', map]).stderr).toMatch(/"rid" is not one of/);
  });

  it('provider model ids in other words', () => {
    expect(providerModelMatches(SONNET, `us.anthropic.${SONNET}-v1:0`)).toBe(true);
    expect(providerModelMatches(SONNET, `arn:aws:bedrock:us-east-1::foundation-model/anthropic.${SONNET}-v1:0`)).toBe(true);
    expect(providerModelMatches('claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-v2@20241022')).toBe(false);
    expect(providerModelMatches(SONNET, OPUS)).toBe(false);
    const vertex = parseLog(
      JSON.stringify({
        request_id: '77',
        logging_time: '2026-01-01T00:00:00Z',
        model: 'gemini-2.5-pro',
        full_response: {
          responseId: 'r-1',
          modelVersion: 'gemini-2.5-pro-preview-05-06',
          candidates: [{ content: { parts: [{ text: 'a\nb' }] } }],
        },
      }),
      'v.json',
      undefined,
    );
    expect(vertex.calls[0]).toMatchObject({
      provider: 'vertex',
      requestId: '77',
      responseId: 'r-1',
      model: 'gemini-2.5-pro-preview-05-06',
      outputLines: ['a', 'b'],
    });
  });
});
