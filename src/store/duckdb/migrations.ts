/** Numbered schema migrations for the DuckDB store. Append only: never edit a released step. */
import { EVENT_COLUMNS, META_COLUMNS } from '../../schema/columns.ts';

export interface Migration {
  version: number;
  name: string;
  sql: readonly string[];
}

function eventsTable(): string {
  const cols = [...META_COLUMNS, ...EVENT_COLUMNS].map((c) => `  "${c.name}" ${c.duckdb}`);
  return `CREATE TABLE events (\n${cols.join(',\n')}\n)`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, rejected, checkpoints',
    sql: [
      eventsTable(),
      `CREATE TABLE rejected (
        id BIGINT, origin VARCHAR, line BIGINT, reason VARCHAR, path VARCHAR, message VARCHAR,
        raw VARCHAR, rejected_at TIMESTAMPTZ)`,
      `CREATE TABLE checkpoints (
        source_key VARCHAR PRIMARY KEY, kind VARCHAR, origin VARCHAR, fingerprint VARCHAR,
        "offset" BIGINT, line BIGINT, records BIGINT, rejected BIGINT, bytes BIGINT,
        state VARCHAR, updated_at TIMESTAMPTZ)`,
    ],
  },
];
