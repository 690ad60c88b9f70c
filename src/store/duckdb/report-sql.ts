/**
 * DuckDB SQL pieces of the reports: aggregates and local-time buckets through the ICU extension.
 * Time zones arrive validated by the report engine (IANA names); they are written as SQL literals.
 */

import type { Aggregate, ReportSql } from '../../report/types.ts';
import { duckdbDialect } from './dialect.ts';

const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

export const duckdbReportSql: ReportSql = {
  dialect: duckdbDialect,
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
