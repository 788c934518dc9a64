import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { mulberry32 } from './rng.js';

/** A commit message and the features the generator put into it. */
export interface CorpusMessage {
  text: string;
  tags: Set<string>;
}

const KEYS = [
  'Signed-off-by',
  'Co-authored-by',
  'Change-Id',
  'Reviewed-by',
  'Assisted-by',
  'Ai-Attest-Tool',
  'Ai-Attest-Sig',
  'Fixes',
  'Bug',
  'X-Foo-1',
  '-',
  'a',
  'http',
  'signed-off-by',
];
const NOT_KEYS = ['Key with space', 'Key_x', 'Schlüssel', 'Ключ', '(Paren)', 'Bug #'];
const WORDS = ['fix', 'the', 'parser', 'trailer', 'commit', 'value', 'Änderung', 'über', 'x', 'café', '日本語', '🚀'];
const TEXT = [
  'Some text here.',
  'Fixes the bug in the parser.',
  'Note: this has a colon',
  'http://example.com/a:b',
  'https://github.com/o/r/pull/1',
  '---',
  '--- a/file.c',
  '-- ',
  '----',
  '(cherry picked from commit 1234abcd)',
  '(cherry picked from 1234abcd)',
  '(cherry-picked from commit 1234abcd)',
  'Signed-off-by:  Two Spaces',
  'Signed-off-by:NoSpace',
  ':starts with colon',
  'Conflicts:',
  'See also: the docs',
  'WIP',
  'v1.2: notes',
];
const CONTINUATIONS = [
  ' more',
  '\tmore text',
  '   indented: looks like a trailer',
  ' ',
  '\t',
  '\vvertical',
  '\fform',
  '\rcarriage',
  ' : odd',
];

class Gen {
  readonly tags = new Set<string>();
  constructor(private readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  value(): string {
    if (this.chance(0.08)) {
      this.tags.add('long');
      return Array.from({ length: 40 + this.int(40) }, () => this.pick(WORDS)).join(' ');
    }
    if (this.chance(0.1)) {
      this.tags.add('url');
      return `https://example.com/${this.pick(WORDS)}?q=1#x`;
    }
    if (this.chance(0.1)) return 'A U Thor <author@example.com>';
    if (this.chance(0.05)) return '';
    const v = Array.from({ length: 1 + this.int(4) }, () => this.pick(WORDS)).join(' ');
    if (/[^\x00-\x7f]/.test(v)) this.tags.add('unicode');
    return v;
  }

  trailer(): string[] {
    if (this.chance(0.05)) {
      this.tags.add('git-generated');
      return [`(cherry picked from commit ${this.int(1e9).toString(16)})`];
    }
    let key = this.pick(KEYS);
    if (this.chance(0.06)) {
      key = this.pick(NOT_KEYS);
      this.tags.add('not-a-key');
      if (/[^\x00-\x7f]/.test(key)) this.tags.add('unicode');
    }
    if (key === 'Signed-off-by') this.tags.add('git-generated');
    const sep = this.pick([': ', ': ', ': ', ':', ' : ', '\t: ', ' :', ':  ']);
    if (sep !== ': ') this.tags.add('separator-spacing');
    const pad = this.chance(0.1) ? this.pick([' ', '\t', '  ']) : '';
    if (pad) this.tags.add('trailing-space');
    const lines = [`${key}${sep}${this.value()}${pad}`];
    while (this.chance(0.2)) {
      this.tags.add('continuation');
      lines.push(this.chance(0.7) ? ` ${this.value()}` : this.pick(CONTINUATIONS));
    }
    return lines;
  }

  text(): string[] {
    const line = this.chance(0.5) ? this.pick(TEXT) : Array.from({ length: 2 + this.int(6) }, () => this.pick(WORDS)).join(' ');
    if (line.startsWith('---')) this.tags.add('divider');
    if (line.startsWith('http')) this.tags.add('url');
    if (line.startsWith('(cherry')) this.tags.add('git-generated');
    const lines = [line];
    if (this.chance(0.1)) {
      this.tags.add('continuation');
      lines.push(this.pick(CONTINUATIONS));
    }
    return lines;
  }

  comment(): string {
    this.tags.add('comment');
    return this.pick(['# a comment', '#', '# Please enter the commit message for your changes.', '#Key: v']);
  }

  /** The last paragraph, where trailers are looked for. */
  lastParagraph(): string[] {
    const kind = this.int(6);
    const out: string[] = [];
    const trailers = 1 + this.int(5);
    if (kind <= 1) {
      for (let i = 0; i < trailers; i++) out.push(...this.trailer());
    } else if (kind === 2) {
      // Around the 25% rule: t trailers and about 3t other lines, one of them git-generated.
      this.tags.add('25%');
      this.tags.add('git-generated');
      const t = 1 + this.int(3);
      out.push(this.chance(0.5) ? 'Signed-off-by: A U Thor <a@example.com>' : '(cherry picked from commit deadbeef)');
      for (let i = 1; i < t; i++) out.push(...this.trailer());
      for (let i = 0, n = 3 * t - 2 + this.int(4); i < n; i++) out.splice(this.int(out.length + 1), 0, ...this.text());
    } else if (kind === 3) {
      for (let i = 0; i < trailers; i++) out.push(...(this.chance(0.7) ? this.trailer() : this.text()));
    } else if (kind === 4) {
      for (let i = 0; i < trailers; i++) out.push(...this.trailer());
      out.splice(this.int(out.length + 1), 0, this.chance(0.5) ? this.comment() : this.pick(['---', '--- ', '---x']));
      if (out.some((l) => l.startsWith('---'))) this.tags.add('divider');
    } else {
      for (let i = 0; i < trailers; i++) out.push(...this.text());
    }
    if (this.chance(0.1)) {
      this.tags.add('whitespace-line');
      out.push(this.pick([' ', '\t', '  ']));
    }
    return out;
  }

  message(): string {
    const paras: string[][] = [];
    const subject = this.pick([
      'Fix the parser',
      'Add feature: trailers',
      'Change-Id: I1234',
      'Signed-off-by: X <x@y>',
      '',
      'Ünïcode subject ✓',
      'Conflicts:',
    ]);
    paras.push(this.chance(0.1) ? [this.comment(), subject] : [subject]);
    if (this.chance(0.08)) {
      this.tags.add('subject-only');
    } else {
      for (let i = this.int(3); i > 0; i--) paras.push(this.chance(0.3) ? this.lastParagraph() : this.text());
      paras.push(this.lastParagraph());
    }
    const tail: string[] = [];
    if (this.chance(0.15)) tail.push('', this.comment(), this.comment());
    if (this.chance(0.05)) {
      this.tags.add('scissors');
      tail.push('# ------------------------ >8 ------------------------', 'diff --git a/x b/x', '+Key: v');
    }
    if (this.chance(0.04)) {
      this.tags.add('conflicts');
      tail.push(
        ...this.pick([
          ['Conflicts:', '\tsrc/a.ts'],
          ['#', '\tsrc/a.ts'],
          ['Conflicts:', '', '#\tsrc/b.ts'],
        ]),
      );
    }
    if (this.chance(0.1)) tail.push('', '');
    const blank = (): string => (this.chance(0.1) ? this.pick([' ', '\t', '', '\n']) : '');
    let text = [paras.map((p) => p.join('\n')).join(`\n${blank()}\n`), ...tail].join('\n');
    if (this.chance(0.05)) text = `\n${text}`;
    if (this.chance(0.03)) {
      this.tags.add('scissors');
      text = `# ------------------------ >8 ------------------------\n${text}`;
    }
    if (this.chance(0.85)) text += '\n';
    else this.tags.add('no-final-newline');
    if (this.chance(0.03)) {
      text = '';
      this.tags.clear();
    }
    if (text.includes('\n') && this.chance(0.15)) {
      this.tags.add('crlf');
      const mixed = this.chance(0.1);
      text = text.replace(/\n/g, () => (!mixed || this.chance(0.5) ? '\r\n' : '\n'));
    }
    return text;
  }
}

export function makeCorpus(count: number, seed: number): CorpusMessage[] {
  const r = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const g = new Gen(r);
    const text = g.message();
    return { text, tags: g.tags };
  });
}

const MARKER = 'Zz-Corpus-Marker';

/**
 * `git interpret-trailers --parse --no-divider` for each message, as "Key: value" lines. One git
 * process per chunk reads many files; a marker file after each message splits the output.
 */
export async function gitParse(messages: string[], chunks = 2): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-attest-trailers-'));
  try {
    writeFileSync(join(dir, 'marker'), `x\n\n${MARKER}: end\n`);
    messages.forEach((m, i) => writeFileSync(join(dir, `m${i}`), m));
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
    Object.assign(env, {
      HOME: dir,
      XDG_CONFIG_HOME: dir,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CEILING_DIRECTORIES: dirname(dir),
    });
    const size = Math.ceil(messages.length / chunks);
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: chunks }, async (_, c) => {
        const args = ['interpret-trailers', '--parse', '--no-divider'];
        for (let i = c * size; i < Math.min(messages.length, (c + 1) * size); i++) args.push(`m${i}`, 'marker');
        const { stdout } = await run('git', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
        return stdout;
      }),
    );
    const result: string[][] = [];
    let current: string[] = [];
    for (const line of outputs.join('').split('\n')) {
      if (line === `${MARKER}: end`) {
        result.push(current);
        current = [];
      } else if (line !== '') {
        current.push(line);
      }
    }
    if (result.length !== messages.length) throw new Error(`git parsed ${result.length} of ${messages.length} messages`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
