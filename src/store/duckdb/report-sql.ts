/**
 * DuckDB SQL pieces of the reports: aggregates and local-time buckets through the ICU extension.
 * Time zones arrive validated by the report engine (IANA names); they are written as SQL literals.
 */
import type { Aggregate } from '../report-query.ts';

/** The SQL pieces of reports beyond the query dialect. */
export interface ReportSql {
  aggregate(agg: Aggregate): string;
  /** How a partial aggregate of a pre-aggregated column combines: `sum(x)`, `max(x)`; null if it can't. */
  combine(agg: Aggregate, column: string): string | null;
  /** The instant truncated to 15 minutes in UTC (every zone offset is a multiple of 15 minutes). */
  quarterHour(instant: string): string;
  /** The start instant of the local hour holding `instant`. */
  localHourStart(instant: string, tz: string): string;
  /** The local hour of day of `instant`, 0..23 (an integer). */
  localHourOfDay(instant: string, tz: string): string;
  /** The local date of `instant`, as `YYYY-MM-DD` text. */
  localDate(instant: string, tz: string): string;
  quoteIdent(name: string): string;
}

const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

export const duckdbReportSql: ReportSql = {
  aggregate(agg: Aggregate): string {
    switch (agg.fn) {
      case 'count':
        return 'count(*)';
      case 'sum':
        return `coalesce(sum(${agg.expr}), 0)`;
      case 'count_if':
        return `count(*) FILTER (WHERE ${agg.cond})`;
      case 'count_distinct':
        return `count(DISTINCT ${agg.expr})`;
      case 'max':
        return `max(${agg.expr})`;
    }
  },
  combine(agg: Aggregate, column: string): string | null {
    switch (agg.fn) {
      case 'count':
      case 'count_if':
      case 'sum':
        return `coalesce(sum(${column}), 0)`;
      case 'max':
        return `max(${column})`;
      case 'count_distinct':
        return null;
    }
  },
  quarterHour: (instant) => `time_bucket(INTERVAL 15 MINUTE, ${instant})`,
  localHourStart: (instant, tz) =>
    `date_trunc('minute', ${instant}) - to_minutes(minute(timezone(${lit(tz)}, ${instant})))`,
  localHourOfDay: (instant, tz) => `hour(timezone(${lit(tz)}, ${instant}))`,
  localDate: (instant, tz) => `strftime(timezone(${lit(tz)}, ${instant}), '%Y-%m-%d')`,
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
};
