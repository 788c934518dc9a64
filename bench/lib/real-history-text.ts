/**
 * The text of a generated "real" history: people, subjects, bodies, trailers, and the agent
 * disclosures a quarter of the commits carry, in the forms large projects actually use. Each
 * disclosure names the tool family detect should find, so a history's facts say what a correct
 * report shows without asking the code under test.
 */

export type Rand = () => number;

export interface Person {
  name: string;
  email: string;
}

const FIRST = [
  'Ada',
  'Ben',
  'Chen',
  'Dana',
  'Emeka',
  'Fatima',
  'Greg',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Lars',
  'Mei',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Abe',
  'Baker',
  'Costa',
  'Dvorak',
  'Eze',
  'Fischer',
  'Gupta',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
];
/** People whose names' bytes differ between UTF-8 and Latin-1 (and all fit in Latin-1). */
export const ACCENTED_PEOPLE: readonly Person[] = [
  'François Müller',
  'José Peña',
  'Åsa Öberg',
  'Zoë Brontë',
  'Jürgen Groß',
  'Inês Conceição',
  'Søren Kærgård',
  'Renée Côté',
].map((name) => ({ name, email: `${emailPart(name)}@example.org` }));

export function makePeople(rand: Rand, count: number): Person[] {
  const people: Person[] = [...ACCENTED_PEOPLE];
  const seen = new Set<string>();
  while (people.length < count) {
    const initial = rand() < 0.6 ? ` ${String.fromCharCode(65 + Math.floor(rand() * 26))}.` : '';
    const name = `${pick(rand, FIRST)}${initial} ${pick(rand, LAST)}`;
    const email = `${emailPart(name)}${seen.has(name) ? people.length : ''}@example.com`;
    seen.add(name);
    people.push({ name, email });
  }
  return people;
}

export const MAINTAINERS: Person[] = [
  { name: 'Release Captain', email: 'captain@example.com' },
  { name: 'Mira Maintainer', email: 'mira@example.com' },
  { name: 'Theo Integrator', email: 'theo@example.com' },
];

export const DEPENDABOT: Person = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };

function emailPart(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.');
}

const AREAS = ['net', 'fs', 'mm', 'sched', 'crypto', 'auth', 'ui', 'docs', 'build', 'tests', 'api', 'db', 'cli'];
const VERBS = ['fix', 'add', 'remove', 'refactor', 'speed up', 'document', 'rename', 'simplify', 'harden', 'test'];
const NOUNS = [
  'race in teardown',
  'off-by-one in parser',
  'cache eviction',
  'error message',
  'config loading',
  'retry loop',
  'buffer sizing',
  'null check',
  'lock ordering',
  'timeout handling',
  'unicode paths',
  'session refresh',
];

export function subjectLine(rand: Rand): string {
  return `${pick(rand, AREAS)}: ${pick(rand, VERBS)} ${pick(rand, NOUNS)}`;
}

/** A body paragraph of `lines` wrapped lines. */
export function bodyText(rand: Rand, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++)
    out.push(`${pick(rand, VERBS)} the ${pick(rand, NOUNS)} so that ${pick(rand, NOUNS)} keeps working (${i}).`);
  return out.join('\n');
}

/**
 * Subjects that are hostile to a reader: terminal escapes, bidi overrides, zero-width
 * characters, emoji, a very long line. Repository text is untrusted; reports must escape it.
 */
export const ODD_SUBJECTS = [
  'ui: \x1b[31mred\x1b[0m escape in a subject\x07',
  'docs: bidi \u202egnp.exe\u202c override',
  'core: zero\u200bwidth\u200djoiner and \ufeffBOM',
  'i18n: 日本語のメッセージ 🚀 with emoji',
  `perf: ${'very long subject '.repeat(120).trim()}`,
  'fix: carriage\rreturn in subject',
];

export interface Disclosure {
  /** The tool family detect should name. */
  tool: string;
  trailers: string[];
  footer?: string;
  /** The agent is the author (or committer) rather than a trailer. */
  author?: Person;
  /** Appended to the human author's name, as older aider versions did. */
  authorSuffix?: string;
}

/** Agent disclosures, weighted as they appear in public histories. */
const DISCLOSURES: Array<{ weight: number; make: (rand: Rand, human: Person) => Disclosure }> = [
  {
    weight: 30,
    make: () => ({
      tool: 'claude-code',
      footer: '🤖 Generated with [Claude Code](https://claude.com/claude-code)',
      trailers: ['Co-Authored-By: Claude <noreply@anthropic.com>'],
    }),
  },
  { weight: 10, make: () => ({ tool: 'claude-code', trailers: ['Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>'] }) },
  { weight: 8, make: () => ({ tool: 'claude-code', trailers: ['Assisted-by: Claude Opus 4.6'] }) },
  { weight: 4, make: () => ({ tool: 'claude-code', trailers: ['Assisted-by: claude-code:claude-sonnet-4-5-20250929'] }) },
  { weight: 15, make: () => ({ tool: 'cursor', trailers: ['Co-authored-by: Cursor Agent <cursoragent@cursor.com>'] }) },
  { weight: 10, make: () => ({ tool: 'codex', trailers: ['Co-authored-by: Codex <noreply@openai.com>'] }) },
  {
    weight: 10,
    make: (_rand, human) => ({
      tool: 'copilot',
      author: { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com' },
      trailers: [`Co-authored-by: ${human.name} <${human.email}>`],
    }),
  },
  { weight: 6, make: () => ({ tool: 'aider', trailers: [], authorSuffix: ' (aider)' }) },
  { weight: 7, make: () => ({ tool: 'gemini', trailers: ['Co-Authored-By: Gemini <noreply@google.com>'] }) },
];
const DISCLOSURE_WEIGHT = DISCLOSURES.reduce((sum, d) => sum + d.weight, 0);

export function disclosure(rand: Rand, human: Person): Disclosure {
  let r = rand() * DISCLOSURE_WEIGHT;
  for (const d of DISCLOSURES) {
    r -= d.weight;
    if (r < 0) return d.make(rand, human);
  }
  return DISCLOSURES[0]!.make(rand, human);
}

/** Trailers people add that disclose nothing: a person called Claude is not an agent. */
export function humanTrailers(rand: Rand, people: readonly Person[], author: Person): string[] {
  const out: string[] = [];
  if (rand() < 0.02) out.push('Co-authored-by: Claude Shannon <claude.shannon@example.net>');
  else if (rand() < 0.04) {
    const other = pick(rand, people);
    out.push(`Co-authored-by: ${other.name} <${other.email}>`);
  }
  if (rand() < 0.1) {
    const reviewer = pick(rand, people);
    out.push(`Reviewed-by: ${reviewer.name} <${reviewer.email}>`);
  }
  if (rand() < 0.3) out.push(`Signed-off-by: ${author.name} <${author.email}>`);
  return out;
}

export function pick<T>(rand: Rand, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}
