/**
 * The ingest benchmark's ceiling: DuckDB's own read_ndjson of the same files, reading every source
 * column of the column table (not only the flat baseline's 24 fields) into a table of those columns.
 * No rejection detection, no unknown fields kept, no IP canonical form or numbers, no line numbers,
 * no sessions: the upper bound of any "let DuckDB parse the JSON" ingest of this schema. Run by
 * bench/ingest.ts.
 */
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { Conv, SOURCE_COLUMNS } from '../src/normalize/column-plan.ts';

type Tree = { [key: string]: Tree | string };

const READ_TYPE: Partial<Record<Conv, string>> = {
  [Conv.Bool]: 'BOOLEAN',
  [Conv.FlowId]: 'UBIGINT',
  [Conv.Int]: 'INTEGER',
  [Conv.BigInt]: 'BIGINT',
};

const quote = (k: string): string => `"${k.replaceAll('"', '""')}"`;

/** The read_ndjson `columns` spec of every source path, nested as the records are. */
function ceilingSpec(): { columns: string; select: string } {
  const tree: Tree = {};
  for (const c of SOURCE_COLUMNS) {
    let node = tree;
    for (const seg of c.path.slice(0, -1)) {
      node[seg] ??= {};
      node = node[seg] as Tree;
    }
    node[c.leaf] = READ_TYPE[c.conv] ?? 'VARCHAR';
  }
  const struct = (t: Tree): string =>
    `STRUCT(${Object.entries(t)
      .map(([k, v]) => `${quote(k)} ${typeof v === 'string' ? v : struct(v)}`)
      .join(', ')})`;
  const columns = Object.entries(tree)
    .map(([k, v]) => `${quote(k)}: '${typeof v === 'string' ? v : struct(v)}'`)
    .join(', ');
  const select = SOURCE_COLUMNS.map((c) => {
    const path = c.path.map(quote).join('.');
    const value =
      c.conv === Conv.EveTs
        ? `${path}::TIMESTAMPTZ`
        : c.conv === Conv.Upper
          ? `upper(${path})`
          : c.conv === Conv.EpochString
            ? `TRY_CAST(${path} AS BIGINT)`
            : path;
    return `${value} AS ${quote(c.name)}`;
  }).join(', ');
  return { columns, select };
}

const files: string[] = JSON.parse(readFileSync(process.argv[3]!, 'utf8'));
const inst = await DuckDBInstance.create(process.argv[2]!);
const con = await inst.connect();
const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(',')}]`;
const { columns, select } = ceilingSpec();
const t0 = performance.now();
await con.run(
  `CREATE TABLE events AS SELECT ${select} FROM read_ndjson(${list}, columns={${columns}}, ignore_errors=true)`,
);
await con.run('CHECKPOINT');
const n = (await con.runAndReadAll('SELECT count(*) FROM events')).getRows()[0]![0];
console.log(
  JSON.stringify({
    rows: Number(n),
    columns: SOURCE_COLUMNS.length,
    seconds: (performance.now() - t0) / 1000,
  }),
);
