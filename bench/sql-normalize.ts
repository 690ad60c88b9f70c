/**
 * Measures the SQL normaliser experiment (bench/sql-normalize-select.ts) on the ingest benchmark's
 * records: DuckDB normalising raw lines into a temporary table against the JS normaliser on one
 * thread, the share of records SQL takes, and a row-by-row comparison of what it takes with
 * `normalizeLine` (every column and the residual). Not part of `npm run bench`.
 *
 *   node --import tsx bench/sql-normalize.ts [--records 1000000] [--runs 3]
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { stageFramed } from '../src/ingest/normalize-batch.ts';
import { normalizeLine } from '../src/normalize/index.ts';
import { EVENT_COLUMNS } from '../src/schema/columns.ts';
import { MIGRATIONS } from '../src/store/duckdb/migrations.ts';
import { type StagedChunk, stagedInsertSql } from '../src/store/duckdb/stage.ts';
import { createStager, type DuckDbStagedRows } from '../src/store/duckdb/stager.ts';
import { benchData, fmt, median } from './bench-data.ts';
import { RAW_SEP, rawNormalizeSelect } from './sql-normalize-select.ts';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } },
});
const runs = Number(values.runs);
const data = await benchData(Number(values.records));
const work = mkdtempSync(join(tmpdir(), 'nfwlens-bench-sqlnorm-'));
const rawFile = join(work, 'raw.txt');

const lines: string[] = [];
for (const f of data.files) {
  for (const l of gunzipSync(readFileSync(f)).toString('utf8').split('\n')) {
    if (l.trim() !== '' && !/[\r\x01]/.test(l)) lines.push(l);
  }
}
writeFileSync(rawFile, '');
for (let from = 0; from < lines.length; from += 50_000) {
  const part = lines.slice(from, from + 50_000);
  appendFileSync(
    rawFile,
    part.map((l, i) => `1${RAW_SEP}${from + i}${RAW_SEP}${from + i + 1}${RAW_SEP}${l}\n`).join(''),
  );
}

const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run("SET TimeZone = 'UTC'");
await con.run('SET threads = 2');

/**
 * Both paths end to end into an empty events table (the store's own schema), everything on one
 * thread (the cost per core): the JS normaliser staging every record (as a worker does) then DuckDB
 * loading the staging file; or DuckDB normalising the raw lines and inserting the rows it takes
 * (the rest would go to JS).
 */
async function endToEnd(): Promise<{ jsCpu: number; jsLoad: number; sql: number }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run("SET TimeZone = 'UTC'");
  await c.run('SET threads = 1'); // the cost per core: the JS side runs on one thread too
  for (const m of MIGRATIONS) for (const q of m.sql) await c.run(q);
  const staging = join(work, 'staging.ndjson');
  writeFileSync(staging, '');
  const chunks: StagedChunk[] = [];
  let t0 = performance.now();
  for (let from = 0; from < lines.length; from += 20_000) {
    const framed = lines.slice(from, from + 20_000).map((text, i) => ({ text, line: from + i + 1 }));
    const stager = createStager({ tag: chunks.length + 1 }, 'bench', framed.length);
    const batch = stageFramed(framed, 'bench', stager).batch.staged as DuckDbStagedRows;
    appendFileSync(staging, batch.bytes);
    chunks.push({ tag: batch.tag, count: batch.count, origin: 'bench', longestLine: batch.longestLine });
  }
  const jsCpu = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await c.run(stagedInsertSql('events', staging, chunks, 1));
  const jsLoad = (performance.now() - t0) / 1000;
  await c.run('DELETE FROM events');
  const names = EVENT_COLUMNS.map((col) => `"${col.name}"`).join(', ');
  t0 = performance.now();
  await c.run(
    `INSERT INTO events (id, origin, origin_line, residual, ${names}) ` +
      `SELECT n + 1, 'bench', l, residual, ${names} FROM (${rawNormalizeSelect(rawFile)}) WHERE fast`,
  );
  const sql = (performance.now() - t0) / 1000;
  c.closeSync();
  db.closeSync();
  return { jsCpu, jsLoad, sql };
}

const sqlTimes: number[] = [];
const jsTimes: number[] = [];
const ends: { jsCpu: number; jsLoad: number; sql: number }[] = [];
for (let i = 0; i < runs; i++) {
  ends.push(await endToEnd());
  await con.run('DROP TABLE IF EXISTS r');
  let t0 = performance.now();
  await con.run(`CREATE TEMP TABLE r AS ${rawNormalizeSelect(rawFile)}`);
  sqlTimes.push((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (const l of lines) normalizeLine(l);
  jsTimes.push((performance.now() - t0) / 1000);
}

// Every row SQL takes, compared with the JS normaliser's row and residual.
const timestamps = EVENT_COLUMNS.filter((c) => c.kind === 'timestamp').map((c) => c.name);
const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
const sorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sorted)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, x]) => [k, sorted(x)]),
        )
      : v;
const residualText = (s: unknown): string | null =>
  typeof s === 'string' ? JSON.stringify(sorted(JSON.parse(s))) : null;
let taken = 0;
let differing = 0;
const PAGE = 100_000;
const page = async (from: number) =>
  (
    await con.runAndReadAll(
      `SELECT * EXCLUDE (k, line), ${timestamps.map((c) => `epoch_us("${c}") AS "us_${c}"`).join(', ')} ` +
        `FROM r WHERE n >= ${from} AND n < ${from + PAGE} ORDER BY n`,
    )
  ).getRowObjectsJS();
for (let from = 0; from < lines.length; from += PAGE)
  for (const row of await page(from)) {
    if (!row['fast']) continue;
    taken++;
    const js = normalizeLine(lines[Number(row['n'])]!);
    if (!js.ok) {
      differing++;
      continue;
    }
    const jsRow = js.row as Record<string, unknown>;
    const same =
      EVENT_COLUMNS.every((c) => {
        const v = c.kind === 'timestamp' ? row[`us_${c.name}`] : row[c.name];
        const j = jsRow[c.name];
        return c.kind === 'timestamp'
          ? text(v) === text(j === null ? null : BigInt(j as number))
          : text(v) === text(j);
      }) && residualText(row['residual']) === residualText(js.residual);
    if (!same) differing++;
  }
rmSync(work, { recursive: true, force: true });

const sql = median(sqlTimes);
const js = median(jsTimes);
console.log(`SQL normaliser experiment: ${fmt(lines.length)} records (${data.files.length} files)`);
console.log(
  `  DuckDB (2 threads) into a temporary table: ${sql.toFixed(2)} s = ${fmt(lines.length / sql)} records/s`,
);
console.log(`  JS normalizeLine (1 thread): ${js.toFixed(2)} s = ${fmt(lines.length / js)} records/s`);
const jsCpu = median(ends.map((e) => e.jsCpu));
const jsLoad = median(ends.map((e) => e.jsLoad));
const sqlLoad = median(ends.map((e) => e.sql));
console.log('  into an events table, one thread each:');
console.log(
  `    JS path: normalise and stage ${jsCpu.toFixed(2)} s, DuckDB load of the staging file ${jsLoad.toFixed(2)} s`,
);
console.log(
  `    SQL path: DuckDB normalises and inserts the rows it takes ${sqlLoad.toFixed(2)} s = ` +
    `${((sqlLoad / (jsCpu + jsLoad)) * 100).toFixed(0)}% of the JS path's ${(jsCpu + jsLoad).toFixed(2)} s`,
);
console.log(
  `  taken by SQL: ${fmt(taken)} (${((taken / lines.length) * 100).toFixed(1)}%); differing from JS: ${differing}`,
);
if (differing > 0) process.exitCode = 1;
