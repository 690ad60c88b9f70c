/** Types of the sessions: one row per conversation, built from the two netflow halves of a flow. */

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

/** The session columns in display order (what `nfwlens sessions` prints in json/ndjson/csv). */
export const SESSION_COLUMNS: readonly (keyof Session)[] = [
  'kind',
  'firewall_name',
  'availability_zone',
  'flow_id',
  'start',
  'end',
  'age',
  'client_ip',
  'client_port',
  'server_ip',
  'server_port',
  'proto',
  'app_proto',
  'pkts_to_server',
  'bytes_to_server',
  'pkts_to_client',
  'bytes_to_client',
  'total_bytes',
  'paired',
  'tcp_flags_to_server',
  'tcp_flags_to_client',
  'alert_count',
  'alert_action',
  'signature_ids',
  'request_id',
  'reply_id',
  'ts',
  'last_ts',
  'records',
];

export type SessionSort = 'start' | 'total_bytes';

/** A listing request; `where`/`params` come from the query compiler over SESSION_FIELDS. */
export interface SessionListSql {
  where: readonly string[];
  params: readonly unknown[];
  sort: SessionSort;
  limit: number;
}

/** One statement of a refresh and the values its `?` placeholders take, in order. */
export interface SessionStatement {
  sql: string;
  params: readonly ('watermark' | 'maxId' | 'parts' | 'part')[];
  /** Run once per flow_id partition (`part` = 0 .. parts - 1), each computing that slice's sessions. */
  perPart?: boolean;
  /** Run only when the refresh has a single partition, or only when it has several. */
  when?: 'one-part' | 'many-parts';
}

/**
 * The engine SQL the refresh and the listing need. Each engine implements it next to its store
 * (`store/duckdb/sessions-sql.ts`); the rules it must follow are in `rules.ts` and README.md.
 */
export interface SessionsSql {
  /** -> rows [{ last_event_id }] (none before the first refresh). */
  readWatermark: string;
  /** -> rows [{ max_id }]: the newest stored event id. */
  maxEventId: string;
  /** Params [maxId]: records the watermark. */
  writeWatermark: string;
  /** Full rebuild: every session from every event up to maxId. */
  rebuild: readonly SessionStatement[];
  /** -> rows [{ n }]: sessions written by `rebuild` (same transaction). */
  rebuildCount: string;
  /** -> rows [{ n }], params [maxId]: flow records a rebuild reads (sizes its partitions). */
  rebuildSize: string;
  /** -> rows [{ n }]: session keys the refresh recomputes, after its first statement (sizes its partitions). */
  refreshSize: string;
  /**
   * Incremental refresh: collect the keys touched by events in (watermark, maxId] (their flow
   * records, and the existing sessions their alerts join), delete those sessions, insert them
   * recomputed from all events up to maxId.
   */
  refresh: readonly SessionStatement[];
  /** -> rows [{ n }]: sessions written by `refresh` (same transaction, before `cleanup`). */
  refreshCount: string;
  /** Cleanup after `refresh` (same transaction). */
  cleanup: readonly string[];
  /** -> rows [{ sessions, paired, netflow, netflow_paired, lone_halves }] */
  stats: string;
  /** -> rows [{ behind }]: events newer than the watermark, params [watermark]. */
  behind: string;
  list(req: SessionListSql): { sql: string; params: unknown[] };
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
