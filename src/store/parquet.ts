import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Store } from './database.js';
import { ident, TABLES } from './schema.js';

export interface ParquetExport {
  directory: string;
  tables: Array<{ table: string; rows: number; path: string }>;
}

/** A SQL string literal (only for paths the operator chose; repository data never goes through here). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Writes every table (derived rollups aside: warehouses aggregate for themselves) as Parquet under DIR/<table>/,
 * hive-partitioned by repository and month
 * (`repo_id=<16 hex>/month=YYYY-MM/`), the layout BigQuery, ClickHouse, Trino, Spark and
 * DuckDB read from object storage as it is. The partition key is a digest of the repository
 * key: URLs and paths are not safe directory names. `repositories` maps it back.
 * Each table's folder is replaced whole, so a re-export never mixes old and new files.
 */
export async function exportParquet(store: Store, directory: string): Promise<ParquetExport> {
  const root = resolve(directory);
  mkdirSync(root, { recursive: true });
  const out: ParquetExport = { directory: root, tables: [] };
  const repoId = (col: string) => `substr(sha256(${col}), 1, 16)`;
  for (const t of TABLES.filter((x) => !x.derived)) {
    const cols = t.columns.map((c) => `t.${ident(c.name)}`).join(', ');
    let select: string;
    let partition: string;
    if (t.name === 'repositories') {
      select = `SELECT ${cols}, ${repoId('t.repository')} AS repo_id FROM repositories t`;
      partition = '';
    } else if (t.name === 'commits') {
      select = `SELECT ${cols}, ${repoId('t.repository')} AS repo_id FROM commits t`;
      partition = ', PARTITION_BY (repo_id, month)';
    } else {
      select =
        `SELECT ${cols}, ${repoId('t.repository')} AS repo_id, c.month FROM ${ident(t.name)} t JOIN ` +
        `commits c ON c.repository = t.repository AND c."commit" = t."commit"`;
      partition = ', PARTITION_BY (repo_id, month)';
    }
    const path = join(root, t.name);
    rmSync(path, { recursive: true, force: true });
    const target = partition ? path : `${path}.parquet`;
    if (!partition) rmSync(target, { force: true });
    await store.connection.run(`COPY (${select}) TO ${literal(target)} (FORMAT parquet${partition})`);
    const rows = Number((await store.connection.runAndReadAll(`SELECT count(*) AS n FROM ${ident(t.name)}`)).getRowObjects()[0]!.n);
    out.tables.push({ table: t.name, rows, path: target });
  }
  return out;
}
