// @module-tag git
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTrailerBlock, parseTrailers, rewriteTrailers, type Trailer } from '../src/core/trailers.js';

const home = mkdtempSync(join(tmpdir(), 'ai-attest-trailers-unit-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** git interpret-trailers with default configuration, outside any repository. */
function git(args: string[], input: string): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CEILING_DIRECTORIES: dirname(home),
  });
  const r = spawnSync('git', ['interpret-trailers', '--no-divider', ...args], { cwd: home, env, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const gitParse = (message: string): string[] => git(['--parse'], message).split('\n').filter(Boolean);
const lines = (ts: Trailer[]): string[] => ts.map((t) => `${t.key}: ${t.value}`);

describe('parseTrailers', () => {
  // [why, message, trailers as "Key: value"]; every row is also checked against git itself.
  const cases: [string, string, string[]][] = [
    ['last paragraph of trailers', 'Fix\n\nBody.\n\nFoo: bar\nBaz: q\n', ['Foo: bar', 'Baz: q']],
    ['the subject is never a trailer block', 'Foo: bar\n', []],
    ['a subject of only trailers is still the subject', 'Signed-off-by: A <a@x>\nFoo: bar\n', []],
    ['only the last paragraph counts', 'A: 1\n\nB: 2\n\nC: 3\n', ['C: 3']],
    ['a leading blank line leaves an empty subject', '\nFoo: bar\n', ['Foo: bar']],
    ['empty message', '', []],
    ['spacing around the separator', 'Fix\n\nA:v\nB :v\nC\t:  v  \nD:\n', ['A: v', 'B: v', 'C: v', 'D: ']],
    ['a key with a space is text, and text spoils the block', 'Fix\n\nKey with space: v\nFoo: bar\n', []],
    ['tokens are ASCII letters, digits and -', 'Fix\n\n-: x\nX-1: y\n', ['-: x', 'X-1: y']],
    ['an underscore is not a token character', 'Fix\n\nKey_x: v\nFoo: bar\n', []],
    ['a non-ASCII key is not a token', 'Fix\n\nSchlüssel: v\n', []],
    ['non-ASCII values are fine', 'Fix\n\nNote: café 日本語 🚀\n', ['Note: café 日本語 🚀']],
    ['a URL is a trailer whose key is the scheme', 'Fix\n\nhttps://example.com/x\n', ['https: //example.com/x']],
    ['continuation lines unfold to one space', 'Fix\n\nFoo: a\n  b\n\tc\nBar: d\n', ['Foo: a b c', 'Bar: d']],
    ['\\v is not white space to git', 'Fix\n\nFoo: a\n\vb\n', []],
    ['25% rule: Signed-off-by carries 3 text lines', 'Fix\n\nSigned-off-by: A\none\ntwo\nthree\n', ['Signed-off-by: A']],
    ['25% rule: but not 4', 'Fix\n\nSigned-off-by: A\none\ntwo\nthree\nfour\n', []],
    ['25% rule needs a git-generated line', 'Fix\n\nFoo: A\none\n', []],
    ['"Signed-off-by:" without the space is not git-generated', 'Fix\n\nSigned-off-by:A\none\n', []],
    ['a cherry-pick line counts but is not output', 'Fix\n\n(cherry picked from commit abc)\nFoo: x\ntext\n', ['Foo: x']],
    ['comment lines are skipped', 'Fix\n\nFoo: a\n# note\nBar: b\n\n# Please enter\n', ['Foo: a', 'Bar: b']],
    ['--no-divider: "---" is an ordinary text line', 'Fix\n\nFoo: a\n---\nBar: b\n', []],
    ['--no-divider: trailers after a "---" paragraph', 'Fix\n\n---\n\nFoo: a\n', ['Foo: a']],
    ['the scissors line ends the message', 'Fix\n\nFoo: a\n# ------------------------ >8 ------------------------\nBar: b\n', ['Foo: a']],
    ['an old "Conflicts:" block is ignored', 'Fix\n\nFoo: a\nConflicts:\n\tx.c\n', ['Foo: a']],
    ['CRLF', 'Fix\r\n\r\nFoo: a\r\nBar: b\r\n', ['Foo: a', 'Bar: b']],
    ['CRLF continuation keeps the CR, as git does', 'Fix\r\n\r\nFoo: a\r\n  b\r\n', ['Foo: a\r b']],
    ['"Conflicts:" with CRLF is a trailer', 'Fix\r\n\r\nFoo: a\r\nConflicts:\r\n\tx.c\r\n', ['Foo: a', 'Conflicts: x.c']],
    ['no final newline', 'Fix\n\nFoo: a', ['Foo: a']],
    ['a white-space-only line separates paragraphs', 'Fix\n\ntext\n \t\nFoo: a\n', ['Foo: a']],
    ['an indented line after a comment is text', 'Fix\n \nKey: v\n#c\n\tx\n', []],
    // git marks "no trailing run" with offset 0, so a subject "Conflicts:" opens a block it never closes
    ['git quirk: a "Conflicts:" subject', 'Conflicts:\n \nKey: v\n#c\n\tx\n', ['Key: v']],
  ];
  it.each(cases)('%s', (_why, message, expected) => {
    expect(lines(parseTrailers(message))).toEqual(expected);
    expect(gitParse(message)).toEqual(expected);
  });
});

describe('findTrailerBlock', () => {
  it('gives line indexes of the block', () => {
    expect(findTrailerBlock('Fix\n\nBody.\n\nA: 1\n  more\nB: 2\n')).toEqual({ start: 4, end: 7 });
    expect(findTrailerBlock('Fix\r\n\r\nA: 1\r\n')).toEqual({ start: 2, end: 3 });
    expect(findTrailerBlock('Fix\n\nA: 1')).toEqual({ start: 2, end: 3 });
  });
  it('leaves out comment and white-space lines at its tail', () => {
    expect(findTrailerBlock('Fix\n\nA: 1\n#c\n \n')).toEqual({ start: 2, end: 3 });
    expect(findTrailerBlock('Fix\n\nA: 1\n\n# Please enter\n')).toEqual({ start: 2, end: 3 });
  });
  it('is null without a block', () => {
    expect(findTrailerBlock('Fix\n\nBody.\n')).toBeNull();
    expect(findTrailerBlock('Foo: bar\n')).toBeNull();
    expect(findTrailerBlock('')).toBeNull();
  });
});

describe('rewriteTrailers', () => {
  const ours = (t: Trailer): boolean => !t.key.startsWith('Ai-Attest-');
  const add = [
    { key: 'Ai-Attest-Tool', value: 'claude-code:claude-sonnet-4-5-20250929' },
    { key: 'Ai-Attest-Sig', value: 'abc' },
  ];
  const added = 'Ai-Attest-Tool: claude-code:claude-sonnet-4-5-20250929\nAi-Attest-Sig: abc\n';
  const rewrite = (m: string): string => rewriteTrailers(m, ours, add);

  it('keeps user trailers verbatim and replaces ours', () => {
    const m = 'Fix\n\nBody.\n\nCo-authored-by: A <a@x>\nAi-Attest-Tool: old\n  folded\nChange-Id :I1\n  more\n';
    expect(rewrite(m)).toBe(`Fix\n\nBody.\n\nCo-authored-by: A <a@x>\nChange-Id :I1\n  more\n${added}`);
  });

  it('is idempotent', () => {
    for (const m of ['Fix\n', 'Fix\n\nA: 1\n', 'Fix\r\n\r\nBody\r\n', 'Fix\n\n# c\n', '', 'Fix', 'Fix\n\nSigned-off-by: A\ntext\n']) {
      expect(rewrite(rewrite(m)), JSON.stringify(m)).toBe(rewrite(m));
    }
  });

  it('starts a new paragraph when there is no block', () => {
    expect(rewrite('Fix\n\nBody text.\n')).toBe(`Fix\n\nBody text.\n\n${added}`);
    expect(rewrite('Fix')).toBe(`Fix\n\n${added}`);
    expect(rewrite('Foo: bar\n')).toBe(`Foo: bar\n\n${added}`);
    expect(rewrite('')).toBe(`\n${added}`);
  });

  it("goes before git's comment help text and the scissors line", () => {
    const help = '# Please enter the commit message for your changes.\n#\n# On branch main\n';
    expect(rewrite(`Fix\n\n${help}`)).toBe(`Fix\n\n${added}\n${help}`);
    expect(rewrite(`Fix\n\nA: 1\n\n${help}`)).toBe(`Fix\n\nA: 1\n${added}\n${help}`);
    expect(rewrite(`Fix\n${help}`)).toBe(`Fix\n\n${added}${help}`);
    // git puts them after the first comment line here: its "no trailing run" marker is offset 0
    expect(rewrite(help)).toBe(`\n${added}${help}`);
    const cut = '# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n+A: 1\n';
    expect(rewrite(`Fix\n\n${cut}`)).toBe(`Fix\n\n${added}\n${cut}`);
  });

  it('keeps CRLF line endings', () => {
    const crlf = added.replace(/\n/g, '\r\n');
    expect(rewrite('Fix\r\n\r\nBody\r\n')).toBe(`Fix\r\n\r\nBody\r\n\r\n${crlf}`);
    expect(rewrite('Fix\r\n\r\nA: 1\r\nAi-Attest-Sig: x\r\n')).toBe(`Fix\r\n\r\nA: 1\r\n${crlf}`);
    expect(rewrite('Fix\r\n\r\nA: 1')).toBe(`Fix\r\n\r\nA: 1\r\n${crlf}`);
  });

  it('removes an emptied block with the blank line before it', () => {
    expect(rewriteTrailers('Fix\n\nBody\n\nAi-Attest-Tool: x\n', ours, [])).toBe('Fix\n\nBody\n');
    expect(rewriteTrailers('Fix\n\nAi-Attest-Tool: x\n# c\n', ours, [])).toBe('Fix\n\n# c\n');
    expect(rewriteTrailers('Fix\n\nBody\n', ours, [])).toBe('Fix\n\nBody\n');
  });

  it('never drops text that made a 25% block, and keeps our trailers readable', () => {
    const m = 'Fix\n\nSigned-off-by: A\nsome text\nmore text\nAi-Attest-Tool: old\n';
    const out = rewriteTrailers(m, (t) => ours(t) && t.key !== 'Signed-off-by', add);
    expect(out).toBe(`Fix\n\nsome text\nmore text\n\n${added}`);
    expect(parseTrailers(out)).toEqual(add);
  });

  it('keeps a final unterminated "Conflicts:" a trailer, as git reads it', () => {
    const m = 'Fix\n\nSigned-off-by: A\nConflicts:';
    expect(rewrite(m)).toBe(`${m}\n${added}`);
    expect(lines(parseTrailers(rewrite(m)))).toEqual(['Signed-off-by: A', 'Conflicts: ', ...added.trim().split('\n')]);
  });

  it('refuses trailers it could not write on one line', () => {
    expect(() => rewriteTrailers('Fix\n', ours, [{ key: 'Bad key', value: 'v' }])).toThrow(TypeError);
    expect(() => rewriteTrailers('Fix\n', ours, [{ key: 'K', value: 'a\nb' }])).toThrow(TypeError);
  });

  it('writes what git interpret-trailers --trailer writes', () => {
    const trailerArgs = add.flatMap((t) => ['--trailer', `${t.key}: ${t.value}`]);
    // Messages where git does not reformat anything: the text must be identical.
    for (const m of [
      'Fix\n',
      'Fix\n\nBody.\n',
      'Fix\n\nA: 1\nB: 2\n',
      'Fix\n\nBody\n# comment\n',
      'Fix\n\n# help\n#\n',
      'Fix\n# help\n',
      '',
      'Fix\n\nA: 1\n\n# help\n',
    ]) {
      expect(
        rewriteTrailers(m, () => true, add),
        JSON.stringify(m),
      ).toBe(git(trailerArgs, m));
    }
    // Git rewrites these blocks (spacing, comments, line endings); the trailers must still agree.
    for (const m of ['Fix\n\nA :1\n  more\n# c\nB: 2\n', 'Fix\r\n\r\nA: 1\r\n', 'Fix\n\nSigned-off-by: A\ntext\n']) {
      expect(parseTrailers(rewriteTrailers(m, () => true, add)), JSON.stringify(m)).toEqual(parseTrailers(git(trailerArgs, m)));
    }
    // Without a final newline git glues its trailers to the subject, where they are not trailers.
    expect(git(trailerArgs, 'Fix')).toBe(`Fix\n${added}`);
    expect(parseTrailers(rewriteTrailers('Fix', () => true, add))).toEqual(add);
  });
});
