import { ownString } from '../core/own-string.js';
import { toolOfName } from './agent-name.js';
import {
  defaultCatalog,
  type Catalog,
  type Confidence,
  type IdentityRole,
  type IdentitySignal,
  type LineSignal,
  type SignalKind,
} from './catalog.js';

/** One piece of evidence that AI was involved in a commit. */
export interface SignalHit {
  /** Signal id from the catalog, e.g. `identity.claude`. */
  signal: string;
  kind: SignalKind | 'git-ai-note' | 'captured-event';
  /** Tool family (`claude-code`, `cursor`, ...), `ai` when the tool is unknown, `bot` for automation. */
  tool: string;
  /** False when the evidence names an agent the catalog does not know (reported by its own name). */
  known: boolean;
  /** Model id, when the evidence names one (Aider's co-author line, `Assisted-by: TOOL:MODEL`). */
  model?: string;
  confidence: Confidence;
  /** Where the evidence is: `author`, `committer`, `message line 7`, `merge subject`, `path:line`. */
  where: string;
  /** The text quoted as evidence (untrusted repository text: escape before printing). */
  evidence: string;
}

/** The parts of a commit the message-level signals read (CommitRecord has them all). */
export interface CommitFacts {
  message: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
}

const QUOTE_MAX = 200;

function quote(text: string): string {
  const t = text.trim();
  return t.length > QUOTE_MAX ? `${t.slice(0, QUOTE_MAX - 1)}…` : t;
}

function identityMatch(s: IdentitySignal, name: string, email: string): RegExpExecArray | true | null {
  const e = email.trim().toLowerCase();
  const emailGiven = s.emails.size > 0 || s.emailSuffixes.length > 0;
  const emailOk = emailGiven && e !== '' && (s.emails.has(e) || s.emailSuffixes.some((x) => e.endsWith(x)));
  const nameExec = s.name ? s.name.exec(name.trim()) : null;
  if (s.notName?.test(name.trim())) return null;
  if (s.all) {
    if ((emailGiven && !emailOk) || (s.name && !nameExec)) return null;
    return nameExec ?? true;
  }
  if (emailOk) return nameExec ?? true;
  return nameExec;
}

/** Signals a single identity (`Name <email>`) gives in one role. */
export function signalsOfIdentity(
  name: string,
  email: string,
  role: IdentityRole,
  where: string = role,
  catalog: Catalog = defaultCatalog(),
  evidence?: string,
): SignalHit[] {
  const matches = identityMatches(name, email, role, catalog);
  if (!matches.length) return [];
  // Quoted only for a hit: most commits' identities name no agent.
  const quoted = quote(evidence ?? `${name} <${email}>`);
  return matches.map(({ s, model }) => ({
    signal: s.id,
    kind: 'identity' as const,
    tool: s.tool,
    known: true,
    ...(model ? { model } : {}),
    confidence: s.confidence,
    where,
    evidence: quoted,
  }));
}

type IdentityMatch = { s: IdentitySignal; model?: string | undefined };
const NO_MATCH: readonly IdentityMatch[] = Object.freeze([]);
/** Per catalog, the matches of identities seen: a range repeats a few authors thousands of times. */
const identityMemo = new WeakMap<Catalog, IdentityMemo>();
const MEMO_MAX = 10_000;

interface IdentityMemo {
  seen: Map<string, readonly IdentityMatch[]>;
  /** The identity asked about last: consecutive commits mostly share theirs, and comparing costs less than a key. */
  last: { role: IdentityRole; name: string; email: string; found: readonly IdentityMatch[] } | null;
}

function identityMatches(name: string, email: string, role: IdentityRole, catalog: Catalog): readonly IdentityMatch[] {
  let memo = identityMemo.get(catalog);
  if (!memo) identityMemo.set(catalog, (memo = { seen: new Map(), last: null }));
  const last = memo.last;
  if (last && last.role === role && last.name === name && last.email === email) return last.found;
  const key = `${role}\0${name}\0${email}`;
  let found = memo.seen.get(key);
  if (!found) {
    if (memo.seen.size >= MEMO_MAX) memo.seen.clear();
    found = matchIdentity(name, email, role, catalog);
    // Copies: a key made of slices of git's output would keep a whole chunk of the log alive per identity.
    memo.seen.set(ownString(key), found);
  }
  memo.last = { role, name: ownString(name), email: ownString(email), found };
  return found;
}

function matchIdentity(name: string, email: string, role: IdentityRole, catalog: Catalog): readonly IdentityMatch[] {
  const ix = catalog.index;
  const e = email.trim().toLowerCase();
  if (!ix.emails.has(e) && !ix.emailSuffixes.some((x) => e.endsWith(x)) && ix.anyName !== null && !ix.anyName.test(name.trim()))
    return NO_MATCH;
  let out: IdentityMatch[] = [];
  for (const s of ix.identity) {
    if (!s.roles.includes(role)) continue;
    if (!identityMatch(s, name, email)) continue;
    const model = s.modelFromName?.exec(name)?.groups?.model?.trim();
    out.push({ s, model: model === undefined ? undefined : ownString(model) });
  }
  // copilot-swe-agent[bot] is Copilot: the generic automation signal adds nothing to a known agent.
  if (out.some((m) => m.s.tool !== 'bot')) out = out.filter((m) => m.s.tool !== 'bot');
  return out.length ? out : NO_MATCH;
}

const IDENTITY = /^(.*?)\s*<([^<>]*)>\s*$/;

/**
 * Signals of one trailer (`Co-authored-by`, `Assisted-by`, ...): the identity it names, the
 * `AGENT:MODEL` form, an agent named by name, a key that itself declares AI. For the trailers
 * and histories code that wants "does this typed trailer name an agent?".
 */
export function signalsOfTrailer(key: string, value: string, catalog: Catalog = defaultCatalog(), where = `trailer ${key}`): SignalHit[] {
  const k = key.trim().toLowerCase();
  const out: SignalHit[] = [];
  const ident = IDENTITY.exec(value);
  // Quoted only for a hit: most trailer lines of a range name no agent.
  let quoted: string | undefined;
  const evidence = () => (quoted ??= quote(`${key}: ${value}`));
  if (ident && catalog.trailerKeys.has(k)) out.push(...signalsOfIdentity(ident[1]!, ident[2]!, 'trailer', where, catalog, evidence()));
  const identified = out.length > 0;
  for (const s of catalog.index.trailer) {
    if (!(s.keys.has(k) || s.keyPattern?.test(k))) continue;
    const m = s.value ? s.value.exec(value) : null;
    if (s.value && !m) continue;
    let tool = s.tool;
    let known = true;
    if (s.agentName) {
      // An identity signal on the same line already said who it is, with more confidence.
      if (identified) continue;
      const named = toolOfName(ident ? ident[1]! : value, catalog);
      if (!named) continue;
      tool = named;
    } else if (tool === '*') {
      const agent = m?.groups?.agent ?? '';
      const named = toolOfName(agent.replace(/[-_]/g, ' '), catalog) ?? toolOfName(agent, catalog);
      tool = named ?? agent.toLowerCase();
      known = named !== null;
    }
    const model = m?.groups?.model;
    out.push({
      signal: s.id,
      kind: 'trailer',
      tool,
      known,
      ...(model ? { model } : {}),
      confidence: s.confidence,
      where,
      evidence: evidence(),
    });
  }
  return out;
}

const AI_ATTEST_LINE = /^Ai-Attest/i;
/**
 * Per catalog, the hits of message lines with a colon that gave any, `where` aside: a range
 * repeats a few attribution lines thousands of times (each hit is a fresh copy with its own `where`).
 */
const lineMemo = new WeakMap<Catalog, Map<string, readonly SignalHit[]>>();

/** A hit that shares no storage with git's output (see ownString), its keys in the same order. */
function ownHit(h: SignalHit): SignalHit {
  return {
    ...h,
    tool: ownString(h.tool),
    ...(h.model === undefined ? {} : { model: ownString(h.model) }),
    evidence: ownString(h.evidence),
  };
}
const TRAILER_LINE = /^\s*([A-Za-z0-9][A-Za-z0-9-]*)\s*:\s*(.*?)\s*$/;

function lineHit(s: LineSignal, line: string, where: string, catalog: Catalog): SignalHit | null {
  const m = s.pattern.exec(line);
  if (!m) return null;
  let tool = s.tool;
  if (s.agentName || tool === '*') {
    const named = toolOfName(m.groups?.agent ?? '', catalog);
    if (!named) return null;
    tool = named;
  }
  const model = m.groups?.model;
  return {
    signal: s.id,
    kind: s.kind,
    tool,
    known: true,
    ...(model ? { model } : {}),
    confidence: s.confidence,
    where,
    evidence: quote(line),
  };
}

/** The hits of the catalog's line signals on one message line, told to `found` in the catalog's order. */
function lineSignalHits(line: string, n: number, catalog: Catalog, found: (hit: SignalHit) => void): void {
  const anyLine = catalog.index.anyLine;
  if (anyLine && !anyLine.some((r) => r.test(line))) return;
  const where = `message line ${n}`;
  for (const s of catalog.index.line) {
    const hit = lineHit(s, line, where, catalog);
    if (hit) found(hit);
  }
}

/** Branch names a merge subject names (`Merge pull request #1 from owner/branch`, `Merge branch 'x'`). */
export function mergedBranches(subject: string): string[] {
  const pr = /^Merge pull request #\d+ from ([^\s/]+)\/(\S+)/.exec(subject);
  if (pr) return [pr[2]!];
  const remote = /^Merge remote-tracking branch '[^'/]+\/([^']+)'/.exec(subject);
  if (remote) return [remote[1]!];
  if (/^Merge branch(?:es)? '/.test(subject)) {
    const head = subject.split(/ into '/)[0]!;
    return [...head.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
  }
  return [];
}

/** Message-level signals of a commit: its identities, attribution trailers, footers and links, merge subject. */
export function signalsOfCommit(facts: CommitFacts, catalog: Catalog = defaultCatalog()): SignalHit[] {
  let out: SignalHit[] = signalsOfIdentity(facts.authorName, facts.authorEmail, 'author', 'author', catalog);
  const sameIdentity = facts.committerName === facts.authorName && facts.committerEmail === facts.authorEmail;
  if (!sameIdentity) {
    const committer = signalsOfIdentity(facts.committerName, facts.committerEmail, 'committer', 'committer', catalog);
    if (committer.length) out = out.length ? [...out, ...committer] : committer;
  }

  const message = facts.message;
  let memo = lineMemo.get(catalog);
  if (!memo) lineMemo.set(catalog, (memo = new Map()));
  // A squash merge repeats the same co-author line once per squashed commit: one hit per text.
  let seen: Set<string> | null = null;
  const keep = (h: SignalHit) => {
    const key = `${h.signal}\0${h.evidence}`;
    if ((seen ??= new Set()).has(key)) return;
    seen.add(key);
    out.push(h);
  };
  const visit = (line: string, n: number) => {
    // Blank lines, and ai-attest's own trailers (most lines of an attested message), name no agent.
    const c = line.charCodeAt(0);
    if (!(c > 32 && c < 127) && !line.trim()) return;
    if ((c === 65 || c === 97) && AI_ATTEST_LINE.test(line)) return;
    // A trailer has a colon: the cheap test first, on every line of every commit.
    if (!line.includes(':')) return lineSignalHits(line, n, catalog, keep);
    const where = `message line ${n}`;
    const known = memo.get(line);
    if (known) {
      for (const h of known) keep({ ...h, where });
      return;
    }
    const hits: SignalHit[] = [];
    const trailer = TRAILER_LINE.exec(line);
    if (trailer) hits.push(...signalsOfTrailer(trailer[1]!, trailer[2]!, catalog, where));
    lineSignalHits(line, n, catalog, (hit) => hits.push(hit));
    // Lines that name an agent repeat (the same co-author line on many commits); the rest are not
    // kept. Copies, of strings too: a slice of git's output would keep its whole chunk alive.
    if (hits.length) {
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(ownString(line), hits.map(ownHit));
    }
    for (const h of hits) keep(h);
  };
  let subject: string;
  if (message.includes('\r')) {
    const lines = message.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length; i++) visit(lines[i]!, i + 1);
    subject = lines[0] ?? '';
  } else {
    // Lines by indexOf, no array of them; ai-attest's own lines are passed over before they are cut out.
    let end = message.indexOf('\n');
    subject = end === -1 ? message : message.slice(0, end);
    visit(subject, 1);
    for (let n = 2, start = end + 1; end !== -1; n++, start = end + 1) {
      end = message.indexOf('\n', start);
      if (message.startsWith('Ai-Attest', start)) continue;
      visit(end === -1 ? message.slice(start) : message.slice(start, end), n);
    }
  }

  const branches = subject.startsWith('Merge ') ? mergedBranches(subject) : [];
  if (branches.length) {
    for (const s of catalog.index.mergeBranch) {
      for (const branch of branches) {
        const lower = branch.toLowerCase();
        const hit = s.prefixes.find(([prefix]) => lower.startsWith(prefix));
        if (hit)
          out.push({
            signal: s.id,
            kind: 'merge-branch',
            tool: hit[1],
            known: true,
            confidence: s.confidence,
            where: 'merge subject',
            evidence: quote(subject),
          });
      }
    }
  }
  return out;
}
