/** The ingest benchmark's baseline: DuckDB's own read_ndjson of the files into a flat table. Run by bench/ingest.ts. */

import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const files: string[] = JSON.parse(readFileSync(process.argv[3]!, 'utf8'));
const inst = await DuckDBInstance.create(process.argv[2]!);
const con = await inst.connect();
const list = '[' + files.map((f: string) => "'" + f.replaceAll("'", "''") + "'").join(',') + ']';
const t0 = performance.now();
await con.run(`CREATE TABLE flat AS SELECT firewall_name, availability_zone, event_timestamp,
  event.timestamp::TIMESTAMPTZ AS ts, event.flow_id, event.event_type, event.src_ip, event.src_port, event.dest_ip,
  event.dest_port, event.proto, event.app_proto, event.alert.action AS alert_action,
  event.alert.signature_id AS alert_signature_id, event.alert.signature AS alert_signature,
  event.alert.severity AS alert_severity, event.netflow.pkts AS netflow_pkts, event.netflow.bytes AS netflow_bytes,
  event.netflow.start::TIMESTAMPTZ AS netflow_start, event.netflow."end"::TIMESTAMPTZ AS netflow_end,
  event.netflow.age AS netflow_age, event.tcp.tcp_flags AS tcp_flags, event.tls.sni AS tls_sni,
  event.http.hostname AS http_hostname
  FROM read_ndjson(${list}, columns={firewall_name: 'VARCHAR', availability_zone: 'VARCHAR',
    event_timestamp: 'VARCHAR', event: 'STRUCT(timestamp VARCHAR, flow_id UBIGINT, event_type VARCHAR,
    src_ip VARCHAR, src_port INTEGER, dest_ip VARCHAR, dest_port INTEGER, proto VARCHAR, app_proto VARCHAR,
    alert STRUCT(action VARCHAR, signature_id BIGINT, signature VARCHAR, severity INTEGER),
    netflow STRUCT(pkts BIGINT, bytes BIGINT, start VARCHAR, "end" VARCHAR, age BIGINT),
    tcp STRUCT(tcp_flags VARCHAR), tls STRUCT(sni VARCHAR), http STRUCT(hostname VARCHAR))'},
    ignore_errors=true)`);
await con.run('CHECKPOINT');
const n = (await con.runAndReadAll('SELECT count(*) FROM flat')).getRows()[0]![0];
console.log(JSON.stringify({ rows: Number(n), seconds: (performance.now() - t0) / 1000 }));
