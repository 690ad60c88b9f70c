/**
 * Bulk insert through a staging file: rows are written as sparse NDJSON (nulls omitted, big integers
 * as strings, timestamps as epoch µs) and DuckDB's own JSON reader loads them in one statement.
 * Measured here this beats the appender by 3x for our ~85-column table.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnDef, ColumnKind } from '../../schema/columns.ts';

const READ_TYPE: Record<ColumnKind, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  ubigint: 'VARCHAR',
  uhugeint: 'VARCHAR',
  bool: 'BOOLEAN',
  timestamp: 'BIGINT',
  'string[]': 'VARCHAR[]',
};

function selectExpr(c: ColumnDef): string {
  const q = `"${c.name}"`;
  switch (c.kind) {
    case 'timestamp':
      return `make_timestamptz(${q})`;
    case 'ubigint':
      return `${q}::UBIGINT`;
    case 'uhugeint':
      return `${q}::UHUGEINT`;
    default:
      return q;
  }
}

/** The INSERT statement that loads a staging file into `table`. */
export function stagedInsertSql(table: string, columns: readonly ColumnDef[], file: string): string {
  const spec = columns.map((c) => `'${c.name}': '${READ_TYPE[c.kind]}'`).join(', ');
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const exprs = columns.map(selectExpr).join(', ');
  const path = file.replaceAll("'", "''");
  return `INSERT INTO ${table} (${names}) SELECT ${exprs} FROM read_ndjson('${path}', columns={${spec}}, maximum_object_size=268435456)`;
}

/** One staged event: meta values plus the normalised row (an object keyed by column name). */
export interface StagedEvent {
  id: number;
  origin: string;
  line: number;
  residual: string | null;
  row: Record<string, unknown>;
}

/**
 * Writes events to a fresh staging file and returns its path. Only non-null values are written (DuckDB reads absent keys as NULL), bigints as strings.
 * Row keys must be column names (the normaliser's rows are).
 */
export function writeStagingFile(events: readonly StagedEvent[]): string {
  const file = join(tmpdir(), `nfwlens-stage-${process.pid}-${randomBytes(6).toString('hex')}.ndjson`);
  const parts: string[] = new Array(events.length + 1);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    let line = `{"id":${e.id},"origin":${JSON.stringify(e.origin)},"origin_line":${e.line}`;
    if (e.residual !== null) line += `,"residual":${JSON.stringify(e.residual)}`;
    const row = e.row;
    for (const k in row) {
      const v = row[k];
      if (v === null || v === undefined) continue;
      switch (typeof v) {
        case 'string':
          line += `,"${k}":${JSON.stringify(v)}`;
          break;
        case 'bigint':
          line += `,"${k}":"${v}"`;
          break;
        case 'number':
          line += `,"${k}":${Number.isFinite(v) ? v : 'null'}`;
          break;
        case 'boolean':
          line += `,"${k}":${v}`;
          break;
        default:
          line += `,"${k}":${JSON.stringify(v)}`;
      }
    }
    parts[i] = `${line}}`;
  }
  parts[events.length] = '';
  writeFileSync(file, parts.join('\n'));
  return file;
}

export function removeStagingFile(file: string): void {
  rmSync(file, { force: true });
}
