/**
 * npm run bench:ingest — `nfwlens ingest` of ~1M generated records against DuckDB's own read_ndjson of
 * the same files into a flat table (the engine's ceiling here), in the same run. Prints both rates,
 * their ratio, peak RSS, and the database size against the input's gzip size. Medians of --runs.
 * Also the ceiling of a DuckDB-parses-the-JSON ingest: read_ndjson of every source column of the
 * column table with no checks at all (bench/ingest-ceiling.ts).
 *
 * Then the long-span case (30 days by default: 2M records over 720 hours, one file per firewall,
 * type and 5 minutes, so thousands of files): one ingest at the default limits, its rate against
 * read_ndjson of the same files and its peak RSS, which must stay under 1 GiB whatever the span.
 *
 *   node --import tsx bench/ingest.ts [--records 1000000] [--runs 3]
 *                                     [--span-records 2000000] [--span-hours 720] (--span-records 0: skip)
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { BIN, benchData, fmt, median, mib, ROOT, runMeasured } from './bench-data.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    // The long-span case: this many records over this many hours (0 records: skipped).
    'span-records': { type: 'string', default: '2000000' },
    'span-hours': { type: 'string', default: '720' },
  },
});
const records = Number(values.records);
const runs = Number(values.runs);
const spanRecords = Number(values['span-records']);
const spanHours = Number(values['span-hours']);

const data = await benchData(records);
const work = mkdtempSync(join(tmpdir(), 'nfwlens-bench-ingest-'));

// The baseline (bench/ingest-baseline.ts): DuckDB parses the same gzip NDJSON itself into a flat table.
const listFile = join(work, 'files.json');
writeFileSync(listFile, JSON.stringify(data.files));

interface Run {
  rate: number;
  /** The ingest's own figures: seconds loading the records, then refreshing the sessions. */
  loadSeconds: number;
  sessionsSeconds: number;
  /** Bytes of the events and rejected tables, and of the sessions table. */
  recordBytes: number;
  sessionBytes: number;
  seconds: number;
  rss: number;
  dbBytes: number;
  records: number;
  rejected: number;
}
const ours: Run[] = [];
const base: { rate: number; seconds: number }[] = [];
const ceiling: { rate: number; columns: number }[] = [];
let idempotent = true;

/**
 * Bytes each table takes in a database file: its segments' extents within their blocks (a block
 * shared by small segments is split between them).
 */
async function tableBytes(path: string): Promise<Map<string, number>> {
  const inst = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const con = await inst.connect();
  try {
    const parts = ['events', 'sessions', 'rejected'].map(
      (t) =>
        `SELECT '${t}' AS t, block_id, block_offset FROM pragma_storage_info('${t}') WHERE block_id >= 0`,
    );
    const r = await con.runAndReadAll(
      `SELECT t, sum(bytes) FROM (SELECT t, coalesce(lead(block_offset) OVER (PARTITION BY block_id ` +
        `ORDER BY block_offset), (SELECT block_size FROM pragma_database_size())) - block_offset AS bytes ` +
        `FROM (${parts.join(' UNION ALL ')})) GROUP BY t`,
    );
    return new Map(r.getRows().map(([t, n]) => [String(t), Number(n)]));
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

/** Runs `bench/<name>.ts` on a fresh database over the listed files; its JSON line, seconds = wall clock. */
async function duckdbScript(
  name: string,
  run: number,
  list = listFile,
): Promise<{ rows: number; columns?: number; seconds: number }> {
  const db = join(work, `${name}-${run}.duckdb`);
  const r = await runMeasured(process.execPath, [
    '--import',
    'tsx',
    join(ROOT, `bench/${name}.ts`),
    db,
    list,
  ]);
  if (r.code !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  rmSync(db, { force: true });
  return { ...JSON.parse(r.stdout), seconds: r.seconds };
}

/** One `nfwlens ingest` of `dir` into a new database `db`: its figures, from its output and the file. */
async function measureIngest(db: string, dir: string, what: string): Promise<Run> {
  const r = await runMeasured(process.execPath, [BIN, 'ingest', '--db', db, '--format', 'json', dir]);
  if (r.code !== 0) throw new Error(`nfwlens ingest (${what}) failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  let dbBytes = statSync(db).size;
  try {
    dbBytes += statSync(`${db}.wal`).size;
  } catch {}
  const tables = await tableBytes(db);
  return {
    rate: out.records / r.seconds,
    loadSeconds: out.seconds,
    sessionsSeconds: out.sessions_seconds,
    recordBytes: (tables.get('events') ?? 0) + (tables.get('rejected') ?? 0),
    sessionBytes: tables.get('sessions') ?? 0,
    seconds: r.seconds,
    rss: r.peakRssBytes,
    dbBytes,
    records: out.records,
    rejected: out.rejected,
  };
}

for (let i = 0; i < runs; i++) {
  const db = join(work, `ours-${i}.duckdb`);
  ours.push(await measureIngest(db, data.dir, `run ${i + 1}`));
  // Idempotence: the same files again must add nothing.
  const again = await runMeasured(process.execPath, [
    BIN,
    'ingest',
    '--db',
    db,
    '--format',
    'json',
    data.dir,
  ]);
  if (JSON.parse(again.stdout).records !== 0) idempotent = false;
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });

  const bo = await duckdbScript('ingest-baseline', i);
  base.push({ rate: bo.rows / bo.seconds, seconds: bo.seconds });
  // The same files read by DuckDB into every source column of the column table, with no checks.
  const co = await duckdbScript('ingest-ceiling', i);
  ceiling.push({ rate: co.rows / co.seconds, columns: co.columns ?? 0 });
  process.stderr.write(
    `run ${i + 1}/${runs}: nfwlens ${fmt(ours[i]!.rate)} rec/s, read_ndjson ${fmt(base[i]!.rate)} rec/s\n`,
  );
}

/** The long-span case: one ingest of many hours of files at the default limits, and its baseline. */
let span: { data: Awaited<ReturnType<typeof benchData>>; run: Run; baseRate: number } | null = null;
if (spanRecords > 0) {
  const spanData = await benchData(spanRecords, 1, spanHours);
  const db = join(work, 'span.duckdb');
  const run = await measureIngest(db, spanData.dir, 'long span');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const spanList = join(work, 'span-files.json');
  writeFileSync(spanList, JSON.stringify(spanData.files));
  const bo = await duckdbScript('ingest-baseline', runs, spanList);
  span = { data: spanData, baseRate: bo.rows / bo.seconds, run };
  process.stderr.write(
    `long span: nfwlens ${fmt(span.run.rate)} rec/s, read_ndjson ${fmt(span.baseRate)} rec/s\n`,
  );
}
rmSync(work, { recursive: true, force: true });

const oursRate = median(ours.map((r) => r.rate));
const baseRate = median(base.map((r) => r.rate));
const ceilingRate = median(ceiling.map((r) => r.rate));
const rss = Math.max(...ours.map((r) => r.rss));
const dbBytes = median(ours.map((r) => r.dbBytes));
console.log(
  `ingest benchmark: ${fmt(data.records)} generated records, ${data.files.length} files, ${mib(data.gzBytes)} gzip`,
);
console.log(
  `  nfwlens ingest            ${fmt(oursRate)} records/s (median of ${runs}, wall clock incl. start-up)`,
);
const loadRate = median(ours.map((r) => r.records / r.loadSeconds));
console.log(
  `    of which loading        ${fmt(median(ours.map((r) => r.loadSeconds)), 2)} s (${fmt(loadRate)} records/s = ${fmt((loadRate / baseRate) * 100, 1)}% of flat), sessions refresh ${fmt(median(ours.map((r) => r.sessionsSeconds)), 2)} s`,
);
console.log(`  DuckDB read_ndjson (flat) ${fmt(baseRate)} records/s`);
console.log(`  ratio                     ${fmt((oursRate / baseRate) * 100, 1)}% (target >= 30%, aim 50%)`);
console.log(
  `  ceiling: read_ndjson of all ${ceiling[0]!.columns} source columns, no checks: ${fmt(ceilingRate)} records/s = ${fmt((ceilingRate / baseRate) * 100, 1)}% of flat`,
);
console.log(`  peak RSS                  ${mib(rss)} (target < 1024 MiB)`);
console.log(
  `  database / gzip input     ${mib(dbBytes)} / ${mib(data.gzBytes)} = ${fmt(dbBytes / data.gzBytes, 2)}x (target <= 1.5x)`,
);
console.log(
  `    of which records        ${fmt(median(ours.map((r) => r.recordBytes)) / data.gzBytes, 2)}x (events and rejected), sessions ${fmt(median(ours.map((r) => r.sessionBytes)) / data.gzBytes, 2)}x`,
);
console.log(`  records stored / rejected ${fmt(ours[0]!.records)} / ${fmt(ours[0]!.rejected)}`);
console.log(`  re-ingest adds nothing    ${idempotent ? 'yes' : 'NO'}`);
if (span) {
  const { data: d, run: r } = span;
  console.log(
    `long span: ${fmt(d.records)} generated records over ${spanHours} hours, ${fmt(d.files.length)} files, ${mib(d.gzBytes)} gzip (one run, default limits)`,
  );
  console.log(
    `  nfwlens ingest            ${fmt(r.rate)} records/s (loading ${fmt(r.loadSeconds, 2)} s, sessions refresh ${fmt(r.sessionsSeconds, 2)} s)`,
  );
  console.log(`  DuckDB read_ndjson (flat) ${fmt(span.baseRate)} records/s`);
  console.log(`  ratio                     ${fmt((r.rate / span.baseRate) * 100, 1)}% (target >= 30%)`);
  console.log(`  peak RSS                  ${mib(r.rss)} (target < 1024 MiB)`);
  console.log(
    `  database / gzip input     ${mib(r.dbBytes)} / ${mib(d.gzBytes)} = ${fmt(r.dbBytes / d.gzBytes, 2)}x (target <= 1.5x; records ${fmt(r.recordBytes / d.gzBytes, 2)}x, sessions ${fmt(r.sessionBytes / d.gzBytes, 2)}x)`,
  );
  console.log(`  records stored / rejected ${fmt(r.records)} / ${fmt(r.rejected)}`);
}
