import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AttestError } from '../errors.js';
import { refreshRollups } from './rollup.js';
import { createTableSql, migrationSql, STORE_SCHEMA, STORE_SCHEMA_VERSION, TABLES } from './schema.js';

/** DuckDB's package ships a ~70 MB native binary: only the store commands need it, so it is an optional peer. */
export const DUCKDB_PACKAGE = '@duckdb/node-api';

export class StoreError extends AttestError {
  override readonly name: string = 'StoreError';
}

export interface Store {
  path: string;
  connection: DuckDBConnection;
  /** DuckDB's module, loaded once by openStore (value imports must not load it at import time). */
  duckdb: typeof import('@duckdb/node-api');
  /** The version the file had when opened (0: new); it is at STORE_SCHEMA_VERSION now. */
  openedAt: number;
  close(): void;
}

async function loadDuckDb(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api');
  } catch (error) {
    throw new StoreError(
      `the organisation store needs DuckDB, which is not installed (${(error as Error).message.split('\n')[0]}).\n` +
        `Install it beside ai-attest: npm install --save-dev ${DUCKDB_PACKAGE}@1.5.6-r.1`,
    );
  }
}

/**
 * Opens (or creates) a store and brings its tables to the current schema version: migrations
 * only add, so an older store is upgraded in place, by any command. A store written by a newer
 * ai-attest is refused rather than half-understood.
 */
export async function openStore(path: string, options: { create: boolean } = { create: true }): Promise<Store> {
  const full = resolve(path);
  const duckdb = await loadDuckDb();
  const { DuckDBInstance } = duckdb;
  if (options.create) mkdirSync(dirname(full), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(full);
  } catch (error) {
    throw new StoreError(
      `cannot open the store ${path}: ${(error as Error).message}. Check the path (a DuckDB file made by ai-attest collect).`,
    );
  }
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const openedAt = await storedVersion(connection);
    if (openedAt > STORE_SCHEMA_VERSION) {
      throw new StoreError(
        `the store ${path} has schema version ${openedAt}, newer than this ai-attest understands ` +
          `(${STORE_SCHEMA_VERSION}): upgrade ai-attest.`,
      );
    }
    if (openedAt < STORE_SCHEMA_VERSION) {
      if (openedAt === 0 && !options.create)
        throw new StoreError(`${path} is an empty DuckDB file, not a store: make one with ai-attest collect.`);
      await migrate(connection, openedAt);
    }
    return { path: full, connection, duckdb, openedAt, close };
  } catch (error) {
    close();
    throw error;
  }
}

async function storedVersion(connection: DuckDBConnection): Promise<number> {
  const exists = await connection.runAndReadAll(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'store_meta'`);
  if (Number(exists.getRowObjects()[0]!.n) === 0) {
    const others = await connection.runAndReadAll(`SELECT count(*) AS n FROM information_schema.tables`);
    if (Number(others.getRowObjects()[0]!.n) > 0)
      throw new StoreError('this DuckDB file holds tables that are not an ai-attest store: choose another --store path.');
    return 0;
  }
  const rows = (await connection.runAndReadAll(`SELECT schema, version FROM store_meta`)).getRowObjects();
  const row = rows[0];
  if (!row || row.schema !== STORE_SCHEMA)
    throw new StoreError('this DuckDB file is not an ai-attest store (store_meta says otherwise): choose another --store path.');
  return Number(row.version);
}

async function migrate(connection: DuckDBConnection, from: number): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    if (from === 0) {
      await connection.run('CREATE TABLE store_meta (schema VARCHAR, version INTEGER)');
      await connection.run('INSERT INTO store_meta VALUES ($1, $2)', [STORE_SCHEMA, STORE_SCHEMA_VERSION]);
      for (const t of TABLES) await connection.run(createTableSql(t));
    } else {
      for (const sql of migrationSql(from)) await connection.run(sql);
      await refreshRollups(connection, null);
      await connection.run('UPDATE store_meta SET version = $1', [STORE_SCHEMA_VERSION]);
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}
