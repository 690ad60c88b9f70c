/**
 * Reports benchmark: every built-in report (and timelines in Asia/Tokyo and America/New_York across
 * the 2024-03-10 DST change, drill-downs, the generic form) on generated data, warm, against the same
 * SQL run directly on DuckDB in the same run.
 *
 *   node --import tsx bench/reports.ts [--records 10000000] [--runs 7] [--db PATH (an existing database)]
 *
 * Targets: each report < 300 ms warm (median); report / direct SQL <= 1.5x.
 * Data: 48 hours from 2024-03-09T12:00Z, generated and ingested once, cached in ~/.cache/nfwlens-bench/.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DuckDBInstance } from '@duckdb/node-api';
import { afterIngest } from '../src/cli/after-ingest.ts';
import { generateLogs } from '../src/generate/index.ts';
import { ingestPaths } from '../src/ingest/ingest-files.ts';
import { planReport, type RunReportOptions, reportQuery, runReport } from '../src/report/index.ts';
import { duckdbDialect } from '../src/store/duckdb/dialect.ts';
import { DuckDbStore } from '../src/store/duckdb/index.ts';
import { compileReportQuery } from '../src/store/duckdb/report-compile.ts';
import { CACHE, listFiles } from './bench-data.ts';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '7' },
    db: { type: 'string' },
  },
  strict: false,
});
const RECORDS = Number(args.records);
const RUNS = Number(args.runs);
const TARGET_MS = 300;
const TARGET_RATIO = 1.5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The cached database: generated logs ingested like `nfwlens ingest`, sessions refreshed. */
async function database(): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const db = join(CACHE, `reports-${RECORDS}.duckdb`);
  const done = `${db}.complete`;
  if (existsSync(done)) return db;
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const logs = join(CACHE, `reports-gen-${RECORDS}`);
  rmSync(logs, { recursive: true, force: true });
  const t0 = performance.now();
  process.stderr.write(`generating ${RECORDS.toLocaleString('en-US')} records into ${logs} ...\n`);
  await generateLogs({
    outDir: logs,
    records: RECORDS,
    seed: 1,
    start: new Date('2024-03-09T12:00:00Z'),
    hours: 48,
  });
  const t1 = performance.now();
  process.stderr.write(`generated in ${((t1 - t0) / 1000).toFixed(0)} s; ingesting into ${db} ...\n`);
  const store = await DuckDbStore.open({ path: db });
  try {
    await ingestPaths(listFiles(logs), { store });
    await afterIngest(store);
  } finally {
    await store.close();
  }
  process.stderr.write(`ingested with sessions in ${((performance.now() - t1) / 1000).toFixed(0)} s\n`);
  rmSync(logs, { recursive: true, force: true });
  writeFileSync(done, String(RECORDS));
  return db;
}

const NY_DAY = { from: '2024-03-10T00:00:00-05:00', to: '2024-03-11T00:00:00-04:00' };
const NY_HOUR = [{ field: 'bucket', value: '2024-03-10T03:00:00-04:00' }];
const CASES: [string, RunReportOptions][] = [
  ['hourly-actions UTC', { name: 'hourly-actions', tz: 'UTC' }],
  ['hourly-actions Asia/Tokyo', { name: 'hourly-actions', tz: 'Asia/Tokyo' }],
  ['hourly-actions New York DST day', { name: 'hourly-actions', tz: 'America/New_York', ...NY_DAY }],
  ['hourly-actions hour-of-day NY', { name: 'hourly-actions', tz: 'America/New_York', by: 'hour-of-day' }],
  ['hourly-actions drill hour NY', { name: 'hourly-actions', tz: 'America/New_York', drill: NY_HOUR }],
  ['top-destinations', { name: 'top-destinations', tz: 'UTC' }],
  ['protocols', { name: 'protocols', tz: 'UTC' }],
  ['top-sources', { name: 'top-sources', tz: 'UTC' }],
  ['top-ports', { name: 'top-ports', tz: 'UTC' }],
  ['top-signatures', { name: 'top-signatures', tz: 'UTC' }],
  ['blocked-sources', { name: 'blocked-sources', tz: 'UTC' }],
  ['top-sni', { name: 'top-sni', tz: 'UTC' }],
  ['firewalls', { name: 'firewalls', tz: 'UTC' }],
  ['protocols drill tls', { name: 'protocols', tz: 'UTC', drill: [{ field: 'app_proto', value: 'tls' }] }],
  ['generic total_bytes by hour Tokyo', { measure: 'total_bytes', by: 'hour', tz: 'Asia/Tokyo' }],
  ['generic records by log_type', { measure: 'records', by: 'log_type', tz: 'UTC' }],
];

async function main(): Promise<void> {
  const db = typeof args.db === 'string' ? args.db : await database();
  const now = new Date();
  const store = await DuckDbStore.open({ path: db, readOnly: true });
  // The direct runs use a connection of the store's own DuckDB instance (one process per file), and
  // alternate with the report runs so that both see the same machine load.
  const instance = (store as unknown as { instance: DuckDBInstance }).instance;
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  const status = await store.status();
  const sessions = (await store.query('SELECT count(*) AS n FROM sessions'))[0]?.n;
  console.log(
    `records ${status.records.toLocaleString('en-US')} (alerts ${status.records_by_log_type.alert ?? 0}), ` +
      `sessions ${sessions}, ${RUNS} runs each (median, warm)`,
  );
  console.log(
    `${'case'.padEnd(36)} ${'rows'.padStart(5)} ${'direct'.padStart(9)} ${'report'.padStart(9)}  ratio`,
  );
  let failed = 0;
  for (const [label, o] of CASES) {
    const c = compileReportQuery(reportQuery(planReport({ ...o, now }, duckdbDialect)));
    let rows = 0;
    const runDirect = async () => (await conn.runAndReadAll(c.sql, c.params as never)).getRows();
    const runEngine = async () => {
      rows = (await runReport(store, { ...o, now })).rows.length;
    };
    await runDirect();
    await runEngine();
    const td: number[] = [];
    const tr: number[] = [];
    for (let k = 0; k < RUNS; k++) {
      td.push(await timed(runDirect));
      tr.push(await timed(runEngine));
    }
    const d = median(td);
    const t = median(tr);
    const ratio = t / d;
    const ok = t < TARGET_MS && ratio <= TARGET_RATIO;
    if (!ok) failed++;
    console.log(
      `${label.padEnd(36)} ${String(rows).padStart(5)} ${d.toFixed(1).padStart(6)} ms ${t.toFixed(1).padStart(6)} ms ${ratio.toFixed(2).padStart(5)}x${ok ? '' : '  MISS'}`,
    );
  }
  conn.closeSync();
  await store.close();
  console.log(
    `targets (< ${TARGET_MS} ms, <= ${TARGET_RATIO}x): ${CASES.length - failed} met, ${failed} missed`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
