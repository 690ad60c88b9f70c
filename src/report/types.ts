/** Types of the report engine: reports as data, the options of a run and its result. */
import type { FieldSet } from '../query/index.ts';
import type { Aggregate, ReportKey, ReportTable, ReportTimeDim } from '../store/report-query.ts';

export type { Aggregate };

/** Where a report's rows come from: per-session flow figures, or event records (alerts, TLS...). */
export type SourceName = 'sessions' | 'events';

/** A value column (a measure): a name, its aggregate, and whether its figures are bytes. */
export interface ValueColumn {
  name: string;
  agg: Aggregate;
  unit?: 'bytes' | 'time';
  description: string;
}

/** A group-by key: the output name, the column expression it stands for (trusted), and its kind. */
export type KeyDim = ReportKey;

/** Time dimensions: a timeline of local hours or days, or the 24 hours of the day summed. */
export type TimeDim = ReportTimeDim;
export const TIME_DIMS: readonly TimeDim[] = ['hour', 'day', 'hour-of-day'];

/** What a level groups by: one or more keys, or a time dimension (output column `bucket`). */
export type GroupBy = { type: 'keys'; keys: KeyDim[] } | { type: 'time'; dim: TimeDim };

export type Level = 'aggregate' | 'sessions' | 'records';

/** A built-in report. Everything is data; a run plans it into the store's `ReportQuery`. */
export interface ReportDef {
  name: string;
  title: string;
  description: string;
  source: SourceName;
  /** SQL condition always applied (trusted, engine-neutral: `log_type = 'alert'`). */
  where?: string;
  /** Dimension of the first level: a time dim, or keys joined by commas (`dest_port,proto`). */
  by: string;
  /** Value columns of the first level, from the source's measures. */
  values: readonly string[];
  /** The measure ranking the first level (and the one the table's bar shows). */
  measure: string;
  /** Dimensions offered when drilling into a row, in order: the first unused one is the default. */
  drill: readonly string[];
  /** Value columns and ranking measure of the drilled levels (default: those of the first level). */
  drillValues?: readonly string[];
  drillMeasure?: string;
  /** Drills added once the user drills in, unless a drill names the same field (hourly-actions: blocked). */
  drillDefaults?: readonly DrillSpec[];
}

/** A clicked cell: an output column name (or a field) and its value as text; `''` means "absent". */
export interface DrillSpec {
  field: string;
  value: string;
}

export interface RunReportOptions {
  /** A built-in report; without it `measure` is required (the generic form). */
  name?: string;
  measure?: string;
  /** A dimension (`client_ip`, `dest_port,proto`, `hour`, `hour-of-day`, `day`) or `sessions`/`records`. */
  by?: string;
  /** Query-language filter over the report's source fields. */
  filter?: string;
  /** ISO 8601 or relative (`-24h`); the range is [from, to). */
  from?: string;
  to?: string;
  /** IANA time zone of the buckets (default: the machine's zone). */
  tz?: string;
  /** A timeline's bucket size: `1h` (the same as `by: 'hour'`) or `1d` (`by: 'day'`). */
  bucket?: string;
  /** Rows of a ranking (default 10), or of a listing (default 100). */
  top?: number;
  drill?: readonly DrillSpec[];
  /** The instant relative times count from (default: now). */
  now?: Date;
}

export interface ReportColumn {
  name: string;
  /** `key` columns identify a row (drillable); `value` columns are figures. */
  role: 'key' | 'value';
  unit?: 'bytes' | 'time';
}

export interface ReportResult {
  name: string;
  title: string;
  tz: string;
  /** The dimension of this level (`bucket` rows for time dims), or `sessions`/`records` at the last level. */
  by: string;
  measure: string;
  columns: string[];
  column_info: ReportColumn[];
  rows: Record<string, unknown>[];
  next_dims: string[];
  level: Level;
  /** The drills in force, defaults included. */
  drill: DrillSpec[];
  /** The range the level covers, [from, to); null sides are open (all data). */
  from: string | null;
  to: string | null;
  /**
   * How the range was chosen: `given` (from/to or a drilled bucket), `all` (none given: all data; a
   * timeline spans its first to its last bucket), `recent` (none given and the data's extent holds
   * too many hourly buckets: its last days; `note` says so).
   */
  range_basis: 'given' | 'all' | 'recent';
  /** A timeline's bucket size (`1h`, `1d`); null for other levels and `hour-of-day`. */
  bucket: '1h' | '1d' | null;
  /** A sentence about a range chosen for the caller; null otherwise. */
  note: string | null;
  /**
   * Rows the level holds without `top`: `rows` is all of them when equal. Null for a timeline
   * (every bucket is returned).
   */
  total_rows: number | null;
}

/** A report's catalogue entry (`GET /api/reports`, `nfwlens report --list`). */
export interface ReportInfo {
  name: string;
  title: string;
  description: string;
  measure: string;
  by: string;
  drill: string[];
}

/** A source of rows: its table, time column, fields, dimensions and measures. */
export interface SourceDef {
  name: SourceName;
  table: ReportTable;
  /** The column expression of the instant the time range and time buckets use. */
  timeExpr: string;
  fields: FieldSet;
  /** Report-level names for fields (`dest_ip` -> `server_ip` on sessions) and computed keys. */
  dims: Readonly<Record<string, KeyDim>>;
  /** Dimensions offered for drilling in the generic form. */
  defaultDrill: readonly string[];
  measures: Readonly<Record<string, ValueColumn>>;
  /** What the last level lists. */
  leaf: 'sessions' | 'records';
}
