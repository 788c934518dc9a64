import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_FIXTURES, HUMAN_FIXTURES, type MessageFixture } from './detect-fixtures.js';
import { mulberry32 } from './rng.js';

/**
 * A labelled history for measuring detect: every commit is known to be AI (with its tool) or
 * human, and says which signals its trace was made to trigger. Built with one `git fast-import`.
 *
 * Humans commit ordinary changes and, now and then, the things that fool naive detectors: prose
 * about Claude, Cursor and Copilot, code using database cursors and the Anthropic SDK, dependency
 * bumps of AI packages, a large generated data file, comments that read like an assistant's.
 * Agents commit with the real-world traces of detect-fixtures.ts, with elided-code markers,
 * assistant phrasing or reasoning left in the code, in one unusually large commit, or with no
 * trace at all (which no detector can see: it counts against overall recall).
 */
export interface LabelledCommit {
  /** fast-import mark; the commit id once built. */
  mark: number;
  id?: string;
  ai: boolean;
  /** Tool family for AI commits. */
  tool?: string;
  style: string;
  /** Signals this commit's trace is made to trigger (the recall denominator). */
  expect: string[];
}

export interface Corpus {
  dir: string;
  commits: LabelledCommit[];
}

const HUMANS: Array<[string, string]> = [
  ['Ada Lovelace', 'ada@example.com'],
  ['Grace Hopper', 'grace@example.org'],
  ['Alan Turing', 'alan@example.net'],
  ['Chinwe Okafor', 'chinwe@example.ng'],
  ['José Martínez', 'jose@example.es'],
  ['李雷', 'lilei@example.cn'],
  ['Claude Shannon', 'claude.shannon@example.edu'],
  ['Devin Brown', 'devin.brown@example.com'],
];

const WORDS = [
  'cache',
  'order',
  'user',
  'session',
  'retry',
  'queue',
  'parser',
  'token',
  'route',
  'report',
  'invoice',
  'schema',
  'index',
  'buffer',
  'limit',
];
const SUBJECTS = [
  'fix: handle empty %s',
  'feat: add %s endpoint',
  'refactor: split %s module',
  'perf: batch %s reads',
  'test: cover %s edge cases',
  'docs: explain %s settings',
];

const HUMAN_CODE_MENTIONS = [
  "const cursor = await db.collection('orders').find({}).batchSize(100);",
  "import Anthropic from '@anthropic-ai/sdk';",
  'const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });',
  '// The Copilot plugin setting is documented in CONTRIBUTING.md.',
  "const model = 'claude-sonnet-4-5-20250929'; // pinned for the summariser",
  '# cursor.execute("SELECT id FROM users")',
  '// claude/ and codex/ branches are built by the same workflow',
];

/** Comments people really write that look like an assistant's: they are the false positives to measure. */
const HUMAN_LOOKALIKES = [
  '// Here is the updated list of regions (from the ops sheet, 2024-05).',
  '# Wait, this must run before the migrations or the index is missing.',
  '// I have updated the thresholds after the load test on staging.',
  '// ... rest of the config is read from the environment',
];

const AI_ELIDED = [
  '// ... existing code ...',
  '# ... rest of the file unchanged',
  '/* ... existing methods ... */',
  '    // ... rest of the implementation remains the same',
  '<!-- ... existing content ... -->',
];
const AI_PHRASING = [
  "// Here's the updated function with proper error handling",
  "# I've added validation for empty input",
  '// I apologize for the confusion earlier, this version handles nulls',
  '// Here is the corrected implementation',
  '# Certainly! This version uses a dictionary lookup',
];
const AI_REASONING = [
  '// Wait, actually we need to check for null before the lookup',
  '<thinking>The user wants the cache to expire after an hour</thinking>',
  '# Let me think about the edge cases here',
  '// Hmm, the index may be stale at this point',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function codeLine(rand: () => number, i: number): string {
  const w = pick(rand, WORDS);
  const forms = [
    `export function ${w}${i}(value: number): number { return value * ${1 + (i % 7)}; }`,
    `const ${w}Limit${i} = ${10 + (i % 90)};`,
    `  if (!${w}) throw new Error('${w} is required');`,
    `// keep the ${w} warm between requests`,
    `  return items.filter((x) => x.${w} !== undefined);`,
  ];
  return pick(rand, forms);
}

interface FileChange {
  path: string;
  lines: string[];
}

/** Builds the corpus in `dir` (an empty folder). Deterministic for a seed. */
export function buildCorpus(dir: string, env: NodeJS.ProcessEnv, seed = 0xdec7): Corpus {
  const rand = mulberry32(seed);
  mkdirSync(dir, { recursive: true });
  git(['init', '-q', '-b', 'main'], dir, env);
  const commits: LabelledCommit[] = [];
  const stream: string[] = [];
  const files = new Map<string, string[]>();
  let mark = 0;
  let time = Date.UTC(2025, 0, 1) / 1000;
  let mainTip = 0;
  const gitAiNotes: number[] = [];

  const write = (opts: {
    author: [string, string];
    committer?: [string, string];
    message: string;
    changes: FileChange[];
    ref?: string;
    from?: number;
    merge?: number;
    label: Omit<LabelledCommit, 'mark'>;
  }): number => {
    mark++;
    time += 600;
    const [an, ae] = opts.author;
    const [cn, ce] = opts.committer ?? opts.author;
    const data = Buffer.byteLength(opts.message);
    stream.push(
      `commit ${opts.ref ?? 'refs/heads/main'}\nmark :${mark}\nauthor ${an} <${ae}> ${time} +0000\n` +
        `committer ${cn} <${ce}> ${time} +0000\ndata ${data}\n${opts.message}\n`,
    );
    if (opts.from) stream.push(`from :${opts.from}\n`);
    if (opts.merge) stream.push(`merge :${opts.merge}\n`);
    for (const c of opts.changes) {
      const content = [...(files.get(c.path) ?? []), ...c.lines];
      files.set(c.path, content);
      const text = `${content.join('\n')}\n`;
      stream.push(`M 100644 inline ${c.path}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
    }
    stream.push('\n');
    commits.push({ mark, ...opts.label });
    return mark;
  };

  const human = (): [string, string] => pick(rand, HUMANS);
  const change = (n: number, extra: string[] = [], path = `src/${pick(rand, WORDS)}/${pick(rand, WORDS)}.ts`): FileChange[] => {
    const lines = Array.from({ length: n }, (_, i) => codeLine(rand, mark * 100 + i));
    for (const e of extra) lines.splice(Math.floor(rand() * (lines.length + 1)), 0, e);
    return [{ path, lines }];
  };
  const subject = () => pick(rand, SUBJECTS).replace('%s', pick(rand, WORDS));
  const onMain = (o: Omit<Parameters<typeof write>[0], 'from'>) => {
    mainTip = write({ ...o, ...(mainTip ? { from: mainTip } : {}) });
    return mainTip;
  };

  // The root: the existing code base (no signal reads a root commit's size).
  onMain({
    author: HUMANS[0]!,
    message: 'Import the service\n',
    changes: change(300, [], 'src/service.ts'),
    label: { ai: false, style: 'human-root', expect: [] },
  });

  const fixtureCommit = (f: MessageFixture, ai: boolean) => {
    const author = f.author ?? human();
    onMain({
      author,
      ...(f.committer ? { committer: f.committer } : {}),
      message: f.message.endsWith('\n') ? f.message : `${f.message}\n`,
      changes: change(3 + Math.floor(rand() * 20)),
      label: ai
        ? { ai: true, tool: f.tools[0]!, style: `fixture: ${f.name}`, expect: f.signals ?? [] }
        : { ai: false, style: `fixture: ${f.name}`, expect: [] },
    });
  };

  for (let round = 0; round < 6; round++) {
    // Ordinary human work: most of any history.
    for (let i = 0; i < 60; i++)
      onMain({
        author: human(),
        message: `${subject()}\n`,
        changes: change(2 + Math.floor(rand() * 30)),
        label: { ai: false, style: 'human-plain', expect: [] },
      });
    for (const m of HUMAN_CODE_MENTIONS)
      onMain({
        author: human(),
        message: `${subject()}\n`,
        changes: change(5, [m]),
        label: { ai: false, style: 'human-code-mentions-agent', expect: [] },
      });
    if (round % 2 === 0)
      for (const m of HUMAN_LOOKALIKES)
        onMain({
          author: human(),
          message: `${subject()}\n`,
          changes: change(6, [m]),
          label: { ai: false, style: 'human-assistant-lookalike', expect: [] },
        });
    for (const f of HUMAN_FIXTURES) if (f.message.startsWith('Merge ') === false) fixtureCommit(f, false);
    onMain({
      author: human(),
      message: 'data: add the country table\n',
      changes: [
        {
          path: `data/countries-${round}.ts`,
          lines: Array.from({ length: 600 }, (_, i) => `  { code: 'C${round}${i}', name: 'Country ${i}' },`),
        },
      ],
      label: { ai: false, style: 'human-large-data', expect: [] },
    });
    onMain({
      author: ['renovate[bot]', '29139614+renovate[bot]@users.noreply.github.com'],
      message: 'chore(deps): update dependency openai to v4.56.0\n',
      changes: [{ path: 'package-lock.json', lines: Array.from({ length: 800 }, (_, i) => `"dep${round}-${i}": "1.0.${i}",`) }],
      label: { ai: false, style: 'human-dependency-bump', expect: [] },
    });

    // Agents with their real-world traces.
    for (const f of AGENT_FIXTURES) if (!f.message.startsWith('Merge ') && !f.message.includes('Ai-Attest:')) fixtureCommit(f, true);
    for (const l of AI_ELIDED)
      onMain({
        author: human(),
        message: `${subject()}\n`,
        changes: change(8, [l]),
        label: { ai: true, tool: 'cursor', style: 'ai-elided-code', expect: ['content.elided-code'] },
      });
    for (const l of AI_PHRASING)
      onMain({
        author: human(),
        message: `${subject()}\n`,
        changes: change(8, [l]),
        label: { ai: true, tool: 'chatgpt', style: 'ai-assistant-phrasing', expect: ['content.assistant-phrasing'] },
      });
    for (const l of AI_REASONING)
      onMain({
        author: human(),
        message: `${subject()}\n`,
        changes: change(8, [l]),
        label: { ai: true, tool: 'claude-code', style: 'ai-reasoning-trace', expect: ['content.reasoning-trace'] },
      });
    onMain({
      author: human(),
      message: `${subject()}\n`,
      changes: change(700),
      label: { ai: true, tool: 'claude-code', style: 'ai-large-addition', expect: ['content.large-addition'] },
    });
    // Automation accounts: a release bot (not AI) and an AI reviewer's bot committing a suggestion.
    onMain({
      author: ['acme-release[bot]', '1234+acme-release[bot]@users.noreply.github.com'],
      message: `chore(release): ${round}.0.0\n`,
      changes: change(3, [], 'CHANGELOG.md'),
      label: { ai: false, style: 'human-automation-bot', expect: [] },
    });
    onMain({
      author: ['coderabbitai[bot]', '136622811+coderabbitai[bot]@users.noreply.github.com'],
      message: 'Apply suggestions from code review\n',
      changes: change(4),
      label: { ai: true, tool: 'coderabbit', style: 'ai-unknown-bot', expect: ['bot.unknown'] },
    });
    // git-ai's authorship notes on agent commits (refs/notes/ai).
    for (let i = 0; i < 3; i++) {
      const m = onMain({
        author: human(),
        message: `${subject()}\n`,
        changes: change(12),
        label: { ai: true, tool: 'cursor', style: 'ai-git-ai-note', expect: ['git-ai.note'] },
      });
      gitAiNotes.push(m);
    }
    // AI work that leaves no trace: what self-reporting and capture are for.
    for (let i = 0; i < 12; i++)
      onMain({
        author: human(),
        message: `${subject()}\n`,
        changes: change(4 + Math.floor(rand() * 20)),
        label: { ai: true, tool: 'copilot', style: 'ai-silent', expect: [] },
      });

    // Agent branches merged, and human branches merged.
    for (const [prefix, tool, form] of [
      ['claude/issue-12-20250611', 'claude-code', 'pr'],
      ['codex/add-retry', 'codex', 'branch'],
      ['copilot/fix-123', 'copilot', 'remote'],
      ['cursor/pagination-4f2a', 'cursor', 'gitlab'],
    ] as const) {
      const ref = `refs/heads/${prefix}-${round}`;
      const tip = write({
        author: human(),
        message: `${subject()}\n`,
        changes: change(10),
        ref,
        from: mainTip,
        label: { ai: true, tool, style: 'ai-silent-branch-commit', expect: [] },
      });
      const branch = `${prefix}-${round}`;
      const message =
        form === 'pr'
          ? `Merge pull request #${100 + round} from acme/${branch}\n`
          : form === 'remote'
            ? `Merge remote-tracking branch 'origin/${branch}'\n`
            : form === 'gitlab'
              ? `Merge branch '${branch}' into 'main'\n`
              : `Merge branch '${branch}'\n`;
      onMain({
        author: human(),
        message,
        changes: [],
        merge: tip,
        label: { ai: true, tool, style: 'ai-merged-agent-branch', expect: ['branch.agent-prefix'] },
      });
    }
    for (const branch of ['feature/rotation', 'fix/copilot-telemetry-opt-out', 'claude-shannon/entropy']) {
      const ref = `refs/heads/${branch}-${round}`;
      const tip = write({
        author: human(),
        message: `${subject()}\n`,
        changes: change(10),
        ref,
        from: mainTip,
        label: { ai: false, style: 'human-branch-commit', expect: [] },
      });
      onMain({
        author: human(),
        message: `Merge branch '${branch}-${round}'\n`,
        changes: [],
        merge: tip,
        label: { ai: false, style: 'human-merge', expect: [] },
      });
    }
    for (const f of HUMAN_FIXTURES) if (f.message.startsWith('Merge ')) fixtureCommit(f, false);
  }

  if (gitAiNotes.length) {
    const note = (m: number) =>
      `src/x.ts\n  s_00000000000${m.toString().padStart(3, '0')}::t_0000000000000000 1-12\n---\n` +
      `{"schema_version":"authorship/3.0.0","base_commit_sha":"","prompts":{},` +
      `"sessions":{"s_00000000000${m.toString().padStart(3, '0')}":{"agent_id":{"tool":"cursor","id":"c${m}",` +
      `"model":"gpt-5-2025-08-07"},"human_author":"dev@example.com"}}}\n`;
    stream.push(`commit refs/notes/ai\ncommitter Git AI <ai@example.com> ${time + 600} +0000\ndata 0\n\n`);
    for (const m of gitAiNotes) stream.push(`N inline :${m}\ndata ${Buffer.byteLength(note(m))}\n${note(m)}\n`);
    stream.push('\n');
  }
  const marksFile = join(dir, '.git', 'corpus-marks');
  const r = spawnSync('git', ['fast-import', '--quiet', `--export-marks=${marksFile}`], {
    cwd: dir,
    env,
    input: stream.join(''),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`fast-import: ${r.stderr}`);
  const ids = new Map<number, string>();
  for (const line of readFileSync(marksFile, 'utf8').split('\n')) {
    const m = /^:(\d+) ([0-9a-f]{40})$/.exec(line);
    if (m) ids.set(Number(m[1]), m[2]!);
  }
  git(['reset', '-q', '--hard', 'main'], dir, env);
  return { dir, commits: commits.map((c) => ({ ...c, id: ids.get(c.mark)! })) };
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
