// @module-tag git
import { readFileSync } from 'node:fs';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/defaults.js';
import { compileGlob, GlobError } from '../src/config/glob.js';
import { validateConfigText } from '../src/config/load.js';
import { matchSensitive, pathWords, sensitiveMatcher, UNREADABLE_PATH_CATEGORY } from '../src/config/sensitive.js';
import type { SensitiveCategory } from '../src/config/types.js';
import { mulberry32 } from './helpers/rng.js';
import { makeRepo } from './helpers/repo.js';

describe('globs', () => {
  const globs = [
    '**/auth/**',
    '**/*.pem',
    '**/.env',
    '**/.env.*',
    '**/*auth*.*',
    '**/middleware/**/*security*',
    'src/**',
    '**',
    '*.ts',
    'src/*/x.ts',
    '**/terraform/**/*iam*',
    '**/{a,b}/*.js',
    '**/[ab]*.js',
    'a/**/b',
    'src/?.ts',
    '**/a*a*a*b',
    'x/**/**/y',
    './src/*.ts',
  ];
  const paths = [
    'src/auth/x.ts',
    'auth/x',
    'x/auth',
    'a.pem',
    'x/y/a.pem',
    '.env',
    'x/.env',
    'x/.env.local',
    'src/authorship/a.ts',
    'src/authz.ts',
    'src/middleware/a/b/security.ts',
    'src',
    'src/a',
    'src/a/b',
    'x.ts',
    'a/x.ts',
    'src/q/x.ts',
    'src/q/r/x.ts',
    'infra/terraform/m/william.tf',
    'a/b.js',
    'b/c.js',
    'q/a.js',
    'q/bx.js',
    'a/b',
    'a/x/y/b',
    'a/xb',
    'src/q.ts',
    'src/qq.ts',
    'aaab',
    'x/aab',
    'x/ab',
    'x/y',
    'x/p/q/y',
  ];

  it('match as picomatch does (dot: true), case for case', () => {
    const differ: string[] = [];
    for (const glob of globs) {
      const theirs = picomatch(glob, { dot: true });
      const ours = compileGlob(glob, { caseSensitive: true });
      for (const path of paths) if (ours(path) !== theirs(path)) differ.push(`${glob} ${path}: ${ours(path)}`);
    }
    expect(differ).toEqual([]);
  });

  it('are case-insensitive unless asked, and match names with a newline', () => {
    expect(compileGlob('**/auth/**')('src/Auth/Session.ts')).toBe(true);
    expect(compileGlob('**/auth/**', { caseSensitive: true })('src/Auth/Session.ts')).toBe(false);
    expect(compileGlob('**/*.PEM')('certs/server.pem')).toBe(true);
    expect(compileGlob('**/*secret*')('deploy/a\nsecret.yaml')).toBe(true);
    expect(compileGlob('**/[!a]*.js')('q/b.js')).toBe(true);
    expect(compileGlob('**/[!a]*.js')('q/a.js')).toBe(false);
  });

  it('cannot hang: a glob that makes a backtracking matcher run for ages answers at once', () => {
    // A regular expression for this glob tries about C(200, 11) ways to split the path before failing.
    const glob = '**/a*a*a*a*a*a*a*a*a*a*a*b';
    const path = `x/${'a'.repeat(200)}`;
    expect(compileGlob(glob)(path)).toBe(false);
    expect(compileGlob(glob)(`${path}b`)).toBe(true);
    expect(sensitiveMatcher([{ category: 'c', description: '', globs: [glob] }])(path.repeat(20))).toBeNull();
  });

  it('are checked at config load, each problem with its place', async () => {
    const config = {
      version: 1,
      tools: [],
      sensitive: [{ category: 'x', globs: ['src/{a,b'] }, { category: 'y', globs: [`${'a/'.repeat(200)}`] }, { category: 'z' }],
    };
    const error = await validateConfigText(JSON.stringify(config), 'config.json').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/sensitive\.0\.globs\.0: unclosed "\{"/);
    expect((error as Error).message).toMatch(/sensitive\.1\.globs\.0: a glob may have at most 300 characters/);
    expect((error as Error).message).toMatch(/sensitive\.2: category "z" needs globs or words/);
    expect(() => compileGlob('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}')).toThrow(GlobError);
  });
});

describe('sensitive words and defaults', () => {
  const match = sensitiveMatcher(defaultConfig().sensitive);

  it('split a path into words at separators, camelCase and digits', () => {
    expect(pathWords('src/services/OAuthClient.java')).toEqual(['src', 'services', 'o', 'auth', 'client', 'java']);
    expect(pathWords('lib/HTTPServer_v2-authz.rs')).toEqual(['lib', 'http', 'server', 'v', '2', 'authz', 'rs']);
  });

  it('match whole words, never "author"', () => {
    for (const path of [
      'src/auth/x.ts',
      'src/Auth/Session.ts',
      'src/authService.ts',
      'src/OAuthClient.java',
      'app/sessions_controller.rb',
      'x/reset-password.ts',
      'pkg/token/manager.go',
      'crypto/aes.c',
      'x/LoginForm.tsx',
    ]) {
      expect(match(path), path).toBe('security-controls');
    }
    for (const path of [
      'src/authorship/a.ts',
      'AUTHORS',
      't/t9130-git-svn-authors-file.sh',
      'lib/tokenizer.rs',
      'infra/terraform/william.tf',
      'src/audition.ts',
      'x/secretary.rb',
      'README.md',
    ]) {
      expect(match(path), path).toBeNull();
    }
  });

  it('treat a path named with control characters, escapes or bidi overrides as sensitive', () => {
    expect(match('src/a\nb.ts')).toBe(UNREADABLE_PATH_CATEGORY);
    expect(match('src/\u001b[31mx.ts')).toBe(UNREADABLE_PATH_CATEGORY);
    expect(match('src/x\u202egnp.ts')).toBe(UNREADABLE_PATH_CATEGORY);
    expect(matchSensitive(['README.md', 'doc/a\tb.md'], [])).toEqual([{ path: 'doc/a\tb.md', category: UNREADABLE_PATH_CATEGORY }]);
  });
});

/** The defaults before precise words: `**\/*auth*.*` matched "author". Kept to measure the change. */
const OLD_DEFAULTS: SensitiveCategory[] = [
  {
    category: 'security-controls',
    description: '',
    globs: ['**/auth/**', '**/authn/**', '**/authz/**', '**/security/**', '**/crypto/**', '**/*auth*.*', '**/middleware/**/*security*'],
  },
  {
    category: 'iam-network-policy',
    description: '',
    globs: ['**/iam/**', '**/*.rego', '**/rbac/**', '**/*networkpolicy*', '**/terraform/**/*iam*', '**/policies/**'],
  },
  {
    category: 'credentials',
    description: '',
    globs: ['**/.env', '**/.env.*', '**/secrets/**', '**/*secret*', '**/*credential*', '**/*.pem', '**/*.key'],
  },
  { category: 'compliance-scope', description: '', globs: ['**/payments/**', '**/billing/**', '**/pii/**', '**/audit/**'] },
].map((c) => ({ ...c, caseSensitive: true }));

interface Labelled {
  path: string;
  sensitive: boolean;
}

/** False positives of not-sensitive paths, and misses of sensitive ones, in whole percent to one decimal. */
function rates(corpus: readonly Labelled[], categories: readonly SensitiveCategory[]) {
  const match = sensitiveMatcher(categories);
  const negatives = corpus.filter((p) => !p.sensitive);
  const positives = corpus.filter((p) => p.sensitive);
  const fp = negatives.filter((p) => match(p.path) !== null).length;
  const fn = positives.filter((p) => match(p.path) === null).length;
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
  return { paths: corpus.length, positives: positives.length, falsePositive: pct(fp, negatives.length), missed: pct(fn, positives.length) };
}

/**
 * Paths as projects spell them: folders and file names of one to three words in camelCase,
 * PascalCase, snake_case or kebab-case. A path is sensitive exactly when one of its words is a
 * sensitive word; the neutral vocabulary is rich in the near misses that substring globs catch.
 */
function generatedCorpus(count: number, seed: number): Labelled[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const sensitiveWords = [
    'auth',
    'login',
    'session',
    'password',
    'token',
    'crypto',
    'oauth',
    'secret',
    'credential',
    'payment',
    'billing',
    'iam',
    'rbac',
    'authz',
    'jwt',
    'csrf',
    'audit',
    'permission',
  ];
  const nearMisses = [
    'author',
    'authors',
    'authorship',
    'coauthor',
    'authoring',
    'tokenizer',
    'tokenize',
    'secretary',
    'william',
    'diamond',
    'liam',
    'keyboard',
    'monkey',
    'audition',
    'auditorium',
    'cryptic',
    'passthrough',
    'sessionize',
    'payload',
    'bill',
    'credit',
  ];
  const neutral = [
    'user',
    'profile',
    'list',
    'item',
    'view',
    'model',
    'controller',
    'service',
    'helper',
    'util',
    'format',
    'date',
    'parser',
    'render',
    'cache',
    'store',
    'router',
    'config',
    'test',
    'spec',
    'index',
    'main',
    'app',
    'core',
    'common',
    'api',
    'client',
    'server',
    'handler',
    'event',
    'queue',
    'worker',
    'image',
    'upload',
    'search',
    'report',
    'chart',
    'table',
    'button',
    'form',
    'modal',
    'layout',
    'theme',
    'style',
  ];
  const dirs = [
    'src',
    'lib',
    'app',
    'pkg',
    'internal',
    'test',
    'tests',
    'docs',
    'scripts',
    'components',
    'utils',
    'services',
    'cmd',
    'web',
    'ui',
    'core',
    'tools',
    'packages',
  ];
  const exts = ['ts', 'tsx', 'js', 'py', 'go', 'rs', 'rb', 'java', 'md', 'json', 'yaml', 'sh', 'c', 'h'];
  const styles = [
    (w: string[]) => w.map((x, i) => (i ? x[0]!.toUpperCase() + x.slice(1) : x)).join(''),
    (w: string[]) => w.map((x) => x[0]!.toUpperCase() + x.slice(1)).join(''),
    (w: string[]) => w.join('_'),
    (w: string[]) => w.join('-'),
  ];
  const out: Labelled[] = [];
  for (let n = 0; n < count; n++) {
    let sensitive = false;
    const word = () => {
      const r = random();
      if (r < 0.08) {
        sensitive = true;
        return pick(sensitiveWords);
      }
      return r < 0.4 ? pick(nearMisses) : pick(neutral);
    };
    const name = (words: number) => pick(styles)(Array.from({ length: words }, word));
    const folders = Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.6 ? pick(dirs) : name(1)));
    out.push({ path: `${folders.join('/')}/${name(1 + Math.floor(random() * 3))}.${pick(exts)}`, sensitive });
  }
  return out;
}

function realShapedCorpus(): Labelled[] {
  return readFileSync(new URL('./fixtures/sensitive-paths-real.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => /^[+-] /.test(line))
    .map((line) => ({ path: line.slice(2), sensitive: line[0] === '+' }));
}

describe('false-positive corpus (figures in docs/sensitive-paths.md)', () => {
  const corpora = { generated: generatedCorpus(5_000, 20260101), 'real-shaped': realShapedCorpus() };
  const docs = readFileSync(new URL('../docs/sensitive-paths.md', import.meta.url), 'utf8');

  it.each(Object.entries(corpora))('%s paths: the documented rates are the measured ones', (name, corpus) => {
    const before = rates(corpus, OLD_DEFAULTS);
    const after = rates(corpus, defaultConfig().sensitive);
    const row =
      `| ${name} | ${after.paths} | ${after.positives} | ${before.falsePositive} | ${before.missed} | ${after.falsePositive} |` +
      ` ${after.missed} |`;
    expect(docs).toContain(row);
    expect(parseFloat(after.falsePositive)).toBeLessThan(parseFloat(before.falsePositive));
  });
});

describe('init shows which tracked files the categories match', () => {
  it('counts per category with the first few paths, author files left out', () => {
    const repo = makeRepo();
    try {
      for (const path of ['src/auth/login.ts', 'src/authorship/blame.ts', 'AUTHORS', 'deploy/.env', 'README.md']) repo.write(path, 'x\n');
      repo.git(['add', '-A']);
      repo.git(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'history']);
      const r = repo.cli(['init', '--yes', '--json']);
      expect(r.status, r.stderr).toBe(0);
      const survey = (
        JSON.parse(r.stdout) as { sensitive: { files: number; categories: Array<{ category: string; files: number; examples: string[] }> } }
      ).sensitive;
      expect(survey.files).toBeGreaterThanOrEqual(5);
      expect(survey.categories.filter((c) => c.files > 0)).toEqual([
        { category: 'security-controls', files: 1, examples: ['src/auth/login.ts'] },
        { category: 'credentials', files: 1, examples: ['deploy/.env'] },
      ]);
      expect(repo.cli(['init', '--yes']).stdout).toMatch(
        new RegExp(
          /sensitive {2}2 tracked files of \d+ match[^\n]*\n/.source +
            / {4}security-controls: 1 \(src\/auth\/login\.ts\)\n {4}credentials: 1 \(deploy\/\.env\)/.source,
        ),
      );
    } finally {
      repo.sandbox.cleanup();
    }
  });
});
