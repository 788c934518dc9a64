import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../src/capture/adapters/index.js';
import { claudeTurnContribution } from '../src/capture/handover.js';
import { sha256 } from '../src/capture/lines.js';
import { recordPayload } from '../src/capture/record.js';

// `ai-attest agents list` tells each agent's capture what it gets; this holds its prompt line to
// what capture and the detail tier do with that agent's prompt hook (docs/capture.md).
const FIXTURES = join(import.meta.dirname, 'fixtures', 'agents');
const PROMPT_HOOKS: Record<string, { dir: string; file: string; textFrom: 'payload' | 'transcript' }> = {
  'claude-code': { dir: 'claude-code-2.0', file: 'user-prompt-submit.json', textFrom: 'transcript' },
  cursor: { dir: 'cursor-1.7', file: 'before-submit-prompt.json', textFrom: 'payload' },
  codex: { dir: 'codex-0.60', file: 'user-prompt-submit.json', textFrom: 'payload' },
  copilot: { dir: 'copilot-cli-0.0.350', file: 'user-prompt-submitted.json', textFrom: 'payload' },
  gemini: { dir: 'gemini-cli-0.21', file: 'before-agent.json', textFrom: 'payload' },
};

const root = mkdtempSync(join(tmpdir(), 'ai-attest-agents-facts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, '.git'));
const transcript = join(root, 'transcript.jsonl');
writeFileSync(transcript, readFileSync(join(FIXTURES, 'claude-code-2.0', 'transcript.jsonl'), 'utf8').replaceAll('@ROOT@', root));
const fixture = (dir: string, file: string) =>
  readFileSync(join(FIXTURES, dir, file), 'utf8')
    .replaceAll('@ROOT@', root)
    .replaceAll('@TRANSCRIPT@', transcript);

describe("the agents listing's prompt line, against what capture keeps of each agent's prompt", () => {
  it('covers every agent', () => {
    expect(ADAPTERS.map((a) => a.id).sort()).toEqual(Object.keys(PROMPT_HOOKS).sort());
  });

  for (const adapter of ADAPTERS) {
    const hook = PROMPT_HOOKS[adapter.id]!;
    it(`${adapter.id}: a digest in the event, the text sealed in the detail tier (from the ${hook.textFrom})`, () => {
      const payload = fixture(hook.dir, hook.file);
      const prompt = JSON.parse(payload).prompt as string;
      const env = { HOME: root, PATH: process.env.PATH };
      const outcome = recordPayload({ agent: adapter.id, payload, cwd: root, env, now: new Date('2026-11-30T08:00:00Z') });
      expect(outcome.events.map((e) => [e.kind, e.promptDigest])).toEqual([['prompt', sha256(prompt)]]);
      expect(JSON.stringify(outcome.events)).not.toContain(prompt);
      const sealed =
        hook.textFrom === 'payload' ? outcome.detail?.contribution : claudeTurnContribution(transcript, root, 'unused')?.contribution;
      if (hook.textFrom === 'transcript') expect(outcome.detail).toBeUndefined();
      expect(sealed?.turns.find((t) => t.role === 'user')?.text).toBe(prompt);

      expect(adapter.facts.prompt).toMatch(/^yes \(/);
      expect(adapter.facts.prompt).toMatch(/digest in the event/);
      expect(adapter.facts.prompt).toMatch(/text sealed in the detail tier/);
      expect(adapter.facts.prompt.includes('transcript')).toBe(hook.textFrom === 'transcript');
    });
  }
});
