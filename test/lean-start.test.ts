import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerAll } from '../src/cli/index.js';
import { LEAN_COMMANDS } from '../src/cli/lean.js';
import { parseFlags, parseLean, type LeanArgs } from '../src/cli/lean-args.js';

// The lean start (src/lean.ts) reads a command's everyday arguments without commander: what it
// reads must be exactly what commander gives the command's action, and whatever it is unsure of
// must go to commander.

function program(): Command {
  const p = new Command('ai-attest').exitOverride();
  p.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerAll(p);
  return p;
}

function commandOf(p: Command, name: string): Command {
  const found = p.commands.find((c) => c.name() === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}

/** What commander hands the action, with the action replaced so nothing runs. */
async function commanderParse(name: string, argv: string[]): Promise<LeanArgs | 'error'> {
  const p = program();
  let seen: LeanArgs | null = null;
  commandOf(p, name).action((...params: unknown[]) => {
    const command = params.at(-1) as Command;
    const options = params.at(-2) as Record<string, string | boolean | string[]>;
    const first = params[0];
    seen = { operands: Array.isArray(first) ? (first as string[]) : [first as string], options: { ...options } };
    void command;
  });
  try {
    await p.parseAsync(['node', 'ai-attest', name, ...argv]);
  } catch {
    return 'error';
  }
  return seen ?? 'error';
}

describe.each(Object.keys(LEAN_COMMANDS))('the lean start of %s', (name) => {
  const spec = LEAN_COMMANDS[name]!.spec;

  it('declares exactly the options the commander registration has', () => {
    const registered = commandOf(program(), name).options as Option[];
    const describe = (o: { flags: string; repeat: boolean; default: unknown }) => o;
    expect(spec.options.map((o) => describe({ flags: o.flags, repeat: Boolean(o.repeat), default: o.default }))).toEqual(
      registered.map((o) => describe({ flags: o.flags, repeat: Boolean(o.parseArg), default: o.negate ? undefined : o.defaultValue })),
    );
    for (const o of spec.options) expect(() => parseFlags(o.flags)).not.toThrow();
  });
});

describe('the lean start reads verify arguments as commander does', () => {
  const spec = LEAN_COMMANDS.verify!.spec;
  const read = [
    [],
    ['main'],
    ['origin/main..HEAD', '--json'],
    ['--json', 'v1..v2', '--strict'],
    ['--format', 'github', 'a..b'],
    ['--format=github', 'a..b'],
    ['--trust', 'abc123', 'abc123..HEAD'],
    ['--trust=abc123', '--keyring', 'k1', '--keyring=k2', 'HEAD'],
    ['--no-cache', 'HEAD^!'],
    ['--pre-push', 'origin', 'git@example.com:r.git'],
    ['HEAD', '--not', '--remotes'],
    ['--not', 'main', 'HEAD', '--json'],
    ['--branches=feat/*', '--tags', '--not', '--remotes=origin'],
    ['--all'],
    ['A', '--not', 'B', '--trust', 'T', 'C'],
    ['-'],
  ];
  it.each(read)('%j', async (...argv) => {
    const lean = parseLean(argv, spec);
    expect(lean).not.toBeNull();
    expect(lean).toEqual(await commanderParse('verify', argv));
  });

  // commander's call: help, errors, and anything the lean reader does not know for sure.
  const left = [
    ['--help'],
    ['-h'],
    ['--', 'HEAD'],
    ['--format'],
    ['--trust'],
    ['--json=yes'],
    ['--trust', '--json'],
    ['--unknown-option', 'HEAD'],
    ['-x'],
    ['--glob=refs/heads/*'],
  ];
  it.each(left)('leaves %j to commander', (...argv) => {
    expect(parseLean(argv, spec)).toBeNull();
  });
});

describe('the lean start reads report arguments as commander does', () => {
  const spec = LEAN_COMMANDS.report!.spec;
  const read = [
    [],
    ['v1.0..v2.0'],
    ['v1.0..v2.0', '--format', 'html', '-o', 'report.html'],
    ['--json', 'main~500..main', '--by', 'author'],
    ['--repo', '../api', '--repo=../web', 'v1..v2'],
    ['--format=csv', '--output=out.csv', 'HEAD'],
  ];
  it.each(read)('%j', async (...argv) => {
    const lean = parseLean(argv, spec);
    expect(lean).not.toBeNull();
    expect(lean).toEqual(await commanderParse('report', argv));
  });
  it.each([['--help'], ['--not', 'HEAD'], ['-o'], ['-ofile']])('leaves %j to commander', (...argv) => {
    expect(parseLean(argv, spec)).toBeNull();
  });
});

describe('the lean start reads trace arguments as commander does', () => {
  const spec = LEAN_COMMANDS.trace!.spec;
  const read = [
    ['src/a.ts', '-L', '10,29'],
    ['-L', '1,+10', 'src/a.ts', '--json'],
    ['src/a.ts', '-L', ':main', '-L', '40,60', '--follow', '--patch'],
    ['src/a.ts', '--lines=5,9', '--rev', 'v1.0', '--no-cache'],
    ['src/a.ts', '-L', '3,4', '--no-history', '--json'],
    ['src/a.ts', '-L', '3,4', '--detail', '--reason', 'INC-42', '--key', 'k.asc'],
  ];
  it.each(read)('%j', async (...argv) => {
    const lean = parseLean(argv, spec);
    expect(lean).not.toBeNull();
    expect(lean).toEqual(await commanderParse('trace', argv));
  });
  it.each([['--help'], ['-L', '1,2', '--', '-odd.ts'], ['src/a.ts', '-L'], ['-L1,2', 'src/a.ts']])('leaves %j to commander', (...argv) => {
    expect(parseLean(argv, spec)).toBeNull();
  });
});

describe('the lean start reads detect arguments as commander does', () => {
  const spec = LEAN_COMMANDS.detect!.spec;
  const read = [
    [],
    ['origin/main..HEAD'],
    ['v1.0..v2.0', '--content', '--format', 'sarif'],
    ['--json', '--min-confidence', 'medium', '--fail-on', 'high'],
    ['HEAD~5..HEAD', '--signals', 'a.json', '--signals=b.json', '--format=github'],
  ];
  it.each(read)('%j', async (...argv) => {
    const lean = parseLean(argv, spec);
    expect(lean).not.toBeNull();
    expect(lean).toEqual(await commanderParse('detect', argv));
  });
  it.each([['--help'], ['--', '-odd'], ['--format'], ['-x']])('leaves %j to commander', (...argv) => {
    expect(parseLean(argv, spec)).toBeNull();
  });
});

describe('parseLean', () => {
  it('keeps defaults, collects repeated values and takes the last of a single one', () => {
    const spec = {
      options: [
        { flags: '-L, --lines <range>', repeat: true, default: [] },
        { flags: '--rev <rev>', default: 'HEAD' },
        { flags: '--follow' },
      ],
      operands: 'one' as const,
    };
    expect(parseLean(['f.ts', '-L', '1,5', '--lines=8,9', '--rev', 'a', '--rev', 'b'], spec)).toEqual({
      operands: ['f.ts'],
      options: { lines: ['1,5', '8,9'], rev: 'b' },
    });
    expect(parseLean(['f.ts'], spec)).toEqual({ operands: ['f.ts'], options: { lines: [], rev: 'HEAD' } });
    expect(parseLean([], spec)).toBeNull();
    expect(parseLean(['a', 'b'], spec)).toBeNull();
    expect(parseLean(['f.ts', '--follow'], spec)?.options.follow).toBe(true);
  });
});
