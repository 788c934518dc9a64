import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/architecture.md's folder table is the layering contract; this keeps it true as rooms are added.
const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const specifier =
  /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function edgesOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  for (const match of text.matchAll(specifier)) {
    const target = match[2] ?? match[3]!;
    const resolved = normalize(join(dirname(file), target)).replace(/\.js$/, '.ts');
    edges.push({ from: file, to: resolved, typeOnly: Boolean(match[1]) });
  }
  return edges;
}

/** `src/read/verify/cache.ts` -> `read`; `src/errors.ts` -> `errors`; data files outside src/ -> `data`. */
function roomOf(file: string): string {
  const path = relative(src, file);
  if (path.startsWith('..')) return 'data';
  const [first, second] = path.split('/');
  return second === undefined ? first!.replace(/\.ts$/, '') : first!;
}

// src/cli.ts is the entry point: it wires every command, as a composition root may; src/lean.ts
// is the read commands' lean start (the same commands, without commander) and the pre-push hook.
const entryPoints = new Set(['cli', 'lean']);

function declaredRooms(): Map<string, Set<string> | 'everything'> {
  const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
  const rooms = new Map<string, Set<string> | 'everything'>();
  for (const line of doc.split('\n')) {
    const row = /^\| `src\/([a-z-]+)\/` \|.*\| ([^|]+) \|$/.exec(line);
    if (!row) continue;
    const allowed = row[2]!.trim();
    if (allowed === 'everything') rooms.set(row[1]!, 'everything');
    else if (allowed === 'nothing outside core') rooms.set(row[1]!, new Set());
    else rooms.set(row[1]!, new Set(allowed.split(',').map((name) => name.trim())));
  }
  return rooms;
}

const files = sourceFiles(src);
const edges = files.flatMap(edgesOf);

describe('docs/architecture.md', () => {
  const rooms = declaredRooms();

  it('has a row for every folder under src/', () => {
    const folders = readdirSync(src).filter((name) => statSync(join(src, name)).isDirectory());
    expect(folders.filter((folder) => !rooms.has(folder))).toEqual([]);
    expect([...rooms.keys()].filter((room) => !folders.includes(room))).toEqual([]);
  });

  it('allows every import a folder makes', () => {
    const undeclared = new Set<string>();
    for (const edge of edges) {
      const from = roomOf(edge.from);
      const to = roomOf(edge.to);
      const allowed = rooms.get(from);
      if (allowed === undefined && !entryPoints.has(from) && from !== 'errors') undeclared.add(`${from} has no row`);
      if (from === to || to === 'data' || entryPoints.has(from) || allowed === 'everything') continue;
      if (allowed && !allowed.has(to)) undeclared.add(`${from} -> ${to} (${relative(root, edge.from)})`);
    }
    expect([...undeclared]).toEqual([]);
  });
});

describe('modules', () => {
  it('import each other without cycles (type-only imports aside)', () => {
    const graph = new Map<string, string[]>();
    for (const edge of edges) {
      if (edge.typeOnly) continue;
      graph.set(edge.from, [...(graph.get(edge.from) ?? []), edge.to]);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(src, f)).join(' -> '));
        else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file, [file]);
    expect(cycles).toEqual([]);
  });

  it('resolve to files that exist', () => {
    const missing = edges.filter((edge) => !files.includes(edge.to)).map((edge) => `${relative(root, edge.from)} -> ${edge.to}`);
    expect(missing.filter((line) => !line.endsWith('.json'))).toEqual([]);
  });
});

describe("git's vocabulary", () => {
  const outsideGit = files.filter((file) => roomOf(file) !== 'git');
  const at = (file: string) => relative(root, file);

  it('is spoken only in src/git/: no other file starts processes, except the non-git spawners listed', () => {
    const spawners = new Set([
      'src/install/lefthook-run.ts', // runs lefthook itself, which users install beside us
      'src/capture/handover-start.ts', // starts the detail tier's detached hand-over (node)
    ]);
    const spawning = outsideGit.filter((file) => /from ['"](node:)?child_process['"]/.test(readFileSync(file, 'utf8')));
    expect(spawning.map(at).filter((file) => !spawners.has(file))).toEqual([]);
  });

  it('is spoken only in src/git/: no other file runs git or passes it an argument list', () => {
    const subcommands = [
      'log|rev-list|notes|for-each-ref|cat-file|show|diff|diff-tree|diff-index|rev-parse|config|push|fetch|merge-base|merge-tree',
      'ls-tree|ls-remote|hash-object|update-ref|update-index|write-tree|blame|commit-tree|patch-id|var|symbolic-ref|remote',
    ].join('|');
    const subcommand = new RegExp(`\\[\\s*'(${subcommands})'`);
    const offenders = outsideGit.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const found: string[] = [];
      // GitOptions may be named anywhere; the functions that run git only inside src/git/.
      if (/^import\s+(?!type\b)[^;]*from\s+['"](\.\.\/)+git\/run\.js['"]/m.test(text)) found.push('imports the git runner');
      if (subcommand.test(text)) found.push(`passes git ${subcommand.exec(text)![1]} arguments`);
      if (/'--no-walk|logOptions:\s*\[\s*'--/.test(text)) found.push('passes git log options');
      return found.map((what) => `${at(file)} ${what}`);
    });
    expect(offenders).toEqual([]);
  });
});
