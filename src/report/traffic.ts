/**
 * Traffic over time, as Akvorado's main view: for one dimension, the top N values by a measure over
 * the whole range, then per local time bucket each top value's figure and one "Other" series folding
 * every other value, with rates per second (bps, pps) beside the totals. Two store reads: a ranking
 * for the top values, then a timeline split by them.
 */
import {
  type ReportKeyValue,
  type ReportQuery,
  type ReportShape,
  takeTotalRows,
} from '../store/report-query.ts';
import type { Store } from '../store/store.ts';
import { chooseHourRange } from './auto-range.ts';
import type { TimeRange } from './drill.ts';
import { fillTimeline } from './fill.ts';
import { microsToIsoOrNull } from './time-text.ts';
import { isoWithOffset, localDayStart, nextDate } from './time-zone.ts';
import { HOURLY_MAX_DAYS, planTraffic, type TrafficOptions, type TrafficPlan } from './traffic-plan.ts';
import { type TrafficSeries, trafficSeries } from './traffic-series.ts';

export interface TrafficBucket {
  /** The bucket's start: an hour in ISO 8601 with the zone's offset, or a local date. */
  start: string;
  /** The seconds of the bucket inside the range (a DST day has 23 or 25 hours): the rates' divisor. */
  seconds: number;
}

export interface TrafficResult {
  dim: string;
  /** The query-language field of the dimension (null for a computed one such as server_name). */
  field: string | null;
  source: 'sessions' | 'events';
  metric: TrafficPlan['metric'];
  measure: TrafficPlan['measure'];
  /** What `values` count, and what `rates` count per second (`bit/s` for bytes). */
  unit: string;
  rate_unit: string;
  rate: boolean;
  tz: string;
  from: string | null;
  to: string | null;
  range_basis: 'given' | 'all' | 'recent';
  bucket: '1h' | '1d';
  note: string | null;
  /** Values asked for, values the dimension holds in the range (top + those folded into Other). */
  top: number;
  total_values: number;
  total: number;
  buckets: TrafficBucket[];
  /** The top values in rank order, then "Other" when any value is folded into it. */
  series: TrafficSeries[];
}

const HOUR_MS = 3_600_000;
const DAY_US = 86_400_000_000;

function baseQuery(plan: TrafficPlan, shape: ReportShape, range: TimeRange): ReportQuery {
  return {
    table: plan.source.table,
    time: plan.source.timeExpr,
    shape,
    values: [{ name: plan.value.name, agg: plan.value.agg }],
    where: {
      sql: [...plan.conditions.sql],
      params: [...plan.conditions.params],
      columns: plan.conditions.columns,
    },
    hoursOfDay: [],
    range: { loUs: range.lo, hiUs: range.hi },
    tz: plan.tz,
  };
}

/** Hourly buckets for a range up to HOURLY_MAX_DAYS, else daily; an open side ends at now. */
function bucketFor(plan: TrafficPlan): '1h' | '1d' | null {
  if (plan.bucket !== 'auto') return plan.bucket;
  const { lo, hi } = plan.range;
  if (lo === null) return null;
  const end = hi ?? plan.now.getTime() * 1000;
  return end - lo <= HOURLY_MAX_DAYS * DAY_US ? '1h' : '1d';
}

function bucketLabel(raw: unknown, bucket: '1h' | '1d', tz: string): string {
  return bucket === '1h' ? isoWithOffset(Date.parse(String(raw)), tz) : String(raw);
}

function bucketSeconds(start: string, bucket: '1h' | '1d', range: TimeRange, tz: string): number {
  const lo = bucket === '1h' ? Date.parse(start) : localDayStart(start, tz);
  const hi = bucket === '1h' ? lo + HOUR_MS : localDayStart(nextDate(start), tz);
  const from = range.lo === null ? lo : Math.max(lo, range.lo / 1000);
  const to = range.hi === null ? hi : Math.min(hi, range.hi / 1000);
  return Math.max(0, (to - from) / 1000);
}

interface SplitRows {
  rows: Record<string, unknown>[];
  bucket: '1h' | '1d';
  range: TimeRange;
  basis: TrafficResult['range_basis'];
  note: string | null;
}

/**
 * The timeline split by the top values, in the plan's buckets. Without a start: daily over the data,
 * or hourly (over the data's hours) when its days span HOURLY_MAX_DAYS or fewer.
 */
async function readSplit(
  store: Store,
  plan: TrafficPlan,
  top: readonly ReportKeyValue[],
): Promise<SplitRows> {
  const { key, tz } = plan;
  const split = (dim: 'hour' | 'day', range: TimeRange) =>
    store.runReport(baseQuery(plan, { type: 'timeline', dim, series: { key, top } }, range));
  const given = plan.range.lo !== null || plan.range.hi !== null;
  const basis = given ? 'given' : 'all';
  const bucket = bucketFor(plan);
  if (bucket !== null) {
    const rows = await split(bucket === '1h' ? 'hour' : 'day', plan.range);
    return { rows, bucket, range: plan.range, basis, note: null };
  }
  const daily = await split('day', plan.range);
  const days = [...new Set(daily.map((r) => String(r.bucket)))].sort();
  const first = days[0];
  const last = days.at(-1);
  const spanMs = first && last ? localDayStart(nextDate(last), tz) - localDayStart(first, tz) : 0;
  if (spanMs > HOURLY_MAX_DAYS * 86_400_000)
    return { rows: daily, bucket: '1d', range: plan.range, basis, note: null };
  const hourly = daily.length > 0 ? await split('hour', plan.range) : [];
  if (given) return { rows: hourly, bucket: '1h', range: plan.range, basis, note: null };
  const chosen = chooseHourRange(hourly, tz);
  return { rows: chosen.rows, bucket: '1h', range: chosen.range, basis: chosen.basis, note: chosen.note };
}

/** Plan, rank, read the split timeline and shape it into series. Throws ReportError / QueryError. */
export async function runTraffic(store: Store, opts: TrafficOptions): Promise<TrafficResult> {
  const plan = planTraffic(opts, store.dialect);
  const { key, value, tz } = plan;
  const rank = baseQuery(
    plan,
    { type: 'rank', keys: [key], rankBy: value.name, limit: plan.top, withTotal: true },
    plan.range,
  );
  const ranked = await store.runReport(rank);
  const top = ranked.map((r) => (r[key.name] ?? null) as ReportKeyValue);
  const totalValues = takeTotalRows(ranked);
  const { rows, bucket, range, basis, note } = await readSplit(store, plan, top);
  // Every bucket of the range, empty ones included (the fill writes hours with the zone's offset).
  const filled = fillTimeline(
    rows.map((r) => ({ bucket: r.bucket, [value.name]: 0 })),
    bucket === '1h' ? 'hour' : 'day',
    range,
    tz,
    [value],
  );
  const buckets = filled.map((r) => {
    const start = String(r.bucket);
    return { start, seconds: bucketSeconds(start, bucket, range, tz) };
  });
  const series = trafficSeries(plan, top, totalValues, buckets, rows, (raw) => bucketLabel(raw, bucket, tz));
  return {
    dim: key.name,
    field: plan.source.fields.byName.get(key.expr)?.name ?? null,
    source: plan.source.name,
    metric: plan.metric,
    measure: plan.measure,
    unit: plan.measure,
    rate_unit: plan.measure === 'bytes' ? 'bit/s' : `${plan.measure}/s`,
    rate: plan.rate,
    tz,
    from: microsToIsoOrNull(range.lo),
    to: microsToIsoOrNull(range.hi),
    range_basis: basis,
    bucket,
    note,
    top: plan.top,
    total_values: totalValues,
    total: series.reduce((n, s) => n + s.total, 0),
    buckets,
    series,
  };
}
