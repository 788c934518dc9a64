import { resolve } from 'node:path';
import { AttestError } from '../../errors.js';
import { lastTag } from '../../git/tags.js';
import { countCommits as commitCount } from '../../git/ranges.js';
import { FORMATS, type Format } from './format/index.js';
import { DIMENSIONS, type Dimension } from './format/sections.js';
import { SIGNAL_TABLE } from './format/signals-csv.js';

/** Revisions go to git log before `--`: one that starts with '-' would be an option (e.g. --output). */
export function checkRevisions(revisions: readonly string[]): string[] {
  if (revisions.length === 0) throw new AttestError('give a range, e.g. `ai-attest report v1.0..v2.0` (or HEAD for the whole history).');
  for (const r of revisions) {
    if (!r || r.startsWith('-'))
      throw new AttestError(`"${r}" is not a revision or range; give one like v1.0..v2.0, main~100..main or HEAD.`);
  }
  return [...revisions];
}

export function parseFormat(value: string | undefined, json: boolean | undefined): Format {
  if (json) return 'json';
  const f = (value ?? 'table').toLowerCase();
  const alias: Record<string, Format> = { md: 'markdown', text: 'table', terminal: 'table' };
  const format = alias[f] ?? f;
  if (!(FORMATS as readonly string[]).includes(format)) throw new AttestError(`--format ${value}: use one of ${FORMATS.join(', ')}.`);
  return format as Format;
}

export function parseBy(value: string | undefined): Dimension | typeof SIGNAL_TABLE | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === SIGNAL_TABLE || v === 'signals') return SIGNAL_TABLE;
  const d = v === 'via' || v === 'integration' ? 'path' : v;
  if (!(DIMENSIONS as readonly string[]).includes(d)) {
    throw new AttestError(
      `--by ${value}: use one of ${DIMENSIONS.join(', ')}, ${SIGNAL_TABLE} (path: the integration path, e.g. ide-plugin, cli-agent).`,
    );
  }
  return d as Dimension;
}

export function repoDirs(cwd: string, repos: readonly string[] | undefined): string[] {
  return repos?.length ? repos.map((r) => resolve(cwd, r)) : [cwd];
}

/** Commits in the range over all repositories: only for a progress display, so failures count 0. */
export async function countCommits(dirs: readonly string[], revisions: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const counts = await Promise.all(
    dirs.map((cwd) =>
      commitCount({ revisions, logOptions: [] }, { cwd, env }).then(
        (count) => count || 0,
        () => 0,
      ),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * The range `report` takes when none is given: what happened since the last release, i.e. the
 * newest tag reachable from HEAD up to HEAD, else the whole history of HEAD.
 */
export async function defaultReportRange(cwd: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const tag = await lastTag({ cwd, env });
  return tag ? [`${tag}..HEAD`] : ['HEAD'];
}
