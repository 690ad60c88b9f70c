/** Shapes of the HTTP API's answers (see the API contract); sessions share the server's type. */
import type { Session } from '../../../src/sessions/types.ts';

export type { Session };

export interface ErrorPosition {
  offset: number;
  line: number;
  column: number;
  length: number;
}

export interface ApiErrorBody {
  error: string;
  /** The stable message code (`src/schema/error-codes.ts`); absent from an answer that is not the API's. */
  code?: string;
  /** The values the message names. */
  params?: Record<string, unknown>;
  message: string;
  position?: ErrorPosition;
  expected?: string[];
  suggestions?: string[];
}

export interface FirewallStat {
  firewall_name: string | null;
  availability_zone: string | null;
  records: number;
}

export interface Status {
  records: number;
  records_by_log_type: Record<string, number>;
  rejected: number;
  rejected_by_reason: Record<string, number>;
  first_ts: string | null;
  last_ts: string | null;
  firewalls: FirewallStat[];
  sessions?: { sessions: number; paired: number; paired_share: number; waiting: number };
  collectors?: Record<string, unknown>[];
}

/** An event row: every event column, plus `id`. */
export type EventRow = Record<string, unknown> & { id: number; ts: string; log_type: string };

export interface SearchAnswer {
  rows: EventRow[];
  next_cursor: string | null;
  took_ms: number;
}

/** `GET /api/summary`: counts and byte sums are exact (a decimal string beyond 2^53 - 1). */
export interface Summary {
  records: number;
  alerts: number;
  blocked_alerts: number;
  sessions: number;
  sessions_paired: number;
  paired_share: number | null;
  bytes_to_server: number | string;
  bytes_to_client: number | string;
  first_ts: string | null;
  last_ts: string | null;
}

export interface QueryHint {
  message: string;
  /** The whole query with the fix applied. */
  query: string;
  replacement: string;
  offset: number;
  length: number;
}

export interface SavedSearch {
  name: string;
  query: string;
  from?: string;
  to?: string;
  created_at: string;
  updated_at: string;
}

export interface CountAnswer {
  count: number;
  took_ms: number;
  hints?: QueryHint[];
}

export interface HistogramAnswer {
  bucket: string;
  rows: { t: string; count: number }[];
}

export interface EventAnswer {
  id: number;
  origin: string;
  line: number;
  row: Record<string, unknown>;
  original: string;
}

export interface SessionsAnswer {
  rows: Session[];
  /** The cursor of the next page; null at the end. */
  next_cursor: string | null;
  /** Sessions the whole listing holds. */
  total: number;
}

export interface FlowAnswer {
  sessions: Session[];
  records: EventRow[];
  /** `joined_sessions`: indexes in `sessions` of the sessions the alert joins (none: stand-alone). */
  alerts: (EventRow & { joined_sessions?: number[] })[];
}

export interface ReportInfo {
  name: string;
  title: string;
  description: string;
  measure: string;
  by: string;
  drill: string[];
}

export type ReportLevel = 'aggregate' | 'sessions' | 'records';

/** What a report column holds: `key` columns identify a row, `value` columns are figures. */
export interface ReportColumn {
  name: string;
  role: 'key' | 'value';
  unit?: 'bytes' | 'time';
}

export interface ReportAnswer {
  name: string;
  title: string;
  tz: string;
  by: string;
  measure: string;
  columns: string[];
  column_info?: ReportColumn[];
  /** The effective range (ISO 8601 UTC); null when open. */
  from?: string | null;
  to?: string | null;
  rows: Record<string, unknown>[];
  next_dims: string[];
  level: ReportLevel;
  /** Rows the level holds without `top` (null for a timeline, which has them all). */
  total_rows?: number | null;
}

export interface RejectedRow {
  origin: string;
  line: number;
  reason: string;
  path: string | null;
  message: string;
  raw: string;
}

/** `GET /api/search/values`: a field's most frequent values over a search's result (exact counts). */
export interface FieldValuesAnswer {
  field: string;
  values: { value: string | number | boolean; count: number }[];
  total_distinct: number;
  total_records: number;
}
