/**
 * Report test fixtures: NFW JSON lines (the mission article's records verbatim, and hand-made alerts
 * and flows), ingested into a store of each engine through the real pipeline, sessions refreshed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterIngest } from '../cli/after-ingest.ts';
import { ingestPaths } from '../ingest/ingest-files.ts';
import { type StoreEngine, storeEngine } from '../store/engines.testing.ts';
import type { Store } from '../store/store.ts';

/** The article's records: two alerts, the TLS flow pair (flow 106638783863210), a one-way ICMP flow. */
export const ARTICLE_LINES: readonly string[] = [
  '{"firewall_name":"NetworkFirewall","availability_zone":"us-west-2a","event_timestamp":"1675153572","event":{"src_ip":"192.168.0.78","src_port":51117,"event_type":"alert","alert":{"severity":3,"signature_id":3,"rev":0,"signature":"","action":"allowed","category":""},"flow_id":180684184660251,"dest_ip":"18.180.167.106","proto":"TCP","dest_port":443,"timestamp":"2023-01-31T08:26:12.436507+0000"}}',
  '{"firewall_name":"NetworkFirewall","availability_zone":"us-west-2a","event_timestamp":"1675153534","event":{"icmp_type":8,"src_ip":"192.168.0.78","src_port":0,"event_type":"alert","alert":{"severity":3,"signature_id":4,"rev":0,"signature":"","action":"blocked","category":""},"flow_id":1238487382520761,"dest_ip":"18.180.167.106","proto":"ICMP","icmp_code":0,"dest_port":0,"timestamp":"2023-01-31T08:25:34.881593+0000"}}',
  '{"firewall_name":"NetworkFirewall","availability_zone":"us-west-2a","event_timestamp":"1675151323","event":{"tcp":{"tcp_flags":"df","syn":true,"fin":true,"rst":true,"psh":true,"ack":true,"ecn":true,"cwr":true},"app_proto":"tls","src_ip":"192.168.0.78","src_port":50811,"netflow":{"pkts":16,"bytes":3487,"start":"2023-01-31T07:44:20.121258+0000","end":"2023-01-31T07:44:28.852749+0000","age":8,"min_ttl":127,"max_ttl":127},"event_type":"netflow","flow_id":106638783863210,"dest_ip":"18.180.167.106","proto":"TCP","dest_port":443,"timestamp":"2023-01-31T07:48:43.647164+0000"}}',
  '{"firewall_name":"NetworkFirewall","availability_zone":"us-west-2a","event_timestamp":"1675151323","event":{"tcp":{"tcp_flags":"1b","syn":true,"fin":true,"psh":true,"ack":true},"app_proto":"tls","src_ip":"18.180.167.106","src_port":443,"netflow":{"pkts":28,"bytes":29719,"start":"2023-01-31T07:44:20.121258+0000","end":"2023-01-31T07:44:28.852749+0000","age":8,"min_ttl":110,"max_ttl":227},"event_type":"netflow","flow_id":106638783863210,"dest_ip":"192.168.0.78","proto":"TCP","dest_port":50811,"timestamp":"2023-01-31T07:48:43.647207+0000"}}',
  '{"firewall_name":"NetworkFirewall","availability_zone":"us-west-2a","event_timestamp":"1675152724","event":{"src_ip":"192.168.0.78","icmp_type":8,"netflow":{"pkts":3,"bytes":180,"start":"2023-01-31T08:11:16.984073+0000","end":"2023-01-31T08:11:28.570025+0000","age":12,"min_ttl":127,"max_ttl":127},"event_type":"netflow","flow_id":1238487326262281,"dest_ip":"18.180.167.106","proto":"ICMP","icmp_code":0,"timestamp":"2023-01-31T08:12:04.090331+0000"}}',
];

/** EVE time text: `2024-03-10T06:15:00.000000+0000`. */
export function eveTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '000+0000');
}

export interface AlertLine {
  ts: string;
  action: 'allowed' | 'blocked';
  src?: string;
  dst?: string;
  dport?: number;
  sid?: number;
  signature?: string;
  flowId?: number;
  fw?: string;
  az?: string;
  sni?: string;
  hostname?: string;
}

/** One alert record (times as ISO 8601, any offset). */
export function alertLine(a: AlertLine): string {
  const ms = Date.parse(a.ts);
  return JSON.stringify({
    firewall_name: a.fw ?? 'fw-a',
    availability_zone: a.az ?? 'us-east-1a',
    event_timestamp: String(Math.floor(ms / 1000)),
    event: {
      timestamp: eveTime(a.ts),
      flow_id: a.flowId ?? 1000 + (ms % 100000),
      event_type: 'alert',
      src_ip: a.src ?? '10.0.0.1',
      src_port: 40000,
      dest_ip: a.dst ?? '198.51.100.1',
      dest_port: a.dport ?? 443,
      proto: 'TCP',
      ...(a.sni ? { app_proto: 'tls', tls: { sni: a.sni } } : {}),
      ...(a.hostname ? { app_proto: 'http', http: { hostname: a.hostname, url: '/' } } : {}),
      alert: {
        action: a.action,
        signature_id: a.sid ?? 1,
        rev: 1,
        signature: a.signature ?? `rule ${a.sid ?? 1}`,
        category: '',
        severity: 2,
      },
    },
  });
}

export interface FlowHalf {
  flowId: number;
  ts: string;
  start: string;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  pkts: number;
  bytes: number;
  app?: string;
  proto?: string;
  fw?: string;
}

/** One netflow record (one direction of a flow). */
export function netflowLine(h: FlowHalf): string {
  return JSON.stringify({
    firewall_name: h.fw ?? 'fw-a',
    availability_zone: 'us-east-1a',
    event_timestamp: String(Math.floor(Date.parse(h.ts) / 1000)),
    event: {
      src_ip: h.src,
      src_port: h.sport,
      ...(h.app ? { app_proto: h.app } : {}),
      netflow: { pkts: h.pkts, bytes: h.bytes, start: eveTime(h.start), end: eveTime(h.start), age: 0 },
      event_type: 'netflow',
      flow_id: h.flowId,
      dest_ip: h.dst,
      proto: h.proto ?? 'TCP',
      dest_port: h.dport,
      timestamp: eveTime(h.ts),
    },
  });
}

export interface ReportTestStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * A fresh store of `engine` (default: an in-memory DuckDB) holding `lines`, ingested like `nfwlens
 * ingest` does (sessions refreshed).
 */
export async function storeWith(
  lines: readonly string[],
  engine: StoreEngine = storeEngine('duckdb'),
): Promise<ReportTestStore> {
  const opened = await engine.open();
  const store = opened.store;
  const dir = mkdtempSync(join(tmpdir(), 'nfwlens-report-'));
  const file = join(dir, 'records.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  await ingestPaths([file], { store });
  await afterIngest(store);
  return {
    store,
    async close() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
