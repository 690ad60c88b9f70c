/** Test helpers: NFW netflow/alert JSON lines built by hand, and a store fed from temp files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../ingest/ingest-files.ts';
import { type StoreEngine, storeEngine } from '../store/engines.testing.ts';
import type { Store } from '../store/store.ts';
import { listSessions } from './list.ts';
import { refreshSessions } from './refresh.ts';
import type { Session } from './types.ts';

export interface Half {
  fw?: string;
  az?: string;
  flowId: number;
  /** event.timestamp */
  ts: string;
  start: string;
  end?: string;
  src: string;
  sport?: number;
  dst: string;
  dport?: number;
  proto?: string;
  pkts: number;
  bytes: number;
  app?: string;
  flags?: string;
  icmpType?: number;
}

/** One NFW flow-log record (event_type netflow), as the firewall writes it. */
export function netflow(h: Half): string {
  const event: Record<string, unknown> = {
    src_ip: h.src,
    ...(h.sport !== undefined ? { src_port: h.sport } : {}),
    ...(h.icmpType !== undefined ? { icmp_type: h.icmpType, icmp_code: 0 } : {}),
    ...(h.app !== undefined ? { app_proto: h.app } : {}),
    ...(h.flags !== undefined ? { tcp: { tcp_flags: h.flags } } : {}),
    netflow: {
      pkts: h.pkts,
      bytes: h.bytes,
      start: h.start,
      end: h.end ?? h.start,
      age: 0,
      min_ttl: 64,
      max_ttl: 64,
    },
    event_type: 'netflow',
    flow_id: h.flowId,
    dest_ip: h.dst,
    proto: h.proto ?? 'TCP',
    ...(h.dport !== undefined ? { dest_port: h.dport } : {}),
    timestamp: h.ts,
  };
  return JSON.stringify({
    firewall_name: h.fw ?? 'fw-a',
    availability_zone: h.az ?? 'us-east-1a',
    event_timestamp: String(Math.floor(Date.parse(h.ts.replace('+0000', 'Z')) / 1000)),
    event,
  });
}

export interface AlertSpec {
  fw?: string;
  az?: string;
  flowId: number;
  ts: string;
  action: 'allowed' | 'blocked';
  sid: number;
  /** The rule's message (default `rule <sid>`) and category (default empty). */
  signature?: string;
  category?: string;
  /** Endpoints of the alerted packet (default 10.0.0.1:40000 -> 192.0.2.1:443, TCP); a port may be absent. */
  src?: string;
  sport?: number | null;
  dst?: string;
  dport?: number | null;
  proto?: string;
}

/** The endpoints of a session's request direction, to aim an alert at it (`reverse`: the reply's). */
export function endpoints(
  h: Pick<Half, 'src' | 'sport' | 'dst' | 'dport' | 'proto'>,
  reverse = false,
): Pick<AlertSpec, 'src' | 'sport' | 'dst' | 'dport' | 'proto'> {
  const e = {
    src: h.src,
    sport: h.sport ?? null,
    dst: h.dst,
    dport: h.dport ?? null,
    proto: h.proto ?? 'TCP',
  };
  return reverse ? { src: e.dst, sport: e.dport, dst: e.src, dport: e.sport, proto: e.proto } : e;
}

export function alert(a: AlertSpec): string {
  return JSON.stringify({
    firewall_name: a.fw ?? 'fw-a',
    availability_zone: a.az ?? 'us-east-1a',
    event_timestamp: String(Math.floor(Date.parse(a.ts.replace('+0000', 'Z')) / 1000)),
    event: {
      timestamp: a.ts,
      flow_id: a.flowId,
      event_type: 'alert',
      src_ip: a.src ?? '10.0.0.1',
      ...(a.sport === null ? {} : { src_port: a.sport ?? 40000 }),
      dest_ip: a.dst ?? '192.0.2.1',
      ...(a.dport === null ? {} : { dest_port: a.dport ?? 443 }),
      proto: a.proto ?? 'TCP',
      alert: {
        action: a.action,
        signature_id: a.sid,
        rev: 1,
        signature: a.signature ?? `rule ${a.sid}`,
        category: a.category ?? '',
        severity: 2,
      },
    },
  });
}

/** A fresh store of one engine, the temp files it read from, and a cleanup. */
export interface TestStore {
  store: Store;
  dir: string;
  /** Write `lines` to a new file and ingest it (one ingest run), then refresh the sessions. */
  ingest(lines: readonly string[], refresh?: boolean): Promise<void>;
  sessions(): Promise<Session[]>;
  close(): Promise<void>;
}

/** A fresh empty store of `engine` (default: an in-memory DuckDB) fed from temp files. */
export async function openTestStore(engine: StoreEngine = storeEngine('duckdb')): Promise<TestStore> {
  const opened = await engine.open();
  const store = opened.store;
  const dir = mkdtempSync(join(tmpdir(), 'nfwlens-sessions-'));
  let n = 0;
  return {
    store,
    dir,
    async ingest(lines, refresh = true) {
      const file = join(dir, `part-${++n}.log`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      await ingestPaths([file], { store });
      if (refresh) await refreshSessions(store);
    },
    sessions: () => listSessions(store, { limit: 100_000, sort: 'start' }),
    async close() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A session without the ids and times that depend on arrival order, for order-independence checks. */
export function comparable(s: Session): Record<string, unknown> {
  const { request_id: _r, reply_id: _p, ...rest } = s;
  return rest;
}
