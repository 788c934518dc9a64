import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Answers, IntegrationPath, ToolUse } from '../core/model.js';
import type { SensitiveMatch } from '../config/sensitive.js';
import { stateDir } from './state.js';

/**
 * What coding agents report while they work (`ai-attest record`, usually from the agent's own
 * hook): one JSON line each in `$GIT_DIR/ai-attest/events.jsonl`. At commit time the events
 * since the last commit pre-fill the prompt, or answer for it when there is no terminal.
 */
export interface AgentEvent {
  time: string;
  tool: string;
  model: string;
  via: IntegrationPath;
  /** Repository-relative paths the agent wrote, when it says. */
  files: string[];
  session?: string;
  /** The agent's own estimate of its share of the change, when it has one. */
  share?: number;
}

export function eventsPath(gitDir: string): string {
  return join(stateDir(gitDir), 'events.jsonl');
}

export async function appendEvent(gitDir: string, event: AgentEvent): Promise<void> {
  await mkdir(stateDir(gitDir), { recursive: true });
  await appendFile(eventsPath(gitDir), `${JSON.stringify(event)}\n`);
}

export async function readEvents(gitDir: string): Promise<AgentEvent[]> {
  let text: string;
  try {
    text = await readFile(eventsPath(gitDir), 'utf8');
  } catch {
    return [];
  }
  const events: AgentEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as AgentEvent;
      if (typeof e.tool === 'string' && typeof e.model === 'string') events.push({ ...e, files: Array.isArray(e.files) ? e.files : [] });
    } catch {
      // A torn line from an agent killed mid-write: the other events still count.
    }
  }
  return events;
}

/** Called once a commit is signed: its events are accounted for. */
export async function clearEvents(gitDir: string): Promise<void> {
  await rm(eventsPath(gitDir), { force: true });
}

/**
 * Answers from events: every (tool, model) seen; the share is the agents' own largest estimate,
 * else the fraction of the committed files an agent wrote, else 100 (an agent made the change
 * and said nothing of which files). Sensitive files count as AI-touched when an agent wrote
 * them, or when the events do not list files at all.
 */
export function answersFromEvents(events: readonly AgentEvent[], stagedFiles: readonly string[], sensitive: readonly SensitiveMatch[]): Answers | null {
  if (events.length === 0) return null;
  const tools: ToolUse[] = [];
  for (const e of events) {
    if (!tools.some((t) => t.tool === e.tool && t.model === e.model)) tools.push({ tool: e.tool, model: e.model, via: e.via });
  }
  const touched = new Map<string, Set<string>>();
  for (const e of events) for (const f of e.files) (touched.get(f) ?? touched.set(f, new Set()).get(f)!).add(e.tool);
  const anyFiles = touched.size > 0;
  // The agents wrote files, none of which this commit contains: their work is not in it.
  if (anyFiles && stagedFiles.length && !stagedFiles.some((f) => touched.has(f))) return null;
  const estimates = events.map((e) => e.share).filter((s): s is number => typeof s === 'number');
  let share = 100;
  if (estimates.length) share = Math.max(...estimates);
  else if (anyFiles && stagedFiles.length) share = Math.round((100 * stagedFiles.filter((f) => touched.has(f)).length) / stagedFiles.length);
  const allTools = [...new Set(tools.map((t) => t.tool))];
  return {
    ai: 'used',
    tools,
    share,
    sensitive: sensitive.map((s) => ({ ...s, ai: anyFiles ? [...(touched.get(s.path) ?? [])] : allTools })),
    source: 'events',
  };
}
