import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import { repoPaths } from '../git/repo.js';
import { AttestError } from '../errors.js';
import { safeJson } from '../ui/safe-text.js';
import { aiWeightedLines, stateOf, type ReportItem } from './report/item.js';
import { makeJudge } from './report/judge.js';
import { reportItems } from './report/source.js';
import type { CommitState, VerifyStatus } from './report/types.js';

export const EXPORT_SCHEMA = 'ai-attest/export@1';

/** One NDJSON line (docs/report.md "Export"). Field names and meanings never change within @1. */
export interface ExportRecord {
  schema: typeof EXPORT_SCHEMA;
  repository: string;
  commit: string;
  parents: string[];
  subject: string;
  author: { name: string; email: string; time: string };
  committer: { name: string; email: string; time: string };
  state: CommitState;
  verification: { status: VerifyStatus; reasons: string[] };
  /** The verified claims; null when unattested, exempt without one, or rejected by verification. */
  attestation: {
    ai: 'used' | 'none' | 'undeclared';
    tools: Array<{ tool: string; model: string; via: string }>;
    share: number;
    sensitive: Array<{ path: string; category: string; ai: string[] }>;
    attester: { name: string; email: string; key: string };
    time: string;
    source: string;
    extensions: Record<string, unknown>;
  } | null;
  /** null with --no-lines. */
  lines: { added: number; deleted: number; changed: number; binaryFiles: number; files: number } | null;
  aiWeightedLines: number | null;
}

const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function exportRecord(repository: string, item: ReportItem, withLines: boolean): ExportRecord {
  const c = item.claims;
  const l = item.lines;
  return {
    schema: EXPORT_SCHEMA,
    repository,
    commit: item.commit,
    parents: item.parents,
    subject: item.subject,
    author: { name: item.authorName, email: item.authorEmail, time: iso(item.authorTime) },
    committer: { name: item.committerName, email: item.committerEmail, time: iso(item.committerTime) },
    state: stateOf(item),
    verification: { status: item.status, reasons: item.reasons },
    attestation: c
      ? {
          ai: c.ai,
          tools: c.tools.map((t) => ({ tool: t.tool, model: t.model, via: t.via })),
          share: c.share,
          sensitive: c.sensitive.map((f) => ({ path: f.path, category: f.category, ai: [...f.ai] })),
          attester: { name: c.attester.name, email: c.attester.email, key: c.attester.key },
          time: c.time,
          source: c.source,
          extensions: c.extensions,
        }
      : null,
    lines:
      withLines && l
        ? { added: l.added, deleted: l.deleted, changed: l.added + l.deleted, binaryFiles: l.binaryFiles, files: l.files.length }
        : null,
    aiWeightedLines: withLines && l ? Math.round(aiWeightedLines(item) * 100) / 100 : null,
  };
}

export interface ExportOptions {
  repos: string[];
  revisions: string[];
  lines: boolean;
  env?: NodeJS.ProcessEnv;
  /** Receives each line (with its newline); awaited, so a slow sink holds the read back. */
  write: (line: string) => Promise<void> | void;
  /** Called after each commit with the running count over all repositories. */
  onCommit?: (count: number) => void;
}

/** Streams every commit of the range, repository after repository; returns the number written. */
export async function exportRange(options: ExportOptions): Promise<number> {
  const env = options.env ?? process.env;
  let count = 0;
  const names: string[] = [];
  for (const dir of options.repos) {
    const paths = await repoPaths({ cwd: dir, env });
    const { config } = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
    const judge = await makeJudge({ cwd: dir, env, top: paths.top, gitDir: paths.gitDir, commonDir: paths.commonDir, config });
    let name = basename(paths.top ?? paths.gitDir.replace(/\/\.git$/, ''));
    for (let i = 2; names.includes(name); i++) name = `${basename(paths.top ?? paths.gitDir)}-${i}`;
    names.push(name);
    try {
      for await (const item of reportItems({ cwd: dir, env, revisions: options.revisions, judge: judge.judge, lines: options.lines })) {
        await options.write(`${safeJson(JSON.stringify(exportRecord(name, item, options.lines)))}\n`);
        options.onCommit?.(++count);
      }
    } catch (error) {
      if (error instanceof AttestError && options.repos.length > 1)
        throw new AttestError(`in repository ${name}: ${error.message}`, error.exitCode);
      throw error;
    }
  }
  return count;
}
