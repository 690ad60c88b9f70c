/**
 * Reports with drill-down. A report is data (a source, a measure, a dimension, values, the dimensions
 * to drill into); a run adds a filter in the query language, a time range, a time zone, a top N and the
 * drills (each clicked cell becomes an added condition). Flow figures are per session (the `sessions`
 * table); alert figures come from alert records. A plan becomes the store's ReportQuery; the store runs it.
 */
export { REPORTS, reportByName } from './definitions.ts';
export { parseDrill } from './drill.ts';
export { ReportError, type ReportErrorCode } from './errors.ts';
export { MAX_BUCKETS } from './fill.ts';
export { RECORD_LIST_COLUMNS, SESSION_LIST_COLUMNS } from './list-columns.ts';
export { DEFAULT_LIST_TOP, DEFAULT_TOP, GENERIC_NAME, MAX_TOP, planReport, type ReportPlan } from './plan.ts';
export { reportQuery } from './query.ts';
export { listReports, runReport } from './run.ts';
export { GENERIC_MEASURES, SOURCES } from './sources.ts';
export { isoWithOffset, localTimeZone, validateTimeZone } from './time-zone.ts';
export { runTraffic, type TrafficBucket, type TrafficResult } from './traffic.ts';
export {
  DEFAULT_SERIES,
  MAX_SERIES,
  TRAFFIC_METRICS,
  type TrafficMetric,
  type TrafficOptions,
} from './traffic-plan.ts';
export type { TrafficSeries } from './traffic-series.ts';
export type {
  DrillSpec,
  Level,
  ReportColumn,
  ReportDef,
  ReportInfo,
  ReportResult,
  RunReportOptions,
  SourceName,
  TimeDim,
} from './types.ts';
