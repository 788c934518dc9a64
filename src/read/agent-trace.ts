import { randomUUID } from 'node:crypto';
import { byTime, hasModel, type CaptureEvent } from '../capture/event.js';
import { gitAiTool, parseGitAiNote, GIT_AI_NOTES_REF } from '../capture/git-ai.js';
import { bump, lineDigest, sha256, splitLines } from '../capture/lines.js';
import { readArchive } from '../capture/store.js';
import { readBlobs } from '../git/blobs.js';
import { collectCommits, type CommitRecord } from '../git/log.js';

/**
 * Agent Trace (cursor/agent-trace, RFC 0.1.0) records for a range: one record per commit that
 * has captured events (ai-attest's archive) or a git-ai note. Line numbers are positions in the
 * committed file: the lines whose content is what the agent wrote (kept unchanged) are found in
 * the commit's blob, so ranges are exact at the revision whatever edits came after the hook.
 */
export const AGENT_TRACE_VERSION = '0.1.0';

interface Range {
  start_line: number;
  end_line: number;
  content_hash?: string;
}

interface Conversation {
  url?: string;
  contributor: { type: 'ai' | 'human'; model_id?: string };
  ranges: Range[];
  related?: Array<{ type: string; url: string }>;
}

export interface TraceRecord {
  version: string;
  id: string;
  timestamp: string;
  vcs: { type: 'git'; revision: string };
  tool: { name: string; version: string };
  files: Array<{ path: string; conversations: Conversation[] }>;
  metadata: Record<string, unknown>;
}

export interface AgentTraceInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  commonDir: string;
  revisions: readonly string[];
  toolVersion: string;
}

export async function agentTraceRecords(input: AgentTraceInput): Promise<TraceRecord[]> {
  const opts = { cwd: input.cwd, env: input.env };
  const commits = await collectCommits(input.revisions, { ...opts, notesRef: GIT_AI_NOTES_REF });
  const captured = new Map<string, CaptureEvent[]>();
  for (const c of commits) {
    const archives = readArchive(input.commonDir, c.tree);
    const mine = archives.find((a) => a.parents.join(' ') === c.parents.join(' ')) ?? archives[0];
    const edits = (mine?.events ?? []).filter((e) => e.kind === 'edit' && e.file && e.written?.length);
    if (edits.length) captured.set(c.commit, edits);
  }
  const blobs = await readBlobs(
    [...captured].flatMap(([commit, events]) => events.map((e) => `${commit}:${e.file}`)),
    opts,
  );
  const records: TraceRecord[] = [];
  for (const c of commits) {
    const files = new Map<string, Conversation[]>();
    const sources: string[] = [];
    const events = captured.get(c.commit);
    if (events) {
      sources.push('ai-attest-capture');
      for (const [file, conversations] of fromCapture(c, events, blobs)) files.set(file, conversations);
    }
    const note = c.note ? parseGitAiNote(c.note) : null;
    if (note) {
      sources.push('git-ai');
      for (const a of note.attributions) {
        const list = files.get(a.path) ?? files.set(a.path, []).get(a.path)!;
        list.push({
          ...(a.conversation ? { url: conversationUrl(gitAiTool(a.tool), a.conversation) } : {}),
          contributor: a.kind === 'human' ? { type: 'human' } : { type: 'ai', ...(a.model ? { model_id: modelsDevId(a.model) } : {}) },
          ranges: a.ranges.map(([s, e]) => ({ start_line: s, end_line: e })),
        });
      }
    }
    if (!files.size) continue;
    records.push({
      version: AGENT_TRACE_VERSION,
      id: randomUUID(),
      timestamp: new Date(c.committerTime * 1000).toISOString(),
      vcs: { type: 'git', revision: c.commit },
      tool: { name: 'ai-attest', version: input.toolVersion },
      files: [...files].sort(([a], [b]) => a.localeCompare(b)).map(([path, conversations]) => ({ path, conversations })),
      metadata: { 'dev.ai-attest': { sources, ...(events ? { conversations: conversationMeta(events) } : {}) } },
    });
  }
  return records;
}

/** Per file and conversation (session, tool, model): the committed lines whose content the agent wrote. */
function fromCapture(c: CommitRecord, events: readonly CaptureEvent[], blobs: Map<string, string | null>): Map<string, Conversation[]> {
  const out = new Map<string, Conversation[]>();
  const groups = new Map<string, CaptureEvent[]>();
  for (const e of [...events].sort(byTime)) {
    const key = JSON.stringify([e.file, e.session ?? '', e.tool, e.model]);
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(e);
  }
  for (const [key, group] of groups) {
    const [file] = JSON.parse(key) as [string];
    const content = blobs.get(`${c.commit}:${file}`);
    if (!content) continue;
    const pool = new Map<string, number>();
    for (const e of group) {
      for (const d of e.removed ?? []) if ((pool.get(d) ?? 0) > 0) bump(pool, d, -1);
      for (const d of e.written ?? []) bump(pool, d);
    }
    const lines = splitLines(content);
    const hit: boolean[] = lines.map((line) => {
      const d = lineDigest(line);
      if ((pool.get(d) ?? 0) <= 0) return false;
      bump(pool, d, -1);
      return true;
    });
    const ranges: Range[] = [];
    for (let i = 0; i < hit.length; i++) {
      if (!hit[i]) continue;
      let j = i;
      while (j + 1 < hit.length && hit[j + 1]) j++;
      ranges.push({ start_line: i + 1, end_line: j + 1, content_hash: sha256(lines.slice(i, j + 1).join('\n')) });
      i = j;
    }
    if (!ranges.length) continue;
    const first = group[0]!;
    const conversation: Conversation = {
      contributor: { type: 'ai', ...(hasModel(first) ? { model_id: modelsDevId(first.model) } : {}) },
      ranges,
      ...(first.session ? { url: conversationUrl(first.tool, first.session) } : {}),
    };
    const requests = [...new Set(group.flatMap((e) => e.requests ?? []))];
    if (requests.length)
      conversation.related = requests.map((r) => ({ type: 'request', url: `urn:ai-attest:request:${encodeURIComponent(r)}` }));
    (out.get(file) ?? out.set(file, []).get(file)!).push(conversation);
  }
  return out;
}

function conversationMeta(events: readonly CaptureEvent[]): Array<Record<string, unknown>> {
  const seen = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    const key = `${e.tool}\0${e.session ?? ''}\0${e.model}`;
    if (!seen.has(key)) seen.set(key, { tool: e.tool, model: e.model, ...(e.session ? { session: e.session } : {}) });
  }
  return [...seen.values()];
}

/** Agents' conversations have no public URL: a URN names them without pretending to be one. */
function conversationUrl(tool: string, id: string): string {
  return `urn:ai-attest:conversation:${encodeURIComponent(tool)}:${encodeURIComponent(id)}`;
}

/** models.dev ids are `provider/model`; the provider is told by the model family. */
export function modelsDevId(model: string): string {
  if (model.includes('/')) return model.slice(0, 250);
  const m = model.toLowerCase();
  const provider = m.startsWith('claude')
    ? 'anthropic'
    : /^(gpt|o\d|codex|chatgpt)/.test(m)
      ? 'openai'
      : m.startsWith('gemini')
        ? 'google'
        : m.startsWith('grok')
          ? 'xai'
          : m.startsWith('mistral') || m.startsWith('codestral')
            ? 'mistral'
            : m.startsWith('deepseek')
              ? 'deepseek'
              : null;
  return (provider ? `${provider}/${model}` : model).slice(0, 250);
}
