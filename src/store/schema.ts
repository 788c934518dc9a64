/**
 * The organisation store's tables (docs/store.md). One list of columns per table is the single
 * source of truth: the DDL, the appender and `ai-attest schema store` are all derived from it.
 *
 * Rules that keep years-old queries working: a column, once released, keeps its name, type and
 * meaning; a new version only adds columns (with a default) or tables. What a new AI tool wants
 * to record and the store has no column for goes into `extensions` (JSON) until it earns one.
 */
export const STORE_SCHEMA = 'ai-attest/store';
export const STORE_SCHEMA_VERSION = 2;

export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'JSON';

export interface Column {
  name: string;
  type: ColumnType;
  description: string;
  /** The schema version that added it; older stores get it through ALTER TABLE with its default. */
  since: number;
  /** Default for rows written before the column existed (SQL literal). */
  default?: string;
}

export interface Table {
  name: string;
  description: string;
  since: number;
  /**
   * Rebuilt from the other tables by every collect (rollup.ts), never exported: the
   * dashboard's questions read these so that they cost the same at 10 million commits as at 10,000.
   */
  derived?: boolean;
  /** Columns that identify a row: deleting a commit's rows uses the first two. */
  key: readonly string[];
  columns: readonly Column[];
}

const c = (name: string, type: ColumnType, description: string, since = 1, dflt?: string): Column =>
  dflt === undefined ? { name, type, description, since } : { name, type, description, since, default: dflt };

export const TABLES: readonly Table[] = [
  {
    name: 'repositories',
    description: 'One row per collected repository, with the cursor that makes the next collect incremental.',
    since: 1,
    key: ['repository'],
    columns: [
      c('repository', 'VARCHAR', 'Stable key: the absolute path or the URL it was collected from.'),
      c('name', 'VARCHAR', 'Display name (the folder or the last part of the URL).'),
      c('revision', 'VARCHAR', 'What was collected (default HEAD: the default branch).'),
      c('tip', 'VARCHAR', 'Commit id of that revision at the last collect: the cursor.'),
      c('notes_tip', 'VARCHAR', 'Commit id of refs/notes/ai-attest at the last collect (empty: none).'),
      c('trust_digest', 'VARCHAR', 'Digest of the trusted config and keyring the verdicts were made with; a change re-judges everything.'),
      c('commits', 'BIGINT', 'Commits of this repository in the store.'),
      c('collected_at', 'TIMESTAMP', 'When the last collect finished (UTC).'),
    ],
  },
  {
    name: 'commits',
    description: "One row per commit, with verify's verdict and the verified claims (null where none may be counted).",
    since: 1,
    key: ['repository', 'commit'],
    columns: [
      c('repository', 'VARCHAR', 'repositories.repository'),
      c('commit', 'VARCHAR', 'Full commit id.'),
      c('parents', 'INTEGER', 'Number of parents (2 or more: a merge).'),
      c('author_name', 'VARCHAR', 'Author name as git decodes it (untrusted text).'),
      c('author_email', 'VARCHAR', 'Author email, lower-cased.'),
      c('author_time', 'TIMESTAMP', 'Author date (UTC).'),
      c('committer_time', 'TIMESTAMP', 'Committer date (UTC): the period a commit counts in.'),
      c('month', 'VARCHAR', 'YYYY-MM of committer_time: the Parquet partition.'),
      c('state', 'VARCHAR', 'used | none | undeclared | unattested | rejected | exempt (docs/report.md).'),
      c('verify_status', 'VARCHAR', 'ok | carried | exempt | warn | fail, as ai-attest verify judges it.'),
      c('reasons', 'JSON', 'Why verify warned or failed: an array of strings.'),
      c('share', 'INTEGER', 'Declared AI share 0-100 of a verified "used" attestation; null otherwise.'),
      c('attester_email', 'VARCHAR', 'Email of the verified attester; null when no claims count.'),
      c('attester_key', 'VARCHAR', 'Fingerprint of the key that signed.'),
      c('attested_at', 'TIMESTAMP', 'Signing time of the statement.'),
      c('source', 'VARCHAR', 'How the answers were given (prompt, env, capture, ...).'),
      c('lines_added', 'BIGINT', 'Lines added (text files).'),
      c('lines_deleted', 'BIGINT', 'Lines deleted (text files).'),
      c('ai_weighted_lines', 'DOUBLE', 'Changed lines x declared share / 100 for "used"; 0 otherwise.'),
      c('sensitive_files', 'INTEGER', 'Sensitive files the verified statement lists.'),
      c('sensitive_ai_files', 'INTEGER', 'Of those, files AI touched.'),
      c('extensions', 'JSON', 'Statement extensions of a verified "used" attestation (new tools\' fields live here).'),
      c('signals', 'INTEGER', 'AI signals found by detect for this commit (0 when none or not run).', 2, '0'),
      c('unattested_signals', 'INTEGER', 'Of those, signals the attestation does not account for.', 2, '0'),
    ],
  },
  {
    name: 'commit_tools',
    description: 'One row per (commit, tool) of a verified "used" attestation.',
    since: 1,
    key: ['repository', 'commit'],
    columns: [
      c('repository', 'VARCHAR', 'repositories.repository'),
      c('commit', 'VARCHAR', 'commits.commit'),
      c('tool', 'VARCHAR', 'Tool id from the registry.'),
      c('model', 'VARCHAR', 'Exact model id.'),
      c('via', 'VARCHAR', 'Integration path (ide-plugin, cli-agent, ...).'),
    ],
  },
  {
    name: 'commit_sensitive',
    description: 'One row per sensitive file a verified attestation lists.',
    since: 1,
    key: ['repository', 'commit'],
    columns: [
      c('repository', 'VARCHAR', 'repositories.repository'),
      c('commit', 'VARCHAR', 'commits.commit'),
      c('path', 'VARCHAR', 'File path (untrusted text).'),
      c('category', 'VARCHAR', 'Sensitive category from the config.'),
      c('ai_tools', 'JSON', 'Tools that touched it: an array of tool ids (empty: a human-only change).'),
    ],
  },
  {
    name: 'commit_capture',
    description: 'Captured model output against what was committed, per model (capture summaries; never the detail tier).',
    since: 2,
    key: ['repository', 'commit'],
    columns: [
      c('repository', 'VARCHAR', 'repositories.repository', 2),
      c('commit', 'VARCHAR', 'commits.commit', 2),
      c('model', 'VARCHAR', 'Exact model id whose output was captured.', 2),
      c('raw_lines', 'BIGINT', 'Lines the model produced.', 2),
      c('kept_lines', 'BIGINT', 'Of those, lines committed unchanged.', 2),
    ],
  },
  {
    name: 'commit_rollup',
    description: 'Derived: commit counts per repository, month and author, by state (what the dashboard reads).',
    since: 2,
    derived: true,
    key: ['repository'],
    columns: [
      c('repository', 'VARCHAR', 'repositories.repository', 2),
      c('month', 'VARCHAR', 'YYYY-MM of committer time.', 2),
      c('author_email', 'VARCHAR', 'commits.author_email', 2),
      c('author_name', 'VARCHAR', 'One of the names seen with that email.', 2),
      c('commits', 'BIGINT', 'Commits.', 2),
      c('in_scope', 'BIGINT', 'Commits that need an attestation (not exempt).', 2),
      c('used', 'BIGINT', 'State used.', 2),
      c('none', 'BIGINT', 'State none.', 2),
      c('undeclared', 'BIGINT', 'State undeclared.', 2),
      c('unattested', 'BIGINT', 'State unattested.', 2),
      c('rejected', 'BIGINT', 'State rejected.', 2),
      c('exempt', 'BIGINT', 'State exempt.', 2),
      c('ai_sensitive', 'BIGINT', '"used" commits where AI touched a sensitive file.', 2),
      c('ai_sensitive_files', 'BIGINT', 'Sensitive files AI touched, summed.', 2),
      c('captured', 'BIGINT', 'Commits with captured model output.', 2),
      c('unattested_signals', 'BIGINT', 'AI signals (trailers, agent identities) the attestations do not account for.', 2),
      c('commits_with_unattested_signals', 'BIGINT', 'Commits with at least one such signal.', 2),
    ],
  },
  {
    name: 'capture_rollup',
    description: 'Derived: captured model output per repository, month and model.',
    since: 2,
    derived: true,
    key: ['repository'],
    columns: [
      c('repository', 'VARCHAR', 'repositories.repository', 2),
      c('month', 'VARCHAR', 'YYYY-MM of committer time.', 2),
      c('model', 'VARCHAR', 'commit_capture.model', 2),
      c('commits', 'BIGINT', 'Commits with captured output of that model.', 2),
      c('raw_lines', 'BIGINT', 'Lines the model produced.', 2),
      c('kept_lines', 'BIGINT', 'Of those, lines committed unchanged.', 2),
    ],
  },
];

export function table(name: string): Table {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`no store table ${name}`);
  return t;
}

/** Identifiers are ours (never repository text), but quoting keeps reserved words such as "commit" legal. */
export const ident = (name: string): string => `"${name}"`;

export function createTableSql(t: Table, version = STORE_SCHEMA_VERSION): string {
  const cols = t.columns
    .filter((col) => col.since <= version)
    .map((col) => `${ident(col.name)} ${col.type}${col.default ? ` DEFAULT ${col.default}` : ''}`);
  return `CREATE TABLE IF NOT EXISTS ${ident(t.name)} (${cols.join(', ')})`;
}

/** The statements that bring a store at `from` to the current version: new tables, then new columns. */
export function migrationSql(from: number): string[] {
  const out: string[] = [];
  for (const t of TABLES) {
    if (t.since > from) {
      out.push(createTableSql(t));
      continue;
    }
    for (const col of t.columns) {
      if (col.since > from)
        out.push(`ALTER TABLE ${ident(t.name)} ADD COLUMN ${ident(col.name)} ${col.type}${col.default ? ` DEFAULT ${col.default}` : ''}`);
    }
  }
  return out;
}

/** `ai-attest schema store`: the tables as data, for people and for the engines that load the Parquet files. */
export function describeStore(): { schema: string; version: number; tables: Table[]; rules: string[] } {
  return {
    schema: STORE_SCHEMA,
    version: STORE_SCHEMA_VERSION,
    tables: TABLES.map((t) => ({ ...t, columns: [...t.columns] })),
    rules: [
      'Additive only: a column keeps its name, type and meaning forever; new versions add columns (with defaults) and tables.',
      'Fields a new tool records that have no column are kept in commits.extensions (JSON).',
      'Repository text (names, emails, paths, messages) is untrusted: escape it where it is displayed.',
      'The detail tier (prompts, raw output) is never collected.',
      'Tables marked derived are rebuilt from the others by every collect; query them for speed, never write them.',
    ],
  };
}
