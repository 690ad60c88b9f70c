/** Bulk appends through DuckDB data chunks: the fast path from normalised rows to the events table. */
import {
  BIGINT,
  BOOLEAN,
  type DuckDBAppender,
  DuckDBDataChunk,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  LIST,
  TIMESTAMPTZ,
  UBIGINT,
  UHUGEINT,
  VARCHAR,
} from '@duckdb/node-api';
import type { ColumnDef, ColumnKind } from '../../schema/columns.ts';
import { toDuckValue } from './values.ts';

const TYPE: Record<ColumnKind, DuckDBType> = {
  string: VARCHAR,
  int: INTEGER,
  bigint: BIGINT,
  ubigint: UBIGINT,
  uhugeint: UHUGEINT,
  bool: BOOLEAN,
  timestamp: TIMESTAMPTZ,
  'string[]': LIST(VARCHAR),
};

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

/**
 * Appends `count` rows, reading column `c` of row `r` through `valueAt(r, c)`, in data chunks of
 * at most 2,048 rows. Values are converted once per cell by the column's kind.
 */
export function appendRows(
  appender: DuckDBAppender,
  columns: readonly ColumnDef[],
  count: number,
  valueAt: (row: number, col: number) => unknown,
): void {
  const types = columns.map((c) => TYPE[c.kind]);
  for (let start = 0; start < count; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, count - start);
    const chunk = DuckDBDataChunk.create(types, n);
    const data: DuckDBValue[][] = [];
    for (let c = 0; c < columns.length; c++) {
      const kind = columns[c]!.kind;
      const values: DuckDBValue[] = new Array(n);
      for (let i = 0; i < n; i++) values[i] = toDuckValue(kind, valueAt(start + i, c));
      data.push(values);
    }
    chunk.setColumns(data);
    appender.appendDataChunk(chunk);
  }
}
