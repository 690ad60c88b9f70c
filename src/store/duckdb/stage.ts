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

/** Writes rows to a fresh staging file; `valueAt(r, c)` gives column c of row r. Returns its path. */
export function writeStagingFile(
  columns: readonly ColumnDef[],
  count: number,
  valueAt: (row: number, col: number) => unknown,
): string {
  const file = join(tmpdir(), `nfwlens-stage-${process.pid}-${randomBytes(6).toString('hex')}.ndjson`);
  const names = columns.map((c) => c.name);
  const keys = names.map((n) => `"${n}":`);
  const parts: string[] = new Array(count + 1);
  for (let r = 0; r < count; r++) {
    let line = '{';
    for (let c = 0; c < names.length; c++) {
      const v = valueAt(r, c);
      if (v === null || v === undefined) continue;
      if (line.length > 1) line += ',';
      line += keys[c];
      switch (typeof v) {
        case 'number':
          line += Number.isFinite(v) ? String(v) : 'null';
          break;
        case 'boolean':
          line += v ? 'true' : 'false';
          break;
        case 'bigint':
          line += `"${v}"`;
          break;
        default:
          line += JSON.stringify(v);
      }
    }
    parts[r] = `${line}}`;
  }
  parts[count] = '';
  writeFileSync(file, parts.join('\n'));
  return file;
}

export function removeStagingFile(file: string): void {
  rmSync(file, { force: true });
}
