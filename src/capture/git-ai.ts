import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * git-ai's authorship notes (`refs/notes/ai`, schema `authorship/3.0.0`), read as another
 * capture source. A note is an attestation section (a path at column 0, quoted when it has
 * whitespace; entries indented two spaces: `KEY RANGES` with 1-based `a-b` or `n` spans), a line
 * `---`, then JSON metadata. `s_` keys name a session (the part before `::`), `h_` keys a human,
 * bare keys a prompt record. Spec: git-ai-project/git-ai `specs/git_ai_standard_v3.0.0.md`.
 */
export const GIT_AI_NOTES_REF = 'refs/notes/ai';

export interface GitAiAttribution {
  path: string;
  /** The key as written (a session, human or prompt key). */
  key: string;
  kind: 'ai' | 'human';
  tool?: string;
  model?: string;
  /** The agent's own conversation id. */
  conversation?: string;
  human?: string;
  ranges: Array<[number, number]>;
}

export interface GitAiNote {
  schema: string;
  attributions: GitAiAttribution[];
}

interface AgentId {
  tool?: unknown;
  id?: unknown;
  model?: unknown;
}

export function parseGitAiNote(text: string): GitAiNote | null {
  const lines = text.split('\n');
  const divider = lines.findIndex((l) => l.trim() === '---');
  if (divider < 0) return null;
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(lines.slice(divider + 1).join('\n')) as Record<string, unknown>;
  } catch {
    return null;
  }
  const schema = typeof meta.schema_version === 'string' ? meta.schema_version : '';
  if (!schema.startsWith('authorship/3.')) return null;
  const table = (name: string) =>
    meta[name] && typeof meta[name] === 'object' ? (meta[name] as Record<string, Record<string, unknown>>) : {};
  const sessions = table('sessions');
  const prompts = table('prompts');
  const humans = table('humans');
  const attributions: GitAiAttribution[] = [];
  let path: string | null = null;
  for (const line of lines.slice(0, divider)) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) {
      path = unquote(line.trimEnd());
      continue;
    }
    const m = /^\s+(\S+)\s+([\d,\s-]+)$/.exec(line);
    if (!path || !m) continue;
    const key = m[1]!;
    const ranges = parseRanges(m[2]!);
    if (!ranges.length) continue;
    if (key.startsWith('h_')) {
      const author = humans[key]?.author;
      attributions.push({ path, key, kind: 'human', ...(typeof author === 'string' ? { human: author } : {}), ranges });
      continue;
    }
    const record = key.startsWith('s_') ? sessions[key.split('::')[0]!] : prompts[key];
    const agent = (record?.agent_id ?? {}) as AgentId;
    attributions.push({
      path,
      key,
      kind: 'ai',
      ...(typeof agent.tool === 'string' ? { tool: agent.tool } : {}),
      ...(typeof agent.model === 'string' ? { model: agent.model } : {}),
      ...(typeof agent.id === 'string' ? { conversation: agent.id } : {}),
      ranges,
    });
  }
  return { schema, attributions };
}

function parseRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (a >= 1 && b >= a) out.push([a, b]);
  }
  return out;
}

function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"')) return path;
  try {
    return JSON.parse(path) as string;
  } catch {
    return path.slice(1, -1);
  }
}

/** git-ai's agent names, mapped to registry tool ids where they differ. */
export function gitAiTool(tool: string | undefined): string {
  const map: Record<string, string> = { claude: 'claude-code', 'github-copilot': 'copilot', gemini: 'gemini-cli' };
  return tool ? (map[tool] ?? tool) : 'unknown';
}

/**
 * `refs/notes/ai` exists, looked up on disk so that nobody starts git to find nothing: a loose
 * ref or a packed one; a reftable repository cannot be read this way, so it is assumed present
 * (git then answers).
 */
export function hasGitAiRef(commonDir: string): boolean {
  if (existsSync(join(commonDir, GIT_AI_NOTES_REF)) || existsSync(join(commonDir, 'reftable'))) return true;
  try {
    return readFileSync(join(commonDir, 'packed-refs'), 'utf8').includes(` ${GIT_AI_NOTES_REF}\n`);
  } catch {
    return false;
  }
}
