import { expect } from 'vitest';
import { NOTES_REF } from '../../src/core/model.js';
import { mayHoldCapture } from '../../src/detect/claim.js';
import { initRepo } from './attested.js';
import { commitFile, gitAiNote } from './detect-commits.js';
import { importCommits } from './fast-import.js';
import type { Repo } from './repo.js';

/**
 * A history whose notes are those a real one holds, for detect's notes reads: three statements
 * made by the hook (capture saw Claude Code while the answers name Copilot, its record in the
 * note part only; plain AI; "no AI"), then `plain` imported commits (every 97th with an agent's
 * co-author line, a signal of its own), each with a note: most a copy of the plain statement,
 * every fifth one of eight kinds in turn (capture's records, forged statements with the payload
 * changed and the signature kept, the note part changed, text that is no statement with and
 * without the strings a capture record has, "no AI"). git-ai notes on the 6th imported commit
 * (a signal of its own, no) and the 7th.
 */
export interface NotesHistory {
  repo: Repo;
  /** The imported commits, oldest first. */
  imported: string[];
  /** The three statements' notes. */
  notes: { captured: string; plain: string; none: string };
  /** Writes `byCommit` as notes under `ref` in one fast-import commit on top of the ref (a null note deletes). */
  writeNotes(ref: string, byCommit: ReadonlyMap<string, string | null>): void;
  /** A statement's note line with its signed payload's predicate changed and the signature kept. */
  forged(note: string, change: (predicate: Record<string, unknown>) => void): string;
}

export function notesHistory(plain: number): NotesHistory {
  const repo = initRepo();
  const noteOf = (commit: string) => repo.git(['notes', '--ref=ai-attest', 'show', commit]);
  const forged = (note: string, change: (predicate: Record<string, unknown>) => void) =>
    note
      .trim()
      .split('\n')
      .map((line) => {
        const envelope = JSON.parse(line) as { payload: string };
        const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { predicate: Record<string, unknown> };
        change(statement.predicate);
        return JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') });
      })
      .join('\n');
  const writeNotes = (ref: string, byCommit: ReadonlyMap<string, string | null>) => {
    const parent = repo.gitRaw(['rev-parse', '--verify', '-q', ref]).stdout.trim();
    const stream = [
      `commit ${ref}`,
      'committer Notes <notes@example.com> 1700000000 +0000',
      'data 0',
      ...(parent ? [`from ${parent}`] : []),
    ];
    for (const [commit, text] of byCommit) {
      if (text === null) stream.push(`N 0000000000000000000000000000000000000000 ${commit}`);
      else stream.push(`N inline ${commit}`, `data ${Buffer.byteLength(text)}`, text);
    }
    repo.git(['fast-import', '--quiet', '--force'], { input: `${stream.join('\n')}\n` });
  };

  const event = { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', file: 'captured.ts', content: 'export const c = 1;\n' };
  const recorded = repo.cli(['record', '--event', '-'], { input: JSON.stringify(event) });
  expect(recorded.status, recorded.stderr).toBe(0);
  const captured = commitFile(repo, 'captured.ts', event.content, 'Add captured\n', 'copilot:gpt-4.1-2025-04-14');
  const plainCommit = commitFile(repo, 'plain.ts', 'export const p = 1;\n', 'Add plain\n', 'claude-code:claude-sonnet-4-5-20250929');
  const none = commitFile(repo, 'none.ts', 'export const n = 1;\n', 'Add none\n', 'none');
  const notes = { captured: noteOf(captured), plain: noteOf(plainCommit), none: noteOf(none) };
  expect(mayHoldCapture('', notes.captured)).toBe(true);
  expect(mayHoldCapture('', notes.plain)).toBe(false);
  importCommits(
    repo,
    Array.from({ length: plain }, (_, k) => ({
      message: k % 97 === 5 ? `change ${k}\n\nCo-authored-by: Claude <noreply@anthropic.com>\n` : `change ${k}\n`,
      path: `f${k % 11}.txt`,
      content: `${k}\n`,
      time: 1_700_000_000 + k * 60,
    })),
    none,
  );
  const imported = repo
    .git(['rev-list', '--reverse', `${none}..main`])
    .trim()
    .split('\n');
  expect(imported).toHaveLength(plain);
  const kinds = [
    notes.captured,
    forged(notes.captured, (p) => Object.assign(p, { ai: 'none', tools: [], share: 0 })),
    forged(notes.plain, (p) => (p.tools = [{ tool: 'cursor', model: 'gpt-5', via: 'ide' }])),
    notes.captured.replace('claude-code', 'cursor-agent'),
    'not a statement, but it names "ai-attest.capture" all the same\n',
    `{"payload":"${Buffer.from('x"ai-attest.capture"').toString('base64')}"}\n`,
    'not a statement at all\n',
    notes.none,
  ];
  const byCommit = new Map<string, string>();
  imported.forEach((commit, k) => byCommit.set(commit, k % 5 === 0 ? kinds[(k / 5) % kinds.length]! : notes.plain));
  writeNotes(NOTES_REF, byCommit);
  writeNotes(
    'refs/notes/ai',
    new Map([
      [imported[5]!, gitAiNote('cursor')],
      [imported[6]!, gitAiNote('codex')],
    ]),
  );
  return { repo, imported, notes, writeNotes, forged };
}
