// @module-tag git
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_REF } from '../src/core/model.js';
import { CAPTURE_NEEDLES } from '../src/detect/claim.js';
import { GIT_AI_REF } from '../src/detect/git-ai.js';
import { notesTipsArgs } from '../src/git/notes-args.js';
import {
  detectPrefetchRequest,
  PREFETCHED_NEEDLES,
  PREFETCHED_PROBE,
  prefetchedLog,
  prefetchedSearch,
} from '../src/git/prefetch-detect.js';
import { notesHistory, type NotesHistory } from './helpers/notes-history.js';
import { importCommits } from './helpers/fast-import.js';
import { binShims, SHELLS, type BinShims } from './helpers/bin-shims.js';
import { BIN, makeRepo, makeSandbox } from './helpers/repo.js';

/*
 * bin/ai-attest.cjs's sh part starts detect's notes probe (and, for a whole history with notes
 * and no capture search kept, the search of every note) before Node, for the narrow form
 * `detect [REV...] [--json]`, and hands their output to Node on fd 3. These tests hold what makes
 * it safe: sh prefetches exactly when the JavaScript mirror of its grammar says so, with exactly
 * the arguments notesTips and notesContaining build; what the user sees (output, messages, exit
 * codes, the search kept for the next run) is the same whether sh prefetched or not
 * (`node bin/ai-attest.cjs` never does), cold and warm, on a history whose notes hold capture's
 * records, git-ai notes, forged statements and notes of commits without signals; and a marker
 * set by hand, with anything on fd 3, changes nothing it should not.
 */
const sandbox = makeSandbox('ai-attest-prefetch-detect-');
afterAll(() => sandbox.cleanup());

const shells = SHELLS;

const ACCEPTED: string[][] = [
  ['detect'],
  ['detect', '--json'],
  ['detect', 'HEAD'],
  ['detect', 'HEAD', '--json'],
  ['detect', '--json', 'main', 'v1.0', '--json'],
  ['detect', 'origin/main..HEAD'],
  ['detect', 'HEAD', '^v1.0'],
  ['detect', 'HEAD~3^!', '--json'],
  ['detect', 'v1...v2'],
  ['detect', "it's *"],
  ['detect', 'two\nlines'],
  ['detect', 'a b', 'HEAD@{1}'],
];
const REFUSED: string[][] = [
  ['detect', '--format', 'json'],
  ['detect', '--format=json'],
  ['detect', 'HEAD', '--content'],
  ['detect', 'HEAD', '--min-confidence', 'high'],
  ['detect', 'HEAD', '--fail-on', 'low'],
  ['detect', 'HEAD', '--signals', 'mine.json'],
  ['detect', '--all'],
  ['detect', 'HEAD', '--not', 'main'],
  ['detect', '--', 'HEAD'],
  ['detect', '-'],
  ['detect', ''],
  ['detect', 'HEAD', ''],
  ['detect', '--json=yes'],
  ['detect', '-h'],
  ['detect', 'HEAD', '--help'],
  ['verify', 'HEAD'],
  ['report'],
  ['--version'],
];

/** What the fake rev-parse says: the common git dir (where a kept search would be) and two notes commits. */
const gitDir = join(sandbox.root, 'fake git dir');
const NOTES_COMMIT = '0123456789abcdef0123456789abcdef01234567';
const probeOutput = `${gitDir}\n${NOTES_COMMIT}\n^89abcdef0123456789abcdef0123456789abcdef\n`;
let shims: BinShims;

beforeAll(() => {
  mkdirSync(gitDir);
  // A git that answers as rev-parse, grep or log would (see binShims for the node).
  shims = binShims(
    sandbox,
    `case " $* " in *' rev-parse '*) printf '%s\\n' '${gitDir}' ${NOTES_COMMIT} ^89abcdef0123456789abcdef0123456789abcdef ;;\n` +
      `  *) [ -n "$FAKE_GIT_FOREVER" ] && exec yes; printf 'x\\0' ;; esac\n` +
      'exit "${FAKE_GIT_STATUS:-0}"\n',
    '"GIT_FLUSH=${GIT_FLUSH-}" ',
  );
});

const runShimmed = (shell: string[], argv: string[], extra: NodeJS.ProcessEnv = {}) => shims.run(shell, argv, extra);
const gitRuns = () => shims.gitRuns();
const fd = (n: number) => shims.fd(n);
const byText = (a: string[], b: string[]) => shims.byText(a, b);
const asRun = (args: readonly string[]) => ['-c', 'core.hooksPath=/dev/null', ...args];

describe("the bin's sh grammar for detect and its JavaScript mirror", () => {
  it('mirror what notesTips and notesContaining run for detect', () => {
    expect(PREFETCHED_PROBE).toEqual(notesTipsArgs(NOTES_REF, GIT_AI_REF));
    expect(PREFETCHED_NEEDLES).toEqual(CAPTURE_NEEDLES);
  });

  it.each(shells)('agree, and sh runs exactly the git arguments Node would (%s)', (_, shell) => {
    rmSync(join(gitDir, 'ai-attest'), { recursive: true, force: true });
    for (const argv of [...ACCEPTED, ...REFUSED]) {
      const label = JSON.stringify(argv);
      const request = detectPrefetchRequest(argv);
      const marker = shims.handOver(shell, argv, request !== null);
      if (!request) continue;
      expect(marker, label).toMatch(request.log ? /^v1:[0-9]+:notes,log,spill$/ : /^v1:[0-9]+:notes$/);
      const pid = marker!.split(':')[1];
      const expected = [
        ['GIT_FLUSH=', ...asRun(PREFETCHED_PROBE)],
        ...(request.search ? [['GIT_FLUSH=', ...asRun(prefetchedSearch(NOTES_COMMIT))]] : []),
        // The log's own arguments start with the hooks guard; git not flushing after each commit, as Node asks.
        ...(request.log ? [['GIT_FLUSH=0', ...prefetchedLog(request.log)]] : []),
      ];
      expect(gitRuns(), label).toEqual(expected.sort(byText));
      const search = request.search ? `x\0\nai-attest-prefetch ${pid} 0\n` : '';
      expect(fd(3), label).toBe(`ai-attest-prefetch v1 ${pid} notes\n${probeOutput}\nai-attest-prefetch ${pid} 0\n${search}`);
      const log = request.log ? `ai-attest-prefetch v1 ${pid} log\nx\0\nai-attest-prefetch ${pid} 0\n` : '';
      // The log's start in the spill file (all of it, this small), the rest in the pipe; dd's notice.
      expect(fd(6) + fd(4), label).toBe(log);
      expect(fd(5), label).toBe(request.log ? `ai-attest-prefetch ${pid} spill 0\n` : '');
    }
  });

  it.each(shells)('leaves no temporary file behind, whether Node read it or not (%s)', (_, shell) => {
    const tmp = join(sandbox.root, `tmp-${shell.join('-')}`);
    mkdirSync(tmp);
    for (const extra of [{}, { FAKE_NODE_STATUS: '3' }, { FAKE_GIT_FOREVER: '1', FAKE_NODE_STATUS: '3' }]) {
      const r = runShimmed(shell, ['detect', 'HEAD', '--json'], { TMPDIR: tmp, ...extra });
      expect(r.error).toBeUndefined();
      expect(readdirSync(tmp), JSON.stringify(extra)).toEqual([]);
    }
    // Not vacuous: the spill was made there.
    expect(shims.fields('node')[0]).toMatch(/:notes,log,spill$/);
  });

  it.each(shells)('spills nothing where no temporary file can be made: the log comes on its pipe alone (%s)', (_, shell) => {
    const r = runShimmed(shell, ['detect', 'HEAD', '--json'], { TMPDIR: join(sandbox.root, 'no such dir') });
    expect(r.status, r.stderr).toBe(0);
    const [marker] = shims.fields('node');
    expect(marker).toMatch(/^v1:[0-9]+:notes,log$/);
    const pid = marker!.split(':')[1];
    expect(fd(4)).toBe(`ai-attest-prefetch v1 ${pid} log\nx\0\nai-attest-prefetch ${pid} 0\n`);
    expect(fd(5)).toBe('');
    expect(fd(6)).toBe('');
  });

  it.each(shells)('searches nothing with a search kept, or when the probe failed (%s)', (_, shell) => {
    mkdirSync(join(gitDir, 'ai-attest'), { recursive: true });
    writeFileSync(join(gitDir, 'ai-attest', 'detect-capture.json'), '{}');
    try {
      expect(runShimmed(shell, ['detect', 'HEAD', '--json']).status).toBe(0);
      expect(gitRuns().filter((run) => !run.includes('log'))).toEqual([['GIT_FLUSH=', ...asRun(PREFETCHED_PROBE)]]);
    } finally {
      rmSync(join(gitDir, 'ai-attest'), { recursive: true, force: true });
    }
    expect(runShimmed(shell, ['detect', 'HEAD'], { FAKE_GIT_STATUS: '128' }).status).toBe(0);
    expect(gitRuns().filter((run) => !run.includes('log'))).toEqual([['GIT_FLUSH=', ...asRun(PREFETCHED_PROBE)]]);
    expect(fd(6) + fd(4)).toMatch(/\nai-attest-prefetch [0-9]+ 128\n$/);
    expect(fd(3)).toMatch(/\nai-attest-prefetch [0-9]+ 128\n$/);
  });

  it.each(shells)("hands on Node's exit status and the signal that ended Node; leaves no git behind (%s)", (_, shell) => {
    expect(runShimmed(shell, ['detect', 'HEAD'], { FAKE_NODE_STATUS: '2' }).status).toBe(2);
    expect(runShimmed(shell, ['detect', 'HEAD'], { FAKE_NODE_SIGNAL: 'TERM' }).signal).toBe('SIGTERM');
    // The search would write forever: it ends on SIGPIPE once Node has gone, and so does the bin.
    const r = runShimmed(shell, ['detect', 'HEAD', '--json'], { FAKE_GIT_FOREVER: '1', FAKE_NODE_STATUS: '3' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(3);
  });
});

describe('what the user sees, with and without the prefetch', () => {
  let history: NotesHistory;
  const recorder = join(sandbox.root, 'recorder');
  const record = join(sandbox.root, 'git-calls');
  beforeAll(() => {
    // Over SMALL_RANGE commits: a whole history's cold run searches every note.
    history = notesHistory(1200);
    mkdirSync(recorder);
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(recorder, 'git'), `#!/bin/sh\necho "\${AI_ATTEST_PREFETCH-(unset)} $*" >> '${record}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(recorder, 'git'), 0o755);
  }, 60_000);
  afterAll(() => history?.repo.sandbox.cleanup());

  const kept = () => join(history.repo.dir, '.git', 'ai-attest', 'detect-capture.json');
  const env = (base = history.repo.env) => ({
    ...base,
    PATH: `${recorder}${delimiter}${process.env.PATH}`,
    GIT_CEILING_DIRECTORIES: sandbox.root,
  });
  const calls = () => {
    const list = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
    rmSync(record, { force: true });
    return list;
  };
  /** The bin executed (sh prefetches) and run by node (it never does), each cold or warm as asked. */
  const same = (argv: string[], cold: boolean, cwd = history.repo.dir, base = history.repo.env) => {
    const runOnce = (command: string, args: string[]) => {
      if (cold) rmSync(kept(), { force: true });
      calls();
      const r = spawnSync(command, args, { cwd, env: env(base), encoding: 'utf8', maxBuffer: 1 << 28 });
      return { r, calls: calls(), kept: existsSync(kept()) ? readFileSync(kept(), 'utf8') : null };
    };
    const executed = runOnce(BIN, argv);
    const direct = runOnce(process.execPath, [BIN, ...argv]);
    const label = `${JSON.stringify(argv)} ${cold ? 'cold' : 'warm'}`;
    expect(executed.r.stdout, label).toBe(direct.r.stdout);
    expect(executed.r.stderr, label).toBe(direct.r.stderr);
    expect(executed.r.status, label).toBe(direct.r.status);
    expect(executed.kept, label).toBe(direct.kept);
    // No git Node started saw the marker.
    expect(
      executed.calls.every((c) => c.startsWith('(unset) ')),
      label,
    ).toBe(true);
    return { ...executed.r, calls: executed.calls };
  };
  const count = (ran: string[], what: RegExp) => ran.filter((c) => what.test(c)).length;
  /** The range's log (not the batched read of the commits whose notes matter, which reads ids from stdin). */
  const RANGE_LOG = / log -z (?!.*--stdin)/;

  it('is the same report, cold and warm, for a whole history, a bounded range and the default range; git searches once', () => {
    const bounded = `${history.imported[0]}..HEAD`;
    for (const argv of [
      ['detect', 'HEAD', '--json'],
      ['detect', 'main'],
      ['detect', bounded, '--json'],
      ['detect', '--json'],
    ]) {
      for (const cold of [true, false]) {
        const { status, stdout, calls: ran } = same(argv, cold);
        expect(status, JSON.stringify(argv)).toBe(0);
        // sh's probe (and, for a range given, its log), taken by Node: each ran once.
        expect(count(ran, / rev-parse --git-common-dir /)).toBe(1);
        expect(count(ran, RANGE_LOG)).toBe(1);
        const whole = argv[1] === 'HEAD' || argv[1] === 'main';
        // A whole history's cold run: sh's search of every note, taken by Node; warm: none.
        if (whole) expect(count(ran, / grep .* -- *$/), JSON.stringify(argv)).toBe(cold ? 1 : 0);
        if (argv.includes('--json') && whole) {
          // Not vacuous: capture's records on commits without a signal of their own are findings.
          const report = JSON.parse(stdout) as { findings: Array<{ rule: string; tool: string }> };
          expect(report.findings.filter((f) => f.rule === 'other-tool' && f.tool === 'claude-code').length).toBeGreaterThan(10);
        }
      }
    }
  });

  it("gives git's errors and exit codes exactly: a bad revision, outside a repository", () => {
    expect(same(['detect', 'no-such-revision', '--json'], true).status).toBe(2);
    expect(same(['detect', 'HEAD'], true, sandbox.root).status).toBe(2);
  });

  const CLAUDE = 'Co-authored-by: Claude <noreply@anthropic.com>';
  it("is the same when git's log fails after the commits read so far (a clone that lost a commit): Node reads again", () => {
    const repo = makeRepo(sandbox, 'lost-a-commit');
    // Long messages: what git prints before it fails fills more than a pipe, so Node has read records by then.
    importCommits(
      repo,
      Array.from({ length: 300 }, (_, k) => ({
        message: `change ${k}\n\n${'Some words about it. '.repeat(50)}\n${k % 7 === 0 ? `\n${CLAUDE}\n` : ''}`,
        path: `f${k % 5}.txt`,
        content: `${k}\n`,
        time: 1_700_000_000 + k * 60,
      })),
    );
    // Loose objects, so that one commit can be taken away.
    const packs = join(repo.dir, '.git', 'objects', 'pack');
    for (const pack of readdirSync(packs).filter((f) => f.endsWith('.pack'))) {
      const bytes = readFileSync(join(packs, pack));
      for (const f of readdirSync(packs)) rmSync(join(packs, f));
      expect(spawnSync('git', ['unpack-objects', '-q'], { cwd: repo.dir, env: repo.env, input: bytes }).status).toBe(0);
    }
    const lost = repo.git(['rev-parse', 'HEAD~200']).trim();
    rmSync(join(repo.dir, '.git', 'objects', lost.slice(0, 2), lost.slice(2)));
    for (const argv of [
      ['detect', 'HEAD', '--json'],
      ['detect', 'HEAD'],
    ]) {
      const { status, stderr, calls: ran } = same(argv, true, repo.dir, repo.env);
      expect(status).toBe(2);
      expect(stderr).toContain(lost);
      // sh's log, and Node's own after it failed.
      expect(count(ran, RANGE_LOG)).toBe(2);
    }
  });

  it('is the same for a log longer than sh spills into its file: Node reads the rest from the pipe after dd', () => {
    const repo = makeRepo(sandbox, 'longer-than-the-spill');
    // 10.5 MB of messages: more than dd copies into the file (SPILL_BYTES, src/git/spilled-log.ts).
    importCommits(
      repo,
      Array.from({ length: 30 }, (_, k) => ({
        message: `change ${k}\n\n${`${'Some words about it. '.repeat(50)}\n`.repeat(330)}${k % 7 === 0 ? `\n${CLAUDE}\n` : ''}`,
        path: `f${k % 5}.txt`,
        content: `${k}\n`,
        time: 1_700_000_000 + k * 60,
      })),
    );
    const { status, stdout, calls: ran } = same(['detect', 'HEAD', '--json'], true, repo.dir, repo.env);
    expect(status).toBe(0);
    // sh's log only: taken whole, the file's part and the pipe's.
    expect(count(ran, RANGE_LOG)).toBe(1);
    const report = JSON.parse(stdout) as { commits: number; findings: Array<{ commit: string }> };
    expect(report.commits).toBe(30);
    expect(report.findings.length).toBe(5);
  });

  it('is the same once the notes moved since the search kept (only the changed notes searched, by Node)', () => {
    same(['detect', 'HEAD'], true);
    history.writeNotes(NOTES_REF, new Map([[history.imported[1]!, history.notes.captured]]));
    const { calls: ran } = same(['detect', 'HEAD', '--json'], false);
    expect(count(ran, / grep .* -- *$/)).toBe(0);
    expect(count(ran, / grep .* -- [0-9a-f]/)).toBe(1);
  });

  it('a marker set by hand changes nothing, whatever fds 3 and 4 hold; streams framed as sh frames them are taken', () => {
    const { repo } = history;
    const run = (script: string, marker: string, argv: string[]) =>
      spawnSync('sh', ['-c', script, 'sh', ...argv], {
        cwd: repo.dir,
        env: { ...repo.env, AI_ATTEST_PREFETCH: marker },
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        timeout: 60_000,
      });
    const node = `exec node '${BIN}' "$@"`;
    const notes = 'ai-attest-prefetch v1 1 notes\\n';
    const log = 'ai-attest-prefetch v1 1 log\\n';
    const pipes = [
      "printf 'not a stream of ours'",
      `printf '${notes}'`,
      `printf '${notes}.git\\n'`,
      `printf '${notes}.git\\n\\nai-attest-prefetch 1 128\\n'`,
      `printf '${notes}.git\\n\\nai-attest-prefetch 1 0'`,
      `printf '${notes}.git\\n\\nai-attest-prefetch 2 0\\n'`,
      `printf '${log}'`,
      `printf '${log}\\nai-attest-prefetch 1 128\\n'`,
      `printf '${log}\\nai-attest-prefetch 1 0'`,
      `printf '${log}\\nai-attest-prefetch 2 0\\n'`,
    ];
    // The default range (this repository has no remote: the whole history) gets fd 3 only; a range, fds 3 and 4.
    const cases: Array<[string[], string, string[]]> = [
      [['detect', '--json'], 'v1:1:notes', [node, `${node} 3</dev/null`, `${node} 3<'${join(repo.dir, '.git', 'HEAD')}'`]],
      [['detect', '--json'], 'v1:1:notes', pipes.slice(0, 6).map((pipe) => `${pipe} | ${node} 3<&0 0</dev/null`)],
      [['detect', 'HEAD', '--json'], 'v1:1:notes,log', pipes.map((pipe) => `${pipe} | ${node} 3<&0 4<&0 0</dev/null`)],
      [['detect', 'HEAD', '--json'], 'v1:1:notes', [`printf '${log}\\nai-attest-prefetch 1 0\\n' | ${node} 3<&0 4<&0 0</dev/null`]],
      ...['v1:1:blame,context', 'v2:1:notes', 'v1:1:log', 'garbage'].map(
        (marker) =>
          [['detect', 'HEAD', '--json'], marker, [`printf '${notes}' | ${node} 3<&0 4<&0 0</dev/null`]] as [string[], string, string[]],
      ),
    ];
    const expected = new Map<string, SpawnSyncReturns<string>>();
    for (const [argv, marker, scripts] of cases) {
      const key = argv.join(' ');
      if (!expected.has(key)) {
        rmSync(kept(), { force: true });
        const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: repo.dir, env: repo.env, encoding: 'utf8', maxBuffer: 1 << 28 });
        expect(r.status, r.stderr).toBe(0);
        expected.set(key, r);
      }
      for (const script of scripts) {
        rmSync(kept(), { force: true });
        const r = run(script, marker, argv);
        const label = `${marker}: ${script}`;
        expect(r.error, label).toBeUndefined();
        expect(r.stderr, label).toBe(expected.get(key)!.stderr);
        expect(r.stdout, label).toBe(expected.get(key)!.stdout);
        expect(r.status, label).toBe(0);
      }
    }
    // Not vacuous: streams framed as sh frames them are taken, as a git of one's own on PATH would
    // be. A probe that says there are no notes makes every attested commit read as unattested; a
    // log of no commit is a range of none.
    const noNotesProbe = '.git\\n\\nai-attest-prefetch 1 0\\n';
    const noNotes = run(`printf '${notes}${noNotesProbe}' | ${node} 3<&0 0</dev/null`, 'v1:1:notes', ['detect', '--json']);
    expect(noNotes.status, noNotes.stderr).toBe(0);
    expect(noNotes.stdout).not.toBe(expected.get('detect --json')!.stdout);
    const noCommits = run(
      `printf '${log}\\nai-attest-prefetch 1 0\\n' | { printf '${notes}${noNotesProbe}' | ${node} 3<&0 0</dev/null; } 4<&0`,
      'v1:1:notes,log',
      ['detect', 'HEAD', '--json'],
    );
    expect(noCommits.status, noCommits.stderr).toBe(0);
    expect((JSON.parse(noCommits.stdout) as { commits: number }).commits).toBe(0);

    // The spill: its file (fd 6) must be a regular file, its notice (fd 5) sh's with dd's success,
    // else the range is read again; one framed as sh frames it is taken.
    const spillFile = join(sandbox.root, 'spill by hand');
    writeFileSync(spillFile, 'ai-attest-prefetch v1 1 log\n');
    const spilled = (notice: string, file: string) =>
      run(
        `printf '\\nai-attest-prefetch 1 0\\n' | { printf '${notice}' | ` +
          `{ printf '${notes}${noNotesProbe}' | ${node} 3<&0 6<${file} 0</dev/null; } 5<&0; } 4<&0`,
        'v1:1:notes,log,spill',
        ['detect', 'HEAD', '--json'],
      );
    const taken = spilled('ai-attest-prefetch 1 spill 0\\n', `'${spillFile}'`);
    expect(taken.status, taken.stderr).toBe(0);
    expect((JSON.parse(taken.stdout) as { commits: number }).commits).toBe(0);
    for (const [notice, file] of [
      ['ai-attest-prefetch 1 spill 1\\n', `'${spillFile}'`],
      ['ai-attest-prefetch 2 spill 0\\n', `'${spillFile}'`],
      ['', `'${spillFile}'`],
      ['ai-attest-prefetch 1 spill 0\\n', '/dev/null'],
    ]) {
      const r = spilled(notice!, file!);
      expect(r.status, r.stderr).toBe(0);
      // Read again with Node's own git (the probe's "no notes" still taken: every commit unattested).
      const all = (JSON.parse(expected.get('detect HEAD --json')!.stdout) as { commits: number }).commits;
      expect((JSON.parse(r.stdout) as { commits: number }).commits, `${notice} ${file}`).toBe(all);
    }
  });
});
