/**
 * ClickHouse SQL pieces of the reports (as `../duckdb/report-sql.ts` for DuckDB): aggregates, how a
 * partial aggregate combines, and local-time buckets. Time zones arrive validated (IANA names) and
 * are written as SQL literals.
 */
import type { Aggregate, ReportTimeDim } from '../report-query.ts';

export const lit = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
export const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function aggregate(agg: Aggregate): string {
  switch (agg.fn) {
    case 'count':
      return 'count()';
    case 'sum':
      return `ifNull(sum(${agg.expr}), 0)`;
    case 'count_if':
      return `countIf(${agg.cond})`;
    case 'count_distinct':
      return `uniqExact(${agg.expr})`;
    case 'max':
      return `max(${agg.expr})`;
  }
}

/**
 * An aggregate over the rows of the sessions table as they are, cancel rows included, weighted by
 * their sign: equal to `aggregate` over the live sessions, since each cancel row is an exact copy of
 * the row it cancels. Null when it cannot be (distinct counts and maxima need the live rows).
 */
export function signedAggregate(agg: Aggregate): string | null {
  switch (agg.fn) {
    case 'count':
      return 'sum(sign)';
    case 'sum':
      return `ifNull(sum((${agg.expr}) * sign), 0)`;
    case 'count_if':
      return `sum(if(${agg.cond}, sign, 0))`;
    case 'count_distinct':
    case 'max':
      return null;
  }
}

/** How a partial aggregate combines; null when it cannot (distinct counts). */
export function combine(agg: Aggregate, column: string): string | null {
  switch (agg.fn) {
    case 'count':
    case 'count_if':
    case 'sum':
      return `ifNull(sum(${column}), 0)`;
    case 'max':
      return `max(${column})`;
    case 'count_distinct':
      return null;
  }
}

export const quarterHour = (instant: string) => `toStartOfInterval(${instant}, INTERVAL 15 MINUTE)`;
/**
 * Local times through the functions' time-zone argument, not `toTimeZone(...)`: on 26.7 a WHERE on
 * `toHour(toTimeZone(ts, tz))` let partition pruning drop every partition of a +05:30 zone.
 */
export const localHourOfDay = (instant: string, tz: string) => `toHour(${instant}, ${lit(tz)})`;

export function bucketExpr(dim: ReportTimeDim, instant: string, tz: string): string {
  switch (dim) {
    case 'hour':
      return `toTimeZone(toStartOfHour(${instant}, ${lit(tz)}), 'UTC')`;
    case 'day':
      return `formatDateTime(${instant}, '%Y-%m-%d', ${lit(tz)})`;
    case 'hour-of-day':
      return localHourOfDay(instant, tz);
  }
}
