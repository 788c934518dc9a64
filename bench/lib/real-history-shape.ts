import { mulberry32 } from '../../src/core/random.js';
import {
  ACCENTED_PEOPLE,
  bodyText,
  DEPENDABOT,
  disclosure,
  humanTrailers,
  MAINTAINERS,
  makePeople,
  ODD_SUBJECTS,
  pick,
  subjectLine,
  type Person,
} from './real-history-text.js';

/** What a generated history holds, counted while writing it: the answers a correct reader gives. */
export interface RealHistoryFacts {
  commits: number;
  merges: number;
  /** Merges of three or more parents. */
  octopusMerges: number;
  maxParents: number;
  /** Commits that rename a file (`R` in fast-import; git -M finds them again). */
  renames: number;
  /** Commits that add or change a binary file (the root commit adds several). */
  binaryCommits: number;
  /** Commits whose message has more than 40 lines. */
  longMessages: number;
  /** Commits whose author name is Latin-1 bytes without an `encoding` header. */
  latin1Authors: number;
  /** Commits with an `encoding` header (ISO-8859-1, Shift_JIS) and text in that encoding. */
  encodedCommits: number;
  /** Commits with control characters, bidi overrides or other hostile text in the subject. */
  oddSubjects: number;
  /** The one commit that adds a generated file of `bigCommitLines` lines. */
  bigCommitLines: number;
  /** Non-merge commits that disclose an agent (co-author trailer, agent author, footer). */
  disclosed: number;
  disclosedByTool: Record<string, number>;
  /** Commits by an automation account (dependabot): not AI. */
  botCommits: number;
  /** Distinct author emails. */
  authors: number;
  /** First and last author time (seconds). */
  firstTime: number;
  lastTime: number;
}

export interface ShapeOptions {
  commits: number;
  seed: number;
}

/** Sizes of the generated project; the ratios follow a large public history (a quarter merges). */
const INITIAL_FILES = 600;
const BIG_FILE_LINES = 21_000;
const START = Date.UTC(2012, 0, 2) / 1000;
const ZONES = ['+0000', '+0100', '+0200', '-0500', '-0700', '+0530', '+0900', '-0300'];
const TOP = ['src/net', 'src/fs', 'src/core', 'src/ui', 'src/auth', 'src/authorship', 'src/crypto', 'lib', 'docs', 'test', 'scripts'];
/** Paths that need quoting or carry bytes beyond ASCII. */
const ODD_PATHS = [
  'docs/guides/naïve approach.md',
  'test/fixtures/quote"name.txt',
  'src/ui/ünïcödé/ファイル.ts',
  'scripts/with space/run it.sh',
];

interface FileState {
  path: string;
  /** null: binary. */
  lines: string[] | null;
  binary?: Buffer;
  mark: number;
  /** Main-line sequence number of the commit that last changed it on main. */
  changedAt: number;
  /** Never edited again (the 21,000-line generated file). */
  frozen?: boolean;
}

/** `fresh`: the blob is new and written before the commit; otherwise it is already in the stream. */
type Change = { kind: 'M'; file: FileState; fresh: boolean } | { kind: 'D'; path: string } | { kind: 'R'; from: string; to: string };

/**
 * A `git fast-import` stream of a history shaped like a large public project, one chunk per
 * commit, and its facts once done. Deterministic for (commits, seed).
 *
 * Shape: a main line where 40% of the steps are direct commits and the rest merge topic branches
 * (1-3 commits, forked up to 40 main commits back, touching only files main has not changed since
 * the fork, so every merge's tree is git's own merge result); 1 in 30 merges is an octopus of
 * 2-4 topics. Files are added, edited, renamed (with and without edits), deleted, and some are
 * binary. A third of the non-merge commits disclose an agent.
 */
export function* fastImportStream(options: ShapeOptions): Generator<Buffer, RealHistoryFacts> {
  const rand = mulberry32(options.seed);
  // Thousands of contributors, a few of them prolific (as in large public histories).
  const people = makePeople(rand, 3000);
  const facts: RealHistoryFacts = {
    commits: 0,
    merges: 0,
    octopusMerges: 0,
    maxParents: 1,
    renames: 0,
    binaryCommits: 0,
    longMessages: 0,
    latin1Authors: 0,
    encodedCommits: 0,
    oddSubjects: 0,
    bigCommitLines: 0,
    disclosed: 0,
    disclosedByTool: {},
    botCommits: 0,
    authors: 0,
    firstTime: Infinity,
    lastTime: -Infinity,
  };
  const authorEmails = new Set<string>();
  const files = new Map<string, FileState>();
  const live: string[] = [];
  const liveIndex = new Map<string, number>();
  let nextMark = 1;
  let clock = START;
  let serial = 0;
  const mainMarks: number[] = [];
  const bigAt = Math.floor(options.commits * 0.6);
  const oddEvery = Math.max(50, Math.floor(options.commits / 200));

  const addLive = (path: string) => {
    liveIndex.set(path, live.length);
    live.push(path);
  };
  const dropLive = (path: string) => {
    const i = liveIndex.get(path)!;
    const last = live.pop()!;
    if (last !== path) {
      live[i] = last;
      liveIndex.set(last, i);
    }
    liveIndex.delete(path);
  };
  const line = () => `  v${serial++} = ${pick(rand, ['compute', 'lookup', 'merge', 'parse', 'emit'])}(${Math.floor(rand() * 1000)});`;
  const blob = (file: FileState): Buffer => {
    file.mark = nextMark++;
    const data = file.lines ? Buffer.from(`${file.lines.join('\n')}\n`) : file.binary!;
    return Buffer.concat([Buffer.from(`blob\nmark :${file.mark}\ndata ${data.length}\n`), data, Buffer.from('\n')]);
  };
  const newPath = (dir?: string) =>
    `${dir ?? pick(rand, TOP)}/${pick(rand, ['util', 'handler', 'state', 'io', 'model', 'view'])}${serial++}.ts`;
  const newText = (path: string, count: number): FileState => ({
    path,
    lines: Array.from({ length: count }, line),
    mark: 0,
    changedAt: -1,
  });
  const newBinary = (path: string): FileState => {
    const size = 200 + Math.floor(rand() * 4000);
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = Math.floor(rand() * 256);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]).copy(bytes);
    return { path, lines: null, binary: bytes, mark: 0, changedAt: -1 };
  };
  const edit = (file: FileState): FileState => {
    const lines = [...file.lines!];
    const edits = 1 + Math.floor(rand() * 4);
    for (let e = 0; e < edits; e++) lines[Math.floor(rand() * lines.length)] = line();
    for (let e = Math.floor(rand() * 3); e > 0; e--) lines.splice(Math.floor(rand() * (lines.length + 1)), 0, line());
    const cut = lines.length > 80 ? 10 : Math.floor(rand() * 2);
    if (lines.length > cut + 3) lines.splice(Math.floor(rand() * (lines.length - cut)), cut);
    return { ...file, lines };
  };
  const editOneLine = (file: FileState): FileState => {
    const lines = [...file.lines!];
    lines[Math.floor(rand() * lines.length)] = line();
    return { ...file, lines };
  };
  /** A live text file main has not changed since main commit `since`. */
  const eligible = (since: number, taken: Set<string>): FileState | null => {
    for (let tries = 0; tries < 40; tries++) {
      const f = files.get(live[Math.floor(rand() * live.length)]!)!;
      if (f.lines && !f.frozen && f.changedAt <= since && !taken.has(f.path)) return f;
    }
    return null;
  };

  /** One non-merge commit's changes on top of main's files overlaid with the branch's own (`overlay`, updated). */
  const changeSet = (since: number, overlay: Map<string, FileState | null>, taken: Set<string>, index: number): Change[] => {
    const changes: Change[] = [];
    const current = (path: string) => (overlay.has(path) ? overlay.get(path)! : files.get(path)!);
    // What the branch changed before this commit (files this commit adds are not edited twice).
    const ownFiles = [...overlay.values()].filter((v): v is FileState => v?.lines != null && !v.frozen);
    if (!facts.bigCommitLines && index >= bigAt) {
      const big: FileState = {
        path: 'src/generated/tables.c',
        lines: Array.from({ length: BIG_FILE_LINES }, line),
        mark: 0,
        changedAt: -1,
        frozen: true,
      };
      overlay.set(big.path, big);
      facts.bigCommitLines = BIG_FILE_LINES;
      return [{ kind: 'M', file: big, fresh: true }];
    }
    const r = rand();
    if (r < 0.015) {
      const f = eligible(since, taken);
      if (f) {
        const to = rand() < 0.5 ? newPath(f.path.slice(0, f.path.lastIndexOf('/'))) : newPath();
        taken.add(f.path);
        taken.add(to);
        const editedToo = rand() < 0.5;
        // One line at most, so that git's rename detection (50% similar) finds every rename.
        const moved = editedToo ? { ...editOneLine(current(f.path)!), path: to } : { ...current(f.path)!, path: to };
        overlay.set(f.path, null);
        overlay.set(to, moved);
        changes.push({ kind: 'R', from: f.path, to });
        if (editedToo) changes.push({ kind: 'M', file: moved, fresh: true });
        facts.renames++;
      }
    } else if (r < 0.025) {
      const f = eligible(since, taken);
      if (f) {
        taken.add(f.path);
        overlay.set(f.path, null);
        changes.push({ kind: 'D', path: f.path });
      }
    } else if (r < 0.035) {
      let path = `assets/img${serial++}.png`;
      for (let tries = 0; tries < 20; tries++) {
        const candidate = files.get(live[Math.floor(rand() * live.length)]!)!;
        if (!candidate.lines && candidate.changedAt <= since && !taken.has(candidate.path)) {
          path = candidate.path;
          break;
        }
      }
      const f = newBinary(path);
      taken.add(path);
      overlay.set(path, f);
      changes.push({ kind: 'M', file: f, fresh: true });
      facts.binaryCommits++;
    }
    if (rand() < 0.05 || index % oddEvery === 7) {
      const path = index % oddEvery === 7 ? ODD_PATHS[Math.floor(index / oddEvery) % ODD_PATHS.length]! : newPath();
      if (!files.has(path) && !overlay.has(path) && !taken.has(path)) {
        const f = newText(path, 5 + Math.floor(rand() * 40));
        taken.add(path);
        overlay.set(path, f);
        changes.push({ kind: 'M', file: f, fresh: true });
      }
    }
    const edits = rand() < 0.002 ? 60 + Math.floor(rand() * 60) : 1 + Math.floor(rand() * rand() * 4);
    const editedNow = new Set<string>();
    for (let e = 0; e < edits; e++) {
      // A topic's later commits often come back to the files it already changed.
      const own = ownFiles.length && rand() < 0.3 ? ownFiles[Math.floor(rand() * ownFiles.length)]! : null;
      const f = own && !editedNow.has(own.path) ? current(own.path) : eligible(since, taken);
      if (!f?.lines || editedNow.has(f.path)) continue;
      taken.add(f.path);
      editedNow.add(f.path);
      const changed = edit(f);
      overlay.set(f.path, changed);
      changes.push({ kind: 'M', file: changed, fresh: true });
    }
    return changes;
  };

  const personLine = (role: string, p: Person, time: number, encoding: 'utf8' | 'latin1' | 'Shift_JIS'): Buffer => {
    const zone = ZONES[Math.abs(hashOf(p.email)) % ZONES.length]!;
    const name = encoding === 'latin1' ? Buffer.from(p.name, 'latin1') : encoding === 'Shift_JIS' ? shiftJis(p.name) : Buffer.from(p.name);
    return Buffer.concat([Buffer.from(`${role} `), name, Buffer.from(` <${p.email}> ${time} ${zone}\n`)]);
  };

  interface CommitSpec {
    parents: number[];
    changes: Change[];
    author: Person;
    committer: Person;
    authorTime: number;
    commitTime: number;
    message: string;
    latin1Author?: boolean;
    encoding?: 'ISO-8859-1' | 'Shift_JIS';
  }
  const writeCommit = (spec: CommitSpec): { mark: number; chunk: Buffer } => {
    const parts: Buffer[] = [];
    for (const c of spec.changes) if (c.kind === 'M' && c.fresh) parts.push(blob(c.file));
    const mark = nextMark++;
    parts.push(Buffer.from(`commit refs/heads/main\nmark :${mark}\n`));
    const names = spec.encoding === 'ISO-8859-1' || spec.latin1Author ? 'latin1' : spec.encoding === 'Shift_JIS' ? 'Shift_JIS' : 'utf8';
    parts.push(personLine('author', spec.author, spec.authorTime, names));
    parts.push(personLine('committer', spec.committer, spec.commitTime, spec.encoding ? names : 'utf8'));
    if (spec.encoding) parts.push(Buffer.from(`encoding ${spec.encoding}\n`));
    const message =
      spec.encoding === 'ISO-8859-1'
        ? Buffer.from(spec.message, 'latin1')
        : spec.encoding
          ? shiftJis(spec.message)
          : Buffer.from(spec.message);
    parts.push(Buffer.from(`data ${message.length}\n`), message, Buffer.from('\n'));
    if (spec.parents.length) parts.push(Buffer.from(`from :${spec.parents[0]}\n`));
    for (const p of spec.parents.slice(1)) parts.push(Buffer.from(`merge :${p}\n`));
    for (const c of spec.changes) {
      if (c.kind === 'M')
        parts.push(Buffer.from(`M ${c.file.path.endsWith('.sh') ? '100755' : '100644'} :${c.file.mark} ${quote(c.file.path)}\n`));
      else if (c.kind === 'D') parts.push(Buffer.from(`D ${quote(c.path)}\n`));
      else parts.push(Buffer.from(`R ${quote(c.from)} ${quote(c.to)}\n`));
    }
    parts.push(Buffer.from('\n'));
    facts.commits++;
    if (spec.parents.length > 1) {
      facts.merges++;
      if (spec.parents.length > 2) facts.octopusMerges++;
      facts.maxParents = Math.max(facts.maxParents, spec.parents.length);
    }
    if (spec.message.split('\n').length > 40) facts.longMessages++;
    authorEmails.add(spec.author.email.toLowerCase());
    facts.firstTime = Math.min(facts.firstTime, spec.authorTime);
    facts.lastTime = Math.max(facts.lastTime, spec.authorTime);
    return { mark, chunk: Buffer.concat(parts) };
  };

  /** A non-merge commit's author, message and metadata, with its disclosure drawn. */
  const authored = (index: number, parents: number[], changes: Change[]): CommitSpec => {
    clock += 60 + Math.floor(rand() * 7200);
    let author = people[Math.floor(people.length * rand() ** 2.5)]!;
    const committer = rand() < 0.7 ? author : pick(rand, MAINTAINERS);
    // Rebased patches keep an author date older than their parents'.
    const authorTime = rand() < 0.01 ? clock - Math.floor(rand() * 90 * 86400) : clock;
    let subject = subjectLine(rand);
    let body = '';
    const trailers: string[] = [];
    let footer = '';
    let latin1Author = false;
    let encoding: CommitSpec['encoding'];
    const bot = rand() < 0.02;
    let disclosing = false;
    if (bot) {
      author = DEPENDABOT;
      subject = `build(deps): bump lib${Math.floor(rand() * 50)} from 1.${Math.floor(rand() * 9)}.0 to 1.${Math.floor(rand() * 9) + 1}.0`;
      facts.botCommits++;
    } else if (rand() < 1 / 3) {
      const d = disclosure(rand, author);
      trailers.push(...d.trailers);
      if (d.footer) footer = d.footer;
      if (d.author) author = d.author;
      if (d.authorSuffix) author = { name: `${author.name}${d.authorSuffix}`, email: author.email };
      disclosing = true;
      facts.disclosed++;
      facts.disclosedByTool[d.tool] = (facts.disclosedByTool[d.tool] ?? 0) + 1;
    }
    if (!bot) trailers.push(...humanTrailers(rand, people, author));
    const r = rand();
    if (r < 0.02) body = bodyText(rand, 41 + Math.floor(rand() * 400));
    else if (r < 0.7) body = bodyText(rand, 1 + Math.floor(rand() * 6));
    if (index % oddEvery === 3) {
      subject = ODD_SUBJECTS[Math.floor(index / oddEvery) % ODD_SUBJECTS.length]!;
      facts.oddSubjects++;
    } else if (index % oddEvery === 5 && !bot && !disclosing) {
      author = pick(rand, ACCENTED_PEOPLE);
      latin1Author = true;
      facts.latin1Authors++;
    } else if (index % oddEvery === 11 && !bot && !disclosing) {
      encoding = Math.floor(index / oddEvery) % 4 === 0 ? 'Shift_JIS' : 'ISO-8859-1';
      // Only text the encoding can hold: subject and author below, nothing else.
      body = '';
      trailers.length = 0;
      subject = encoding === 'Shift_JIS' ? 'ドキュメントを更新' : 'docs: résumé of the café changes';
      author =
        encoding === 'Shift_JIS'
          ? { name: '山田太郎', email: 'yamada@example.jp' }
          : { name: 'Renée Côté', email: 'renee.cote@example.org' };
      facts.encodedCommits++;
    }
    if (changes.some((c) => c.kind === 'M' && c.file.frozen)) subject = 'generated: import the 21,000-line tables';
    const message = [subject, body, footer, trailers.join('\n')].filter(Boolean).join('\n\n');
    return {
      parents,
      changes,
      author,
      committer,
      authorTime,
      commitTime: clock,
      message: `${message}\n`,
      latin1Author,
      ...(encoding ? { encoding } : {}),
    };
  };

  const land = (overlay: Map<string, FileState | null>, seq: number) => {
    for (const [path, f] of overlay) {
      if (f === null) {
        if (files.has(path)) {
          files.delete(path);
          dropLive(path);
        }
        continue;
      }
      f.changedAt = seq;
      if (!files.has(path)) addLive(path);
      files.set(path, f);
    }
  };

  // The root commit: the project as first imported.
  {
    const overlay = new Map<string, FileState | null>();
    const changes: Change[] = [];
    for (let i = 0; i < INITIAL_FILES; i++) {
      const f = i % 60 === 0 ? newBinary(`assets/icon${i}.png`) : newText(newPath(), 8 + Math.floor(rand() * 40));
      overlay.set(f.path, f);
      changes.push({ kind: 'M', file: f, fresh: true });
    }
    const founder = people[people.length - 1]!;
    const { mark, chunk } = writeCommit({
      parents: [],
      changes,
      author: founder,
      committer: founder,
      authorTime: clock,
      commitTime: clock,
      message: 'Initial import\n',
    });
    facts.binaryCommits++;
    land(overlay, 0);
    mainMarks.push(mark);
    yield chunk;
  }

  while (facts.commits < options.commits) {
    const left = options.commits - facts.commits;
    const seq = mainMarks.length;
    const tip = mainMarks[seq - 1]!;
    const r = rand();
    if (r < 0.4 || left < 3) {
      const overlay = new Map<string, FileState | null>();
      const changes = changeSet(seq - 1, overlay, new Set(), facts.commits);
      const { mark, chunk } = writeCommit(authored(facts.commits, [tip], changes));
      land(overlay, seq);
      mainMarks.push(mark);
      yield chunk;
      continue;
    }
    const octopus = r > 0.98 && left > 12;
    const topics = octopus ? 2 + Math.floor(rand() * 3) : 1;
    const taken = new Set<string>();
    const merged = new Map<string, FileState | null>();
    const tips: number[] = [];
    for (let t = 0; t < topics; t++) {
      // Octopus topics start from the tip; single topics from up to 40 main commits back.
      const forkSeq = octopus ? seq - 1 : Math.max(0, seq - 1 - Math.floor(rand() * rand() * 40));
      let parent = mainMarks[forkSeq]!;
      const overlay = new Map<string, FileState | null>();
      const length = Math.min(1 + Math.floor(rand() * 3), options.commits - facts.commits - 1);
      for (let c = 0; c < length; c++) {
        const changes = changeSet(forkSeq, overlay, taken, facts.commits);
        const { mark, chunk } = writeCommit(authored(facts.commits, [parent], changes));
        parent = mark;
        yield chunk;
      }
      if (length > 0) tips.push(parent);
      for (const [path, f] of overlay) merged.set(path, f);
    }
    if (!tips.length) continue;
    clock += 30 + Math.floor(rand() * 600);
    const maintainer = pick(rand, MAINTAINERS);
    const names = tips.map(() => `topic-${serial++}`);
    const message =
      tips.length > 1
        ? `Merge branches ${names.map((n) => `'${n}'`).join(', ')}\n`
        : rand() < 0.5
          ? `Merge branch '${names[0]}'\n`
          : `Merge pull request #${serial++} from example/${names[0]}\n\n${subjectLine(rand)}\n`;
    const changes: Change[] = [...merged].map(([path, f]) => (f === null ? { kind: 'D', path } : { kind: 'M', file: f, fresh: false }));
    const { mark, chunk } = writeCommit({
      parents: [tip, ...tips],
      changes,
      author: maintainer,
      committer: maintainer,
      authorTime: clock,
      commitTime: clock,
      message,
    });
    land(merged, seq);
    mainMarks.push(mark);
    yield chunk;
  }
  facts.authors = authorEmails.size;
  return facts;
}

/** fast-import's C-style quoting: always quoted, so spaces, quotes and bytes beyond ASCII pass. */
function quote(path: string): string {
  return `"${path
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')}"`;
}

/** The two Shift_JIS strings the generator writes, encoded by table (Node has no Shift_JIS encoder). */
function shiftJis(text: string): Buffer {
  const table: Record<string, number[]> = {
    ドキュメントを更新: [0x83, 0x68, 0x83, 0x4c, 0x83, 0x85, 0x83, 0x81, 0x83, 0x93, 0x83, 0x67, 0x82, 0xf0, 0x8d, 0x58, 0x90, 0x56],
    山田太郎: [0x8e, 0x52, 0x93, 0x63, 0x91, 0xbe, 0x98, 0x59],
  };
  const lines = text.split('\n');
  return Buffer.concat(
    lines.map((l, i) =>
      Buffer.concat([table[l] ? Buffer.from(table[l]!) : Buffer.from(l, 'latin1'), Buffer.from(i < lines.length - 1 ? '\n' : '')]),
    ),
  );
}

function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
