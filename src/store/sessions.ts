/**
 * The store contract for sessions: the two one-way netflow records of each flow paired into one
 * conversation, kept up to date by the engine (`refreshSessions`) and listed from a compiled filter.
 * The rules every engine follows are in `src/sessions/README.md`; the constants they name are here.
 */
import type { CompiledQuery } from '../query/index.ts';
import type { SessionSort } from '../schema/session-columns.ts';
import type { ReadOptions } from './store.ts';

export type { SessionSort };

/** `netflow`: paired from NFW's one-way records; `flow`: a Suricata bidirectional `flow` event. */
export type SessionKind = 'netflow' | 'flow';

/** A session as stored and listed. Times are ISO 8601 UTC strings with microseconds. */
export interface Session {
  kind: SessionKind;
  firewall_name: string | null;
  availability_zone: string | null;
  /** A number (Suricata masks flow ids to 51 bits); a string only if a larger id ever appears. */
  flow_id: number | string | null;
  start: string | null;
  end: string | null;
  age: number | null;
  client_ip: string | null;
  client_port: number | null;
  server_ip: string | null;
  server_port: number | null;
  proto: string | null;
  app_proto: string;
  pkts_to_server: number;
  bytes_to_server: number;
  pkts_to_client: number;
  bytes_to_client: number;
  total_bytes: number;
  paired: boolean;
  tcp_flags_to_server: string | null;
  tcp_flags_to_client: string | null;
  /** Event id of the request half (or of the `flow` event). */
  request_id: number;
  /** Event id of the reply half; null when none was seen. */
  reply_id: number | null;
  /** `ts` (event.timestamp) of the request half. */
  ts: string;
  /** `ts` of the later half. */
  last_ts: string;
  /** Records sharing the pair key (2 for a pair; more means duplicates in the input, ignored). */
  records: number;
  alert_count: number;
  alert_action: 'blocked' | 'allowed' | null;
  signature_ids: number[];
}

/** Reporting delay allowed around a session when joining its alerts. */
export const ALERT_SLACK_SECONDS = 300;

/** `app_proto` of a session when neither half names one. */
export const UNKNOWN_APP_PROTO = 'unknown';

/** Name of the sessions' row in the derived watermarks table. */
export const SESSIONS_WATERMARK = 'sessions';

/**
 * Flow records per partition of a refresh. The window functions that pair the halves hold their whole
 * input: one statement over ten million records peaked at 8.5 GB; slices of this size keep an
 * ingest of ten million records under 800 MB resident with a 256 MB DuckDB limit for the refresh.
 */
export const PARTITION_FLOW_RECORDS = 250_000;

/** Partitions for `flowRecords` flow records: at least one. */
export function partitionsFor(flowRecords: number, perPartition = PARTITION_FLOW_RECORDS): number {
  return Math.max(1, Math.ceil(flowRecords / perPartition));
}

export interface RefreshOptions {
  /** Recompute every session from all events, whatever the watermark says. */
  rebuild?: boolean;
  /** Flow records per partition (default PARTITION_FLOW_RECORDS). */
  partitionRecords?: number;
}

export interface RefreshResult {
  /** Sessions written (new or recomputed). */
  sessions_updated: number;
  /** Whole rebuild (first refresh) or incremental. */
  mode: 'rebuild' | 'incremental' | 'none';
  /** Events considered, up to this id. */
  watermark: number;
  seconds: number;
}

/** A page of a listing: sessions matching all of the given conditions, in the sort's order. */
export interface SessionListQuery {
  /** A filter compiled over the session fields with the store's dialect. */
  filter?: CompiledQuery;
  /** `start` at or after (epoch microseconds). */
  fromUs?: number;
  /** `start` before (epoch microseconds). */
  toUs?: number;
  /** `start`: newest first (nulls last), then request_id down; `total_bytes`: largest first, then so. */
  sort: SessionSort;
  limit: number;
  /** Only the sessions after this one (the last of the page before) in the sort's order. */
  after?: Pick<Session, 'start' | 'total_bytes' | 'request_id'>;
}

/** Which sessions to count: a listing's filter and range, without its sort, limit or paging. */
export type SessionCountQuery = Pick<SessionListQuery, 'filter' | 'fromUs' | 'toUs'>;

export interface SessionStats {
  sessions: number;
  sessions_paired: number;
  /** Share of netflow sessions with both halves seen (0..1); null with no netflow sessions. */
  sessions_paired_share: number | null;
  /** Netflow sessions waiting for their other half (one-way flows stay here for good). */
  sessions_lone_halves: number;
  /** Events stored after the last refresh (0 when sessions are up to date). */
  sessions_behind_events: number;
}

/** What a store does for sessions. */
export interface SessionStore {
  /**
   * Brings the sessions up to date with every stored event, in one transaction: a crash leaves the
   * old sessions and watermark, and the next refresh catches up. The first refresh rebuilds all.
   */
  refreshSessions(opts?: RefreshOptions): Promise<RefreshResult>;
  listSessions(query: SessionListQuery, options?: ReadOptions): Promise<Session[]>;
  /** Session figures for `nfwlens status`. */
  sessionStats(options?: ReadOptions): Promise<SessionStats>;
  /** How many sessions a listing of this filter and range holds in all. */
  countSessions(query: SessionCountQuery, options?: ReadOptions): Promise<number>;
}

/** Where each read operation of `SessionStore` takes its ReadOptions (a request passes its own there). */
export const SESSION_READ_OPTIONS_AT = {
  listSessions: 1,
  sessionStats: 0,
  countSessions: 1,
} as const satisfies Partial<Record<keyof SessionStore, number>>;
