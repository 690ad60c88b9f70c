/**
 * npm run bench:ingest-clickhouse — `nfwlens ingest --store clickhouse://...` of generated records
 * against ClickHouse reading the same gzip NDJSON files itself (`INSERT ... SELECT FROM file(...,
 * JSONEachRow)` into a flat table of the same 24 fields as the DuckDB baseline), in the same run, on
 * the same server (clickhouse-local from the @chdb/lib-linux-x64-gnu dev dependency serving HTTP on 127.0.0.1). Prints
 * both rates, their ratio (target >= 0.5x), peak RSS of the nfwlens process and the bytes on disk per
 * record. Medians of --runs.
 *
 *   node --import tsx bench/ingest-clickhouse.ts [--records 200000] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { createClient } from '@clickhouse/client';
import { startClickHouse } from '../src/store/clickhouse/test-server.testing.ts';
import { BIN, benchData, fmt, median, mib, runMeasured } from './bench-data.ts';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' } },
});
const records = Number(values.records);
const runs = Number(values.runs);
const data = await benchData(records);
const server = await startClickHouse();
const client = createClient({ url: server.url, clickhouse_settings: { async_insert: 0 } });

/** The DuckDB baseline's 24 fields (bench/ingest-baseline.ts), as ClickHouse parses them from the JSON. */
const FLAT = `firewall_name Nullable(String), availability_zone Nullable(String), event_timestamp Nullable(String),
  event Tuple(timestamp Nullable(String), flow_id Nullable(UInt64), event_type Nullable(String),
    src_ip Nullable(String), src_port Nullable(Int32), dest_ip Nullable(String), dest_port Nullable(Int32),
    proto Nullable(String), app_proto Nullable(String),
    alert Tuple(action Nullable(String), signature_id Nullable(Int64), signature Nullable(String), severity Nullable(Int32)),
    netflow Tuple(pkts Nullable(Int64), bytes Nullable(Int64), start Nullable(String), \`end\` Nullable(String), age Nullable(Int64)),
    tcp Tuple(tcp_flags Nullable(String)), tls Tuple(sni Nullable(String)), http Tuple(hostname Nullable(String)))`;

async function baseline(run: number): Promise<{ rows: number; seconds: number }> {
  const db = `flat_${run}`;
  await client.command({ query: `CREATE DATABASE ${db} ENGINE = Atomic` });
  await client.command({
    query: `CREATE TABLE ${db}.flat (firewall_name Nullable(String), availability_zone Nullable(String),
      event_timestamp Nullable(String), ts Nullable(DateTime64(6, 'UTC')), flow_id Nullable(UInt64),
      event_type Nullable(String), src_ip Nullable(String), src_port Nullable(Int32), dest_ip Nullable(String),
      dest_port Nullable(Int32), proto Nullable(String), app_proto Nullable(String), alert_action Nullable(String),
      alert_signature_id Nullable(Int64), alert_signature Nullable(String), alert_severity Nullable(Int32),
      netflow_pkts Nullable(Int64), netflow_bytes Nullable(Int64), netflow_start Nullable(DateTime64(6, 'UTC')),
      netflow_end Nullable(DateTime64(6, 'UTC')), netflow_age Nullable(Int64), tcp_flags Nullable(String),
      tls_sni Nullable(String), http_hostname Nullable(String)) ENGINE = MergeTree ORDER BY tuple()`,
  });
  const list = data.files.map((f) => `'${f.replaceAll("'", "\\'")}'`);
  const t0 = performance.now();
  // One INSERT per 500 files: a single file() glob over thousands of paths is one long argument.
  for (let i = 0; i < list.length; i += 500) {
    const sources = list
      .slice(i, i + 500)
      .map((f) => `SELECT * FROM file(${f}, JSONEachRow, '${FLAT.replaceAll("'", "\\'")}')`)
      .join(' UNION ALL ');
    await client.command({
      query: `INSERT INTO ${db}.flat SELECT firewall_name, availability_zone, event_timestamp,
        parseDateTime64BestEffortOrNull(event.timestamp, 6, 'UTC'), event.flow_id, event.event_type, event.src_ip,
        event.src_port, event.dest_ip, event.dest_port, event.proto, event.app_proto, event.alert.action,
        event.alert.signature_id, event.alert.signature, event.alert.severity, event.netflow.pkts,
        event.netflow.bytes, parseDateTime64BestEffortOrNull(event.netflow.start, 6, 'UTC'),
        parseDateTime64BestEffortOrNull(event.netflow.end, 6, 'UTC'), event.netflow.age, event.tcp.tcp_flags,
        event.tls.sni, event.http.hostname FROM (${sources})`,
      clickhouse_settings: { input_format_allow_errors_ratio: 1 },
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const rs = await client.query({ query: `SELECT count() AS n FROM ${db}.flat`, format: 'JSONEachRow' });
  const rows = Number((await rs.json<{ n: string }>())[0]!.n);
  await client.command({ query: `DROP DATABASE ${db} SYNC` });
  return { rows, seconds };
}

/** Bytes on disk of a database's tables. */
async function diskBytes(db: string): Promise<number> {
  const rs = await client.query({
    query: `SELECT sum(bytes_on_disk) AS b FROM system.parts WHERE database = {db:String} AND active`,
    query_params: { db },
    format: 'JSONEachRow',
  });
  return Number((await rs.json<{ b: string }>())[0]!.b);
}

const u = new URL(server.url);
const ours: { rate: number; rss: number; bytes: number; records: number; again: number }[] = [];
const base: { rate: number }[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const db = `ours_${i}`;
    const store = `clickhouse://default@${u.hostname}:${u.port}/${db}`;
    const r = await runMeasured(process.execPath, [
      BIN,
      'ingest',
      '--store',
      store,
      '--format',
      'json',
      data.dir,
    ]);
    if (r.code !== 0) throw new Error(`nfwlens ingest failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    const again = await runMeasured(process.execPath, [
      BIN,
      'ingest',
      '--store',
      store,
      '--format',
      'json',
      data.dir,
    ]);
    ours.push({
      rate: out.records / r.seconds,
      rss: r.peakRssBytes,
      bytes: await diskBytes(db),
      records: out.records,
      again: JSON.parse(again.stdout).records,
    });
    await client.command({ query: `DROP DATABASE ${db} SYNC` });
    const b = await baseline(i);
    base.push({ rate: b.rows / b.seconds });
    process.stderr.write(
      `run ${i + 1}/${runs}: nfwlens ${fmt(ours[i]!.rate)} rec/s, ClickHouse file() ${fmt(base[i]!.rate)} rec/s\n`,
    );
  }
} finally {
  await client.close();
  await server.stop();
}

const oursRate = median(ours.map((r) => r.rate));
const baseRate = median(base.map((r) => r.rate));
console.log(
  `ClickHouse ingest benchmark: ${fmt(data.records)} generated records, ${data.files.length} files, ${mib(data.gzBytes)} gzip`,
);
console.log(
  `  nfwlens ingest --store      ${fmt(oursRate)} records/s (median of ${runs}, wall clock incl. start-up and sessions)`,
);
console.log(`  ClickHouse file() (flat)    ${fmt(baseRate)} records/s`);
console.log(`  ratio                       ${fmt(oursRate / baseRate, 2)}x (target >= 0.5x)`);
console.log(`  peak RSS of nfwlens         ${mib(Math.max(...ours.map((r) => r.rss)))}`);
console.log(
  `  on disk per record          ${fmt(median(ours.map((r) => r.bytes / r.records)), 1)} B (events, sessions and the rest; gzip input ${fmt(data.gzBytes / data.records, 1)} B)`,
);
console.log(`  re-ingest adds nothing      ${ours.every((r) => r.again === 0) ? 'yes' : 'NO'}`);
