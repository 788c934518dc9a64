import type { Repo } from './repo.js';

/**
 * A seeded history of code-like files for comparing line attribution with git's: block moves
 * inside a file, renames (with and without edits), copies into new files, and side branches
 * merged back (each side editing its own half of a file, some merges adding edits of their
 * own). The files are full of repeated lines (`}`, blank lines, `return a;`), where diffs are
 * ambiguous and the indent heuristic decides which copy of a line a commit added.
 */
export interface LineHistory {
  /** The files at the tip of `main`, with their line counts. */
  files: Map<string, number>;
  commits: number;
  merges: number;
  renames: number;
}

type Tree = Map<string, string[]>;

export function writeLineHistory(repo: Repo, seed: number, steps: number): LineHistory {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    // The low bits of this generator repeat with short periods: take the high ones.
    return Math.floor((state / 2 ** 31) * n);
  };
  let functions = 0;
  const block = (): string[] => {
    const name = `f${functions++}`;
    const body: string[] = [];
    for (let i = 0; i < 1 + rand(4); i++) {
      if (rand(3) === 0) body.push('  if (a) {', `    a = ${name}(a - 1);`, '  }');
      else body.push(`  a = a + ${rand(5)};`);
    }
    return [`function ${name}(a) {`, ...body, '  return a;', '}', ''];
  };
  const mutate = (lines: readonly string[], tag: string): string[] => {
    const out = [...lines];
    for (let k = 0; k < 1 + rand(3); k++) {
      const at = rand(out.length + 1);
      const op = rand(12);
      if (op < 4 && out.length) out[Math.min(at, out.length - 1)] = rand(2) ? `  a = a * ${rand(7)};` : `  ${tag}_${k}(a);`;
      else if (op < 7) out.splice(at, 0, ...block());
      else if (op < 8) out.splice(at, 0, `  ${tag}_${k}(a);`, '  }', '');
      else if (op < 10 && out.length > 40) out.splice(at, 2 + rand(6));
      else if (out.length > 10) {
        const moved = out.splice(Math.min(at, out.length - 3), 3 + rand(6));
        out.splice(rand(out.length + 1), 0, ...moved);
      }
    }
    return out;
  };

  const stream: string[] = [];
  let mark = 0;
  let time = 1_700_000_000;
  const commit = (ref: string, parents: string[], changes: Array<[string, string[] | null]>): string => {
    mark++;
    time += 60;
    const who = `Gen <gen@example.com> ${time} +0000`;
    const message = `step ${mark}\n`;
    const [from, ...merged] = parents;
    stream.push(
      `commit ${ref}\nmark :${mark}\nauthor ${who}\ncommitter ${who}\ndata ${message.length}\n${message}`,
      from ? `from ${from}\n` : '',
      ...merged.map((m) => `merge ${m}\n`),
    );
    for (const [path, lines] of changes) {
      if (lines === null) stream.push(`D ${path}\n`);
      else {
        const body = `${lines.join('\n')}\n`;
        stream.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
      }
    }
    return `:${mark}`;
  };

  const tree: Tree = new Map();
  for (const path of ['src/a.js', 'src/b.js']) tree.set(path, Array.from({ length: 6 }, block).flat());
  let tip = commit('refs/heads/main', [], [...tree]);
  let commits = 1;
  let merges = 0;
  let renames = 0;
  const pick = () => [...tree.keys()][rand(tree.size)]!;

  for (let step = 0; step < steps; step++) {
    const path = pick();
    const lines = tree.get(path)!;
    const kind = rand(16);
    if (kind === 0 && tree.size < 8) {
      const copy = `src/copy${step}.js`;
      tree.set(copy, rand(2) ? mutate(lines, `c${step}`) : [...lines]);
      tip = commit('refs/heads/main', [tip], [[copy, tree.get(copy)!]]);
      commits++;
    } else if (kind === 1 || kind === 2) {
      const renamed = `lib/r${step}.js`;
      tree.delete(path);
      tree.set(renamed, rand(2) ? mutate(lines, `r${step}`) : lines);
      tip = commit(
        'refs/heads/main',
        [tip],
        [
          [path, null],
          [renamed, tree.get(renamed)!],
        ],
      );
      renames++;
      commits++;
    } else if (kind < 6) {
      // Each side edits its own half, so the merge takes the side's head and main's tail.
      const half = Math.floor(lines.length / 2);
      let head = lines.slice(0, half);
      let side = tip;
      for (let i = 0; i < 1 + rand(3); i++) {
        head = mutate(head, `s${step}_${i}`);
        side = commit('refs/heads/side', [side], [[path, [...head, ...lines.slice(half)]]]);
        commits++;
      }
      let tail = lines.slice(half);
      for (let i = 0; i < 1 + rand(2); i++) {
        tail = mutate(tail, `m${step}_${i}`);
        tip = commit('refs/heads/main', [tip], [[path, [...lines.slice(0, half), ...tail]]]);
        commits++;
      }
      const merged = [...head, ...tail];
      tree.set(path, rand(3) === 0 ? mutate(merged, `e${step}`) : merged);
      tip = commit('refs/heads/main', [tip, side], [[path, tree.get(path)!]]);
      merges++;
      commits++;
    } else {
      tree.set(path, mutate(lines, `t${step}`));
      tip = commit('refs/heads/main', [tip], [[path, tree.get(path)!]]);
      commits++;
    }
  }
  repo.git(['fast-import', '--quiet'], { input: stream.join('') });
  repo.git(['reset', '-q', '--hard', 'main']);
  return { files: new Map([...tree].map(([path, lines]) => [path, lines.length])), commits, merges, renames };
}
