// @module-tag git
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBufferedParts } from '../src/detail/buffer.js';
import { decryptPart } from '../src/detail/crypt.js';
import { parseRecord } from '../src/detail/record.js';
import type { BufferedPart, DetailPlaintext } from '../src/detail/types.js';
import { initRepo } from './helpers/attested.js';
import { makeRecipient, type TestRecipient } from './helpers/detail.js';
import type { Repo } from './helpers/repo.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'agents');

/**
 * Each agent's prompt hook and edit hook, as that agent writes them; the edits go to a sensitive
 * folder (src/auth/) so the commit keeps a record.
 */
const AGENTS = [
  { agent: 'cursor', dir: 'cursor-1.7', prompt: 'before-submit-prompt.json', edit: 'after-file-edit.json', said: 'Add a slugify helper' },
  { agent: 'codex', dir: 'codex-0.60', prompt: 'user-prompt-submit.json', edit: 'post-tool-use-apply-patch.json', said: 'Rename parse()' },
  { agent: 'gemini', dir: 'gemini-cli-0.21', prompt: 'before-agent.json', edit: 'after-tool-write-file.json', said: 'Write a fizzbuzz' },
  {
    agent: 'copilot',
    dir: 'copilot-cli-0.0.350',
    prompt: 'user-prompt-submitted.json',
    edit: 'post-tool-use-edit.json',
    said: 'Add input validation',
  },
] as const;

/**
 * Cursor, Codex, Gemini CLI and Copilot hooks carry the prompt and the text written in their
 * payloads: `record` pipes each to a detached sealer (nothing in clear on disk), and the commit
 * binds the edits' parts with the prompts of the same sessions.
 */
describe('prompt turns and raw output of the hook-payload agents reach the detail tier', () => {
  let repo: Repo;
  let alice: TestRecipient;
  let parts: Array<{ part: BufferedPart; plain: DetailPlaintext }> = [];
  const gitDir = () => join(repo.dir, '.git');

  beforeAll(async () => {
    alice = await makeRecipient('Alice Compliance');
    repo = initRepo();
    repo.write('.ai-attest/recipients/alice.asc', alice.publicArmored);
    repo.write('src/auth/config.ts', 'export function parse(text: string) {\n  return JSON.parse(text);\n}\n');
    repo.write('src/auth/users.ts', 'export function createUser(name: string) {\n  return { name };\n}\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'base'], { env: { AI_ATTEST_TOOLS: 'none' } });
    // The recipients are trusted from the default branch (the trust revision), not from the work tree.
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    const transcript = join(repo.sandbox.root, 'gemini-session.json');
    writeFileSync(transcript, readFileSync(join(FIXTURES, 'gemini-cli-0.21', 'session.json'), 'utf8'));
    for (const a of AGENTS) {
      const payload = (name: string) =>
        readFileSync(join(FIXTURES, a.dir, name), 'utf8')
          .replaceAll('@ROOT@/src/', '@ROOT@/src/auth/')
          .replaceAll('File: src/', 'File: src/auth/')
          .replaceAll('@ROOT@', repo.dir)
          .replaceAll('@TRANSCRIPT@', transcript);
      for (const name of [a.prompt, a.edit]) {
        const r = repo.cli(['record', '--agent', a.agent], { input: payload(name) });
        expect(r.status, r.stderr).toBe(0);
      }
    }
    // The sealers run detached: wait for their eight parts (each is written whole, then renamed).
    const dir = join(gitDir(), 'ai-attest', 'detail');
    const count = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0);
    for (let i = 0; i < 600 && count() < 8; i++) await new Promise((done) => setTimeout(done, 100));
    parts = await Promise.all(
      (await readBufferedParts(gitDir())).map(async (part) => ({
        part,
        plain: JSON.parse(Buffer.from(await decryptPart(part, alice.privateKey)).toString('utf8')) as DetailPlaintext,
      })),
    );
  }, 90_000);
  afterAll(() => repo.sandbox.cleanup());

  it.each(AGENTS)('$agent: the prompt and the text written, encrypted, with the model and session', (a) => {
    const mine = parts.filter((p) => p.plain.tool === (a.agent === 'gemini' ? 'gemini-cli' : a.agent));
    const prompt = mine.find((p) => p.plain.turns.length);
    const edit = mine.find((p) => p.plain.outputs.length);
    expect(prompt?.plain.turns[0]).toMatchObject({ role: 'user', text: expect.stringContaining(a.said) });
    expect(prompt?.part.files).toEqual([]);
    expect(edit?.plain.outputs.length).toBeGreaterThan(0);
    expect(edit?.part.files.every((f) => f.startsWith('src/auth/'))).toBe(true);
    for (const p of mine) {
      const onDisk = readFileSync(join(gitDir(), 'ai-attest', 'detail', `${p.part.id}.json`), 'utf8');
      expect(onDisk).not.toContain(a.said);
    }
    if (a.agent === 'cursor') {
      expect(edit?.plain).toMatchObject({ model: 'claude-sonnet-4-5-20250929', session: 'b3f2a9d4-61c7-4e0b-8f25-9a7c3d1e6b40' });
      expect(edit?.plain.outputs[0]).toMatchObject({ kind: 'edit', file: 'src/auth/slug.ts', content: expect.stringContaining('slugify') });
    }
    if (a.agent === 'codex') {
      expect(edit?.plain.model).toBe('gpt-5.1-codex-2025-11-13');
      expect(edit?.part.files.sort()).toEqual(['src/auth/config.test.ts', 'src/auth/config.ts']);
    }
    if (a.agent === 'gemini') expect(edit?.plain.model).toBe('gemini-2.5-pro');
  });

  it('the commit binds the edits with the prompts of their sessions; a prompt with no session waits', () => {
    repo.write('src/auth/slug.ts', 'export function slugify(text: string): string {\n  return text;\n}\n');
    repo.write('src/auth/fizz.py', 'print(1)\n');
    repo.write('src/auth/config.test.ts', "import { parseConfig } from './config';\n");
    repo.write(
      'src/auth/users.ts',
      "export function createUser(name: string) {\n  if (!name.trim()) throw new Error('name is required');\n  return { name };\n}\n",
    );
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'agents at work'], {
      env: { AI_ATTEST_TOOLS: 'cursor:claude-sonnet-4-5-20250929,codex:gpt-5.1-codex-2025-11-13', AI_ATTEST_PROPORTION: '90' },
    });
    const note = repo.git(['notes', '--ref=ai-attest-detail', 'show', 'HEAD']);
    const bound = new Set(parseRecord(note.split('\n').find((l) => l.startsWith('{'))!).parts.map((p) => p.id));
    const expected = parts.filter((p) => p.part.files.length || (p.part.session && p.plain.tool !== 'copilot')).map((p) => p.part.id);
    expect([...bound].sort()).toEqual(expected.sort());
    // Copilot CLI's prompt hook names no session: its part stays until a commit can claim it.
    const left = readdirSync(join(gitDir(), 'ai-attest', 'detail')).filter((f) => f.endsWith('.json'));
    expect(left).toEqual([`${parts.find((p) => p.plain.tool === 'copilot' && p.plain.turns.length)!.part.id}.json`]);
  });
});
