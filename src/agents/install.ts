import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AttestError } from '../errors.js';
import { appendToArray, appendToObject, insert, JsonSyntaxError, member, parseSpans, removeItem, type JsonNode } from './json-edit.js';
import { isOurs, recordCommand, targetFor, TARGETS, type AgentTarget, type Scope } from './targets.js';

export interface AgentsContext {
  top: string;
  env: NodeJS.ProcessEnv;
  /** Where install state lives for this scope (the repository's common git dir, or the user's ai-attest home). */
  stateDir: string;
  /** How the agent should start ai-attest; `ai-attest` on PATH by default. */
  command?: string;
}

interface FileState {
  /** The file as it was before the first install (base64), or null when install created it. */
  before: string | null;
  /** SHA-256 of the file as install left it: unchanged since, uninstall gives back `before` exactly. */
  after: string;
  /** Directories install created, deepest first, removed again when empty. */
  createdDirs: string[];
}

export interface AgentChange {
  agent: string;
  scope: Scope;
  file: string;
  action: 'installed' | 'already' | 'removed' | 'restored' | 'absent';
}

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function statePath(ctx: AgentsContext): string {
  return join(ctx.stateDir, 'agents.json');
}

function loadState(ctx: AgentsContext): Record<string, FileState> {
  try {
    return JSON.parse(readFileSync(statePath(ctx), 'utf8')) as Record<string, FileState>;
  } catch {
    return {};
  }
}

function saveState(ctx: AgentsContext, state: Record<string, FileState>): void {
  mkdirSync(ctx.stateDir, { recursive: true });
  writeFileSync(statePath(ctx), `${JSON.stringify(state, null, 2)}\n`);
}

export function selectTargets(agent: string | undefined): AgentTarget[] {
  if (!agent) return [...TARGETS];
  const target = targetFor(agent);
  if (!target) throw new AttestError(`unknown agent "${agent}"; known: ${TARGETS.map((t) => t.id).join(', ')}.`);
  return [target];
}

function fileFor(target: AgentTarget, scope: Scope, ctx: AgentsContext): string {
  const file = target.file(scope, ctx);
  if (!file) throw new AttestError(`${target.id} has no ${scope} settings: use --scope project.`);
  return file;
}

function parse(text: string, file: string): JsonNode {
  try {
    return parseSpans(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new AttestError(`${file} is not valid JSON (${error.message}): fix it, then run this again. Nothing was changed.`);
    throw error;
  }
}

/**
 * Adds the agent's hook entries for `ai-attest record`, inserting text only: every byte already
 * in the file stays where it was. Entries already there are not added twice.
 */
export function installAgent(target: AgentTarget, scope: Scope, ctx: AgentsContext): AgentChange {
  const file = fileFor(target, scope, ctx);
  const existed = existsSync(file);
  const original = existed ? readFileSync(file) : null;
  let text = original ? original.toString('utf8') : `${JSON.stringify(target.empty, null, 2)}\n`;
  const root = parse(text, file);
  if (root.type !== 'object') throw new AttestError(`${file} does not hold a JSON object; nothing was changed.`);
  const command = recordCommand(target.id, ctx.command);
  for (const entry of target.entries(command)) text = addEntry(text, entry.path, entry.value, target.id, file);
  if (original && text === original.toString('utf8')) return { agent: target.id, scope, file, action: 'already' };
  const createdDirs = existed ? [] : missingDirs(dirname(file));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  const state = loadState(ctx);
  const previous = state[file];
  state[file] = {
    before: previous ? previous.before : original ? original.toString('base64') : null,
    after: sha(text),
    createdDirs: previous?.createdDirs ?? createdDirs,
  };
  saveState(ctx, state);
  return { agent: target.id, scope, file, action: 'installed' };
}

function addEntry(text: string, path: readonly string[], value: Record<string, unknown>, id: string, file: string): string {
  let node = parse(text, file);
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth]!;
    if (node.type !== 'object')
      throw new AttestError(`${file}: "${path.slice(0, depth).join('.')}" is not an object; nothing was changed.`);
    const child = member(node, key);
    if (!child) {
      // Build what is missing below this point, with our entry in its array.
      let built: unknown = [value];
      for (let k = path.length - 1; k > depth; k--) built = { [path[k]!]: built };
      return insert(text, appendToObject(text, node, key, built));
    }
    node = child;
  }
  if (node.type !== 'array') throw new AttestError(`${file}: "${path.join('.')}" is not a list; nothing was changed.`);
  const items = node.items.map((item) => JSON.parse(text.slice(item.start, item.end)) as unknown);
  if (items.some((item) => isOurs(item, id))) return text;
  return insert(text, appendToArray(text, node, value));
}

function missingDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) out.push(d);
  return out;
}

/**
 * Removes what install added. A file unchanged since install gets its exact former bytes back
 * (or is deleted, with the directories install made, when install created it); a file edited
 * since loses only the entries that run `record --agent ID`, every other byte kept.
 */
export function uninstallAgent(target: AgentTarget, scope: Scope, ctx: AgentsContext): AgentChange {
  const file = fileFor(target, scope, ctx);
  const state = loadState(ctx);
  const recorded = state[file];
  if (!existsSync(file)) {
    if (recorded) {
      delete state[file];
      saveState(ctx, state);
    }
    return { agent: target.id, scope, file, action: 'absent' };
  }
  const current = readFileSync(file);
  if (recorded && sha(current) === recorded.after) {
    if (recorded.before === null) {
      rmSync(file);
      for (const dir of recorded.createdDirs) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
    } else writeFileSync(file, Buffer.from(recorded.before, 'base64'));
    delete state[file];
    saveState(ctx, state);
    return { agent: target.id, scope, file, action: 'restored' };
  }
  let text = current.toString('utf8');
  const before = text;
  for (const entry of target.entries(recordCommand(target.id, ctx.command))) text = removeEntries(text, entry.path, target.id, file);
  if (recorded) {
    delete state[file];
    saveState(ctx, state);
  }
  if (text === before) return { agent: target.id, scope, file, action: 'absent' };
  writeFileSync(file, text);
  return { agent: target.id, scope, file, action: 'removed' };
}

function removeEntries(text: string, path: readonly string[], id: string, file: string): string {
  for (;;) {
    const root = parse(text, file);
    const chain: JsonNode[] = [root];
    for (const key of path) {
      const next = member(chain[chain.length - 1], key);
      if (!next) return text;
      chain.push(next);
    }
    const array = chain[chain.length - 1]!;
    if (array.type !== 'array') return text;
    const k = array.items.findIndex((item) => isOurs(JSON.parse(text.slice(item.start, item.end)), id));
    if (k < 0) return text;
    if (array.items.length > 1) {
      text = removeItem(text, array.items, k);
      continue;
    }
    // Our entry was the event's only one: the event's key goes too.
    const parent = chain[chain.length - 2]!;
    if (parent.type !== 'object') return removeItem(text, array.items, k);
    const index = parent.members.findIndex((m) => m.value === array);
    text = removeItem(
      text,
      parent.members.map((m) => ({ start: m.keyStart, end: m.value.end })),
      index,
    );
  }
}

export interface AgentStatus {
  agent: string;
  project: { file: string; wired: boolean } | null;
  user: { file: string; wired: boolean } | null;
}

export function agentStatus(target: AgentTarget, ctx: { top: string; env: NodeJS.ProcessEnv }): AgentStatus {
  const look = (scope: Scope) => {
    const file = target.file(scope, ctx);
    if (!file) return null;
    let wired = false;
    try {
      wired = readFileSync(file, 'utf8').includes(`record --agent ${target.id}`);
    } catch {
      wired = false;
    }
    return { file, wired };
  };
  return { agent: target.id, project: look('project'), user: look('user') };
}
