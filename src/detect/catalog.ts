import { AttestError } from '../errors.js';
import builtIn from '../../signals/ai-signals.json' with { type: 'json' };

/**
 * The signal catalog: the data file `signals/ai-signals.json` (shipped in the package and bundled
 * into the build), checked and compiled once. Signals are data so that a new agent's footer or
 * bot account is a one-line change, and a team can add its own with `detect --signals FILE`.
 */

export const SIGNALS_FORMAT = 'ai-attest/signals@1';
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export const SIGNAL_KINDS = [
  'identity',
  'trailer',
  'line',
  'merge-branch',
  'added-line',
  'addition-size',
  'git-ai-note',
  'captured-event',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];
export type IdentityRole = 'author' | 'committer' | 'trailer';

interface SignalBase {
  id: string;
  /** Tool family the signal names; `*`: the agent the evidence names; `ai`: AI, tool unknown; `bot`: automation. */
  tool: string;
  confidence: Confidence;
  about: string;
}

export interface IdentitySignal extends SignalBase {
  kind: 'identity';
  roles: IdentityRole[];
  emails: Set<string>;
  emailSuffixes: string[];
  name: RegExp | null;
  notName: RegExp | null;
  /** Every given condition must hold (default: any email or name condition). */
  all: boolean;
  modelFromName: RegExp | null;
}

export interface TrailerSignal extends SignalBase {
  kind: 'trailer';
  keys: Set<string>;
  keyPattern: RegExp | null;
  value: RegExp | null;
  agentName: boolean;
}

export interface LineSignal extends SignalBase {
  kind: 'line' | 'added-line';
  pattern: RegExp;
  agentName: boolean;
}

export interface MergeBranchSignal extends SignalBase {
  kind: 'merge-branch';
  prefixes: Array<[prefix: string, tool: string]>;
}

export interface AdditionSizeSignal extends SignalBase {
  kind: 'addition-size';
  minLines: number;
  factor: number;
  minHistory: number;
}

/** A git-ai authorship note on the commit (`ref`, normally refs/notes/ai). */
export interface GitAiNoteSignal extends SignalBase {
  kind: 'git-ai-note';
  ref: string;
}

/** An agent event captured for the commit that its attestation does not account for. */
export interface CapturedEventSignal extends SignalBase {
  kind: 'captured-event';
}

export type Signal =
  | IdentitySignal
  | TrailerSignal
  | LineSignal
  | MergeBranchSignal
  | AdditionSizeSignal
  | GitAiNoteSignal
  | CapturedEventSignal;

/** The signals by kind, with a cheap prefilter per kind: a commit with no agent trace costs a lookup or two. */
export interface CatalogIndex {
  identity: IdentitySignal[];
  trailer: TrailerSignal[];
  line: LineSignal[];
  mergeBranch: MergeBranchSignal[];
  emails: Set<string>;
  emailSuffixes: string[];
  /** Any identity name pattern; null: no prefilter (a name pattern could not be combined). */
  anyName: RegExp | null;
  /** Any message-line pattern, per flag set; null: no prefilter. */
  anyLine: RegExp[] | null;
}

export interface Catalog {
  revision: string;
  signals: Signal[];
  index: CatalogIndex;
  /** Lower-cased agent name -> tool family. */
  names: Map<string, string>;
  trailerKeys: Set<string>;
  /** Paths whose added lines content signals skip (lockfiles, minified and vendored code). */
  contentIgnore: RegExp[];
}

type Json = Record<string, unknown>;

function fail(source: string, what: string): never {
  throw new AttestError(`signals file ${source}: ${what}. Fix the file (format ${SIGNALS_FORMAT}, see docs/detect.md) and run again.`);
}

function str(source: string, obj: Json, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || !v) fail(source, `${where} needs a non-empty string "${key}"`);
  return v;
}

function strings(source: string, obj: Json, key: string, where: string): string[] {
  const v = obj[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(source, `${where}: "${key}" must be a list of strings`);
  return v as string[];
}

function regex(source: string, text: unknown, flags: string, where: string): RegExp | null {
  if (text === undefined) return null;
  if (typeof text !== 'string') fail(source, `${where}: a pattern must be a string`);
  try {
    // Stateful flags would make one commit's match depend on the previous one's.
    return new RegExp(text, flags.replace(/[gy]/g, ''));
  } catch (e) {
    return fail(source, `${where}: pattern ${JSON.stringify(text)} does not compile (${(e as Error).message})`);
  }
}

function positive(source: string, obj: Json, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !(v > 0)) fail(source, `${where} needs a positive number "${key}"`);
  return v;
}

function compileSignal(source: string, raw: unknown, index: number): Signal {
  if (!raw || typeof raw !== 'object') fail(source, `signals[${index}] is not an object`);
  const s = raw as Json;
  const id = str(source, s, 'id', `signals[${index}]`);
  const where = `signal "${id}"`;
  const kind = s.kind as SignalKind;
  if (!SIGNAL_KINDS.includes(kind)) fail(source, `${where}: kind must be one of ${SIGNAL_KINDS.join(', ')}`);
  const confidence = s.confidence as Confidence;
  if (!CONFIDENCES.includes(confidence)) fail(source, `${where}: confidence must be one of ${CONFIDENCES.join(', ')}`);
  const base: SignalBase = { id, tool: str(source, s, 'tool', where), confidence, about: typeof s.about === 'string' ? s.about : '' };
  const flags = typeof s.flags === 'string' ? s.flags : 'i';
  switch (kind) {
    case 'identity': {
      const ident = s.identity as Json | undefined;
      if (!ident || typeof ident !== 'object') fail(source, `${where} needs an "identity" object`);
      const roles = strings(source, s, 'roles', where) as IdentityRole[];
      if (roles.some((r) => !['author', 'committer', 'trailer'].includes(r)))
        fail(source, `${where}: roles are author, committer, trailer`);
      const out: IdentitySignal = {
        ...base,
        kind,
        roles: roles.length ? roles : ['author', 'committer', 'trailer'],
        emails: new Set(strings(source, ident, 'email', where).map((e) => e.toLowerCase())),
        emailSuffixes: strings(source, ident, 'emailSuffix', where).map((e) => e.toLowerCase()),
        name: regex(source, ident.name, 'iu', where),
        notName: regex(source, ident.notName, 'iu', where),
        all: ident.all === true,
        modelFromName: regex(source, ident.modelFromName, 'iu', where),
      };
      if (!out.emails.size && !out.emailSuffixes.length && !out.name) fail(source, `${where}: identity needs email, emailSuffix or name`);
      return out;
    }
    case 'trailer': {
      const out: TrailerSignal = {
        ...base,
        kind,
        keys: new Set(strings(source, s, 'keys', where).map((k) => k.toLowerCase())),
        keyPattern: regex(source, s.keyPattern, 'i', where),
        value: regex(source, s.value, flags, where),
        agentName: s.agentName === true,
      };
      if (!out.keys.size && !out.keyPattern) fail(source, `${where}: a trailer signal needs "keys" or "keyPattern"`);
      return out;
    }
    case 'line':
    case 'added-line':
      return { ...base, kind, pattern: regex(source, str(source, s, 'pattern', where), flags, where)!, agentName: s.agentName === true };
    case 'merge-branch': {
      const p = s.prefixes as Json | undefined;
      if (!p || typeof p !== 'object') fail(source, `${where} needs "prefixes" {"claude/": "claude-code", ...}`);
      const prefixes = Object.entries(p).map(([k, v]): [string, string] => {
        if (typeof v !== 'string' || !k.endsWith('/')) fail(source, `${where}: each prefix ends with "/" and names a tool`);
        return [k.toLowerCase(), v];
      });
      return { ...base, kind, prefixes };
    }
    case 'addition-size':
      return {
        ...base,
        kind,
        minLines: positive(source, s, 'minLines', where),
        factor: positive(source, s, 'factor', where),
        minHistory: positive(source, s, 'minHistory', where),
      };
    case 'git-ai-note': {
      const ref = str(source, s, 'ref', where);
      if (!ref.startsWith('refs/notes/')) fail(source, `${where}: "ref" must be under refs/notes/`);
      return { ...base, kind, ref };
    }
    case 'captured-event':
      return { ...base, kind };
  }
}

/** Checks and compiles one signals file; `extra` files add signals, and replace those with the same id. */
export function compileCatalog(files: ReadonlyArray<{ source: string; data: unknown }>): Catalog {
  const byId = new Map<string, Signal>();
  const names = new Map<string, string>();
  const trailerKeys = new Set<string>();
  const contentIgnore: RegExp[] = [];
  let revision = '';
  for (const { source, data } of files) {
    if (!data || typeof data !== 'object') fail(source, 'is not a JSON object');
    const file = data as Json;
    if (file.format !== SIGNALS_FORMAT) fail(source, `"format" must be "${SIGNALS_FORMAT}" (found ${JSON.stringify(file.format)})`);
    revision = revision ? `${revision}+${String(file.revision ?? source)}` : String(file.revision ?? '');
    const tools = (file.tools ?? {}) as Json;
    for (const [tool, entry] of Object.entries(tools)) {
      names.set(tool.toLowerCase(), tool);
      for (const name of strings(source, (entry ?? {}) as Json, 'names', `tool "${tool}"`)) names.set(name.toLowerCase(), tool);
    }
    for (const key of strings(source, file, 'trailerKeys', 'the file')) trailerKeys.add(key.toLowerCase());
    for (const pattern of strings(source, file, 'contentIgnore', 'the file'))
      contentIgnore.push(regex(source, pattern, 'i', '"contentIgnore"')!);
    if (!Array.isArray(file.signals)) fail(source, '"signals" must be a list');
    const seen = new Set<string>();
    file.signals.forEach((raw, i) => {
      const signal = compileSignal(source, raw, i);
      if (seen.has(signal.id)) fail(source, `signal id "${signal.id}" appears twice`);
      seen.add(signal.id);
      byId.set(signal.id, signal);
    });
  }
  const signals = [...byId.values()];
  return { revision, signals, names, trailerKeys, contentIgnore, index: indexOf(signals) };
}

/** One alternation of several patterns (named groups made plain), or null when they do not combine. */
function anyOf(patterns: readonly RegExp[], flags: string): RegExp | null {
  if (!patterns.length) return /$^/;
  try {
    return new RegExp(patterns.map((p) => `(?:${p.source.replace(/\(\?<([A-Za-z_$][\w$]*)>/g, '(?:')})`).join('|'), flags);
  } catch {
    return null;
  }
}

function indexOf(signals: readonly Signal[]): CatalogIndex {
  const identity = signals.filter((s): s is IdentitySignal => s.kind === 'identity');
  const line = signals.filter((s): s is LineSignal => s.kind === 'line');
  const byFlags = new Map<string, RegExp[]>();
  for (const s of line) (byFlags.get(s.pattern.flags) ?? byFlags.set(s.pattern.flags, []).get(s.pattern.flags)!).push(s.pattern);
  const anyLine = [...byFlags].map(([flags, patterns]) => anyOf(patterns, flags));
  // A name pattern that only holds together with an email (all: true) still prefilters by its name.
  const names = identity.map((s) => s.name).filter((r): r is RegExp => r !== null);
  return {
    identity,
    trailer: signals.filter((s): s is TrailerSignal => s.kind === 'trailer'),
    line,
    mergeBranch: signals.filter((s): s is MergeBranchSignal => s.kind === 'merge-branch'),
    emails: new Set(identity.flatMap((s) => [...s.emails])),
    emailSuffixes: [...new Set(identity.flatMap((s) => s.emailSuffixes))],
    anyName: anyOf(names, 'iu'),
    anyLine: anyLine.some((r) => r === null) ? null : (anyLine as RegExp[]),
  };
}

let builtInCatalog: Catalog | undefined;

/** The catalog shipped with this version (signals/ai-signals.json). */
export function defaultCatalog(): Catalog {
  builtInCatalog ??= compileCatalog([{ source: 'signals/ai-signals.json (built in)', data: builtIn }]);
  return builtInCatalog;
}

/** The built-in catalog plus a team's own files (already parsed JSON). */
export function catalogWith(extra: ReadonlyArray<{ source: string; data: unknown }>): Catalog {
  if (!extra.length) return defaultCatalog();
  return compileCatalog([{ source: 'signals/ai-signals.json (built in)', data: builtIn }, ...extra]);
}
