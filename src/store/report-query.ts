/**
 * One level of a report as data, for the store to run: a source table, what the rows are (a
 * listing, a ranking by keys, or a timeline of local time buckets), the value columns and their
 * aggregates, and the conditions. Expressions here are portable column expressions (`server_ip`,
 * `pkts_to_server + pkts_to_client`, `alert_action = 'blocked'`); conditions are fragments written
 * with the store's dialect. Each engine writes the rest (aggregates, time buckets, time zones).
 */
import type { FieldKind, ParamType } from '../query/index.ts';
import type { ReadOptions, SqlRow } from './store.ts';

/** The tables reports read. */
export type ReportTable = 'sessions' | 'events';

/** An aggregate over the source rows. */
export type Aggregate =
  | { fn: 'count' }
  | { fn: 'sum'; expr: string }
  | { fn: 'count_if'; cond: string }
  | { fn: 'count_distinct'; expr: string }
  | { fn: 'max'; expr: string };

/** A value column of the result: its name and aggregate. */
export interface ReportValue {
  name: string;
  agg: Aggregate;
}

/** A group-by key: the output name, the column expression it stands for (trusted), and its kind. */
export interface ReportKey {
  name: string;
  expr: string;
  kind: FieldKind;
}

/** Time buckets: local hours (their start instants), local dates, or the 24 local hours of the day. */
export type ReportTimeDim = 'hour' | 'day' | 'hour-of-day';

/** One sort key of a listing: a column expression of the source. */
export interface ReportOrder {
  expr: string;
  desc: boolean;
}

/** What the rows of a level are. */
export type ReportShape =
  /** Source rows themselves: these columns, in this order, the first `limit` of them. */
  | { type: 'list'; columns: readonly string[]; orderBy: readonly ReportOrder[]; limit: number }
  /**
   * One row per distinct key tuple, the `limit` largest by the value column `rankBy` (ties by the
   * keys ascending, nulls last).
   */
  | {
      type: 'rank';
      keys: readonly ReportKey[];
      rankBy: string;
      limit: number;
      /**
       * Each row also carries, in its column `TOTAL_ROWS_COLUMN`, how many key tuples the ranking
       * holds without its limit (what `countReport` gives), counted by the same grouping.
       */
      withTotal?: boolean;
    }
  /**
   * One row per bucket that holds rows, in time order, its key column `bucket`: an hour's start
   * instant, a `YYYY-MM-DD` date or an hour of day 0..23, in the zone `tz`. With `series`, one row
   * per bucket and series instead (see ReportSeries).
   */
  | { type: 'timeline'; dim: ReportTimeDim; series?: ReportSeries };

/** The column of a ranking's rows that holds its size, when asked for (`withTotal`). */
export const TOTAL_ROWS_COLUMN = '_total_rows';

/** The size a `withTotal` ranking's rows carry (0 without rows), the column taken off each row. */
export function takeTotalRows(rows: SqlRow[]): number {
  const total = rows.length > 0 ? Number(rows[0]![TOTAL_ROWS_COLUMN]) : 0;
  for (const r of rows) delete r[TOTAL_ROWS_COLUMN];
  return total;
}

/** A key's value as a ranking returns it; null: the key is absent. */
export type ReportKeyValue = string | number | bigint | boolean | null;

/**
 * A timeline split by a key: per bucket, one row for each of the `top` values that has rows there
 * (its column `key.name` holds the value, `other` is false), and one row folding every other value
 * (`key.name` null, `other` true). A null in `top` stands for the rows where the key is absent.
 * A bucket's rows add up to the bucket's figures without the split.
 */
export interface ReportSeries {
  key: ReportKey;
  top: readonly ReportKeyValue[];
}

/** A top value as a bound parameter: its value and type, by the key's kind. */
export interface SeriesParam {
  value: string | number | bigint | boolean;
  type: ParamType;
}

/**
 * The non-null top values of a series as parameters (an integer key's values as exact integers),
 * and whether the absent key is among the top. Throws on a value that does not fit the key's kind.
 */
export function seriesParams(series: ReportSeries): { params: SeriesParam[]; withNull: boolean } {
  const { kind, name } = series.key;
  const params: SeriesParam[] = [];
  let withNull = false;
  for (const v of series.top) {
    if (v === null) {
      withNull = true;
      continue;
    }
    switch (kind) {
      case 'int':
      case 'bigint':
      case 'ubigint': {
        const text = String(v);
        if (!/^-?\d+$/.test(text)) throw new Error(`series ${name}: "${text}" is not an integer`);
        params.push(
          kind === 'int' ? { value: Number(text), type: 'int' } : { value: BigInt(text), type: kind },
        );
        break;
      }
      case 'bool':
        params.push({ value: v === true || v === 'true' || v === 1, type: 'bool' });
        break;
      case 'string':
      case 'ip':
        params.push({ value: String(v), type: 'string' });
        break;
      default:
        throw new Error(`series ${name}: a ${kind} key cannot split a timeline`);
    }
  }
  return { params, withNull };
}

export interface ReportQuery {
  table: ReportTable;
  /** The column expression of the instant the time range and time buckets use (`ts`, `"start"`). */
  time: string;
  shape: ReportShape;
  /** The value columns (none for a listing). */
  values: readonly ReportValue[];
  /**
   * Conditions, all of them required: fragments written with the store's dialect, their parameters
   * in placeholder order (placeholders numbered from 1 across the fragments).
   */
  where: {
    sql: readonly string[];
    params: readonly unknown[];
    /**
     * The column expressions the conditions read; null or absent when unknown (a condition on the
     * whole record's text, say). An engine may answer from a rollup that holds those columns.
     */
    columns?: readonly string[] | null;
  };
  /** Only rows whose instant falls in one of these local hours of the day (0..23) in `tz`, each required. */
  hoursOfDay: readonly number[];
  /** The time range in epoch µs, [loUs, hiUs); a null side is open. */
  range: { loUs: number | null; hiUs: number | null };
  /** The IANA time zone of local buckets and hours of the day (validated). */
  tz: string;
}

export interface ReportReads {
  /**
   * The rows of a report level. Timeline buckets come as the engine computes them: hours as ISO
   * instants, days as dates, hours of the day as integers; the caller fills and formats them.
   */
  runReport(query: ReportQuery, options?: ReadOptions): Promise<SqlRow[]>;
  /**
   * How many rows the level holds without its limit: key tuples of a ranking, source rows of a
   * listing (a timeline's buckets are all returned: null).
   */
  countReport(query: ReportQuery, options?: ReadOptions): Promise<number | null>;
}

/** Where each read operation of `ReportReads` takes its ReadOptions. */
export const REPORT_READ_OPTIONS_AT = { runReport: 1, countReport: 1 } as const satisfies Record<
  keyof ReportReads,
  number
>;
