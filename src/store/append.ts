import type { DuckDBAppender } from '@duckdb/node-api';
import type { Store } from './database.js';
import type { Cell, Row } from './rows.js';
import { table, type Column } from './schema.js';

/**
 * Rows appended through DuckDB's appender (bulk, no SQL text built from repository data).
 * The appender flushes on close; rows of one table go through one appender per batch.
 */
export class TableWriter {
  private constructor(
    private readonly appender: DuckDBAppender,
    private readonly columns: readonly Column[],
    private readonly duckdb: Store['duckdb'],
  ) {}

  static async open(store: Store, name: string): Promise<TableWriter> {
    return new TableWriter(await store.connection.createAppender(name), table(name).columns, store.duckdb);
  }

  append(row: Row): void {
    if (row.length !== this.columns.length) throw new Error(`store row for ${this.columns.length} columns has ${row.length}`);
    for (let i = 0; i < row.length; i++) appendCell(this.appender, this.columns[i]!, row[i]!, this.duckdb);
    this.appender.endRow();
  }

  close(): void {
    this.appender.closeSync();
  }
}

function appendCell(a: DuckDBAppender, column: Column, value: Cell, duckdb: Store['duckdb']): void {
  if (value === null) return a.appendNull();
  switch (column.type) {
    case 'VARCHAR':
    case 'JSON':
      return a.appendVarchar(String(value));
    case 'INTEGER':
      return a.appendInteger(Number(value));
    case 'BIGINT':
      return a.appendBigInt(BigInt(Math.trunc(Number(value))));
    case 'DOUBLE':
      return a.appendDouble(Number(value));
    case 'BOOLEAN':
      return a.appendBoolean(Boolean(value));
    case 'TIMESTAMP':
      return a.appendTimestamp(duckdb.timestampValue(BigInt(Math.trunc(Number(value))) * 1_000_000n));
  }
}
