/**
 * The dashboard's headline figures over a time range and one firewall, computed whole in the store
 * (never summed from a report's top rows): records and alerts by their `ts`, sessions and their bytes
 * by the session's `start`, as `GET /api/sessions` ranges them.
 */
import { parseTime } from '../query/index.ts';
import { duckdbSummarySql, type SummarySql, type SummaryWhere } from '../store/duckdb/summary-sql.ts';
import type { Store } from '../store/store.ts';

/** A count or byte sum: a number when JSON can hold it exactly, else its decimal string. */
export type ExactInt = number | string;

export interface Summary {
  records: number;
  alerts: number;
  blocked_alerts: number;
  sessions: number;
  sessions_paired: number;
  /** `sessions_paired / sessions` (0..1); null without sessions. */
  paired_share: number | null;
  bytes_to_server: ExactInt;
  bytes_to_client: ExactInt;
  /** The first and last record `ts` in the range; null when it holds none. */
  first_ts: string | null;
  last_ts: string | null;
}

export interface SummaryOptions {
  /** ISO 8601 or relative (`-24h`); inclusive. */
  from?: string;
  /** Same forms; exclusive. */
  to?: string;
  firewallName?: string;
  now: Date;
}

function summarySqlFor(store: Pick<Store, 'engine'>): SummarySql {
  if (store.engine === 'duckdb') return duckdbSummarySql;
  throw new Error(`the summary is not implemented for the ${store.engine} store yet`);
}

function exact(v: unknown): ExactInt {
  if (typeof v === 'number' || typeof v === 'string') return v;
  return 0;
}

export async function computeSummary(store: Store, opts: SummaryOptions): Promise<Summary> {
  const sql = summarySqlFor(store);
  const where: SummaryWhere = {
    ...(opts.from ? { from: parseTime(opts.from, opts.now) } : {}),
    ...(opts.to ? { to: parseTime(opts.to, opts.now) } : {}),
    ...(opts.firewallName !== undefined ? { firewallName: opts.firewallName } : {}),
  };
  const ev = sql.events(where);
  const se = sql.sessions(where);
  const [e, s] = await Promise.all([
    store.query(ev.sql, ev.params).then((rows) => rows[0] ?? {}),
    store.query(se.sql, se.params).then((rows) => rows[0] ?? {}),
  ]);
  const sessions = Number(s.sessions ?? 0);
  const paired = Number(s.sessions_paired ?? 0);
  return {
    records: Number(e.records ?? 0),
    alerts: Number(e.alerts ?? 0),
    blocked_alerts: Number(e.blocked_alerts ?? 0),
    sessions,
    sessions_paired: paired,
    paired_share: sessions > 0 ? paired / sessions : null,
    bytes_to_server: exact(s.bytes_to_server),
    bytes_to_client: exact(s.bytes_to_client),
    first_ts: (e.first_ts as string | null) ?? null,
    last_ts: (e.last_ts as string | null) ?? null,
  };
}
