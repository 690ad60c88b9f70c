/**
 * Planning a traffic chart: the metric (what is counted, as totals per bucket or a rate per second),
 * its source and measure, the dimension's key, the conditions (filter, firewall, availability zone),
 * the time range, the zone and the number of top values.
 */
import { compileFilter, type Dialect } from '../query/index.ts';
import { Conditions } from './conditions.ts';
import { resolveKey } from './dims.ts';
import type { TimeRange } from './drill.ts';
import { ReportError } from './errors.ts';
import { timeBound } from './plan.ts';
import { EVENTS_SOURCE, SESSIONS_SOURCE } from './sources.ts';
import { localTimeZone, validateTimeZone } from './time-zone.ts';
import type { KeyDim, SourceDef, ValueColumn } from './types.ts';

/** What a chart counts: bytes both ways, packets both ways, sessions, or event records. */
export type TrafficMeasure = 'bytes' | 'packets' | 'sessions' | 'records';
/** Metrics: a measure's totals per bucket, or bps / pps (bytes × 8 and packets per second). */
export const TRAFFIC_METRICS = ['bytes', 'bps', 'packets', 'pps', 'sessions', 'records'] as const;
export type TrafficMetric = (typeof TRAFFIC_METRICS)[number];
export const DEFAULT_SERIES = 10;
export const MAX_SERIES = 50;
/** A range up to this many days gets hourly buckets; a longer one daily buckets. */
export const HOURLY_MAX_DAYS = 14;

export interface TrafficOptions {
  /** A report dimension or a field of the metric's source (`dest_ip`, `app_proto`, `tls_sni`). */
  dim: string;
  metric?: string;
  /** How many values get a series of their own (default 10); the rest is "Other". */
  top?: number;
  filter?: string;
  /** Only this firewall's (`firewall_name`) or availability zone's rows. */
  firewall?: string;
  zone?: string;
  from?: string;
  to?: string;
  tz?: string;
  /** `auto` (default: hourly up to HOURLY_MAX_DAYS, daily beyond), `1h` or `1d`. */
  bucket?: string;
  now?: Date;
}

export interface TrafficPlan {
  metric: TrafficMetric;
  measure: TrafficMeasure;
  /** Rates per second (bps, pps) rather than totals per bucket. */
  rate: boolean;
  source: SourceDef;
  value: ValueColumn;
  key: KeyDim;
  top: number;
  conditions: Conditions;
  range: TimeRange;
  tz: string;
  bucket: 'auto' | '1h' | '1d';
  now: Date;
}

const MEASURES: Record<TrafficMeasure, { source: SourceDef; value: string }> = {
  bytes: { source: SESSIONS_SOURCE, value: 'total_bytes' },
  packets: { source: SESSIONS_SOURCE, value: 'packets' },
  sessions: { source: SESSIONS_SOURCE, value: 'sessions' },
  records: { source: EVENTS_SOURCE, value: 'records' },
};

function metricOf(text: string | undefined): {
  metric: TrafficMetric;
  measure: TrafficMeasure;
  rate: boolean;
} {
  const metric = (text?.trim().toLowerCase() || 'bytes') as TrafficMetric;
  if (!(TRAFFIC_METRICS as readonly string[]).includes(metric)) {
    throw new ReportError('bad_value', `metric must be one of ${TRAFFIC_METRICS.join(', ')}, not "${text}"`);
  }
  if (metric === 'bps') return { metric, measure: 'bytes', rate: true };
  if (metric === 'pps') return { metric, measure: 'packets', rate: true };
  return { metric, measure: metric, rate: false };
}

function topOf(top: number | undefined): number {
  if (top === undefined) return DEFAULT_SERIES;
  if (!Number.isInteger(top) || top < 1 || top > MAX_SERIES) {
    throw new ReportError('bad_value', `top must be an integer from 1 to ${MAX_SERIES}, got ${top}`);
  }
  return top;
}

function bucketOf(text: string | undefined): TrafficPlan['bucket'] {
  const b = text?.trim() || 'auto';
  if (b !== 'auto' && b !== '1h' && b !== '1d') {
    throw new ReportError('bad_value', `bucket must be auto, 1h or 1d, not "${text}"`);
  }
  return b;
}

/** Resolve a chart's options. Throws ReportError / QueryError for bad input, naming it. */
export function planTraffic(opts: TrafficOptions, dialect: Dialect): TrafficPlan {
  const { metric, measure, rate } = metricOf(opts.metric);
  const { source, value } = MEASURES[measure];
  if (opts.dim === undefined || opts.dim.trim() === '') {
    throw new ReportError(
      'bad_request',
      'dim is required: a dimension such as dest_ip, app_proto or firewall_name',
    );
  }
  const key = resolveKey(source, opts.dim);
  const now = opts.now ?? new Date();
  const tz = validateTimeZone(opts.tz ?? localTimeZone());
  const conditions = new Conditions(dialect);
  if (opts.filter && opts.filter.trim() !== '') {
    const q = compileFilter(opts.filter, source.fields, dialect, { now });
    conditions.addCompiled(q.sql, q.params, q.columns);
  }
  if (opts.firewall)
    conditions.addSql(`firewall_name = ${conditions.bind(opts.firewall, 'string')}`, ['firewall_name']);
  if (opts.zone)
    conditions.addSql(`availability_zone = ${conditions.bind(opts.zone, 'string')}`, ['availability_zone']);
  const range: TimeRange = { lo: timeBound(opts.from, now, 'from'), hi: timeBound(opts.to, now, 'to') };
  if (range.lo !== null && range.hi !== null && range.lo > range.hi) {
    throw new ReportError('bad_value', `the range ends before it starts (from ${opts.from} to ${opts.to})`);
  }
  const measureColumn = source.measures[value];
  if (!measureColumn) throw new Error(`no measure ${value} on ${source.name}`);
  return {
    metric,
    measure,
    rate,
    source,
    value: measureColumn,
    key,
    top: topOf(opts.top),
    conditions,
    range,
    tz,
    bucket: bucketOf(opts.bucket),
    now,
  };
}
