/**
 * Timeline rows as a chart wants them: every bucket of the range present (empty ones with zeros),
 * hours written in ISO 8601 with the zone's offset at that hour (a DST day has 23 or 25 of them),
 * days as local dates, hours of the day as `00`..`23`.
 */
import type { TimeRange } from './drill.ts';
import { ReportError } from './errors.ts';
import { isoWithOffset, localDate, localHourFloor, nextDate } from './time-zone.ts';
import type { TimeDim, ValueColumn } from './types.ts';

const HOUR_MS = 3_600_000;
/** At most this many buckets are filled (about eleven years of hours). */
export const MAX_BUCKETS = 100_000;

type Row = Record<string, unknown>;

function emptyRow(bucket: string, values: readonly ValueColumn[]): Row {
  const row: Row = { bucket };
  for (const v of values) row[v.name] = v.agg.fn === 'max' ? null : 0;
  return row;
}

function tooMany(n: number, dim: 'hour' | 'day'): never {
  const count = `${dim === 'day' ? 'over ' : ''}${(dim === 'day' ? n - 1 : n).toLocaleString('en-US')} ${dim === 'hour' ? 'hourly' : 'daily'} buckets`;
  const fix =
    dim === 'hour'
      ? 'use --bucket 1d (bucket=1d) for daily buckets, or a narrower range (--from/--to)'
      : 'use a narrower range (--from/--to)';
  throw new ReportError(
    'bad_value',
    `the range holds ${count}, more than a timeline may (${MAX_BUCKETS.toLocaleString('en-US')}): ${fix}`,
  );
}

function fillHours(rows: Row[], range: TimeRange, tz: string, values: readonly ValueColumn[]): Row[] {
  const byMs = new Map<number, Row>();
  for (const r of rows) byMs.set(Date.parse(String(r.bucket)), r);
  const keys = [...byMs.keys()];
  let min: number | null = null;
  let max: number | null = null;
  for (const k of keys) {
    if (min === null || k < min) min = k;
    if (max === null || k > max) max = k;
  }
  const lo = range.lo !== null ? Math.floor(range.lo / 1000) : min;
  const hi = range.hi !== null ? Math.ceil(range.hi / 1000) : max === null ? null : max + HOUR_MS;
  const grid = new Set<number>(keys);
  if (lo !== null && hi !== null && lo < hi) {
    const first = localHourFloor(lo, tz);
    const n = Math.ceil((hi - first) / HOUR_MS);
    if (n > MAX_BUCKETS) tooMany(n, 'hour');
    for (let t = first; t < hi; t += HOUR_MS) grid.add(t);
  }
  return [...grid]
    .sort((a, b) => a - b)
    .map((t) => {
      const bucket = isoWithOffset(t, tz);
      const r = byMs.get(t);
      return r ? { ...r, bucket } : emptyRow(bucket, values);
    });
}

function fillDays(rows: Row[], range: TimeRange, tz: string, values: readonly ValueColumn[]): Row[] {
  const byDay = new Map<string, Row>();
  for (const r of rows) byDay.set(String(r.bucket), r);
  const days = [...byDay.keys()].sort();
  const first = range.lo !== null ? localDate(Math.floor(range.lo / 1000), tz) : days[0];
  const last = range.hi !== null ? localDate(Math.ceil(range.hi / 1000) - 1, tz) : days[days.length - 1];
  const grid = new Set(days);
  if (
    first !== undefined &&
    last !== undefined &&
    (range.lo === null || range.hi === null || range.lo < range.hi)
  ) {
    let n = 0;
    for (let d = first; d <= last; d = nextDate(d)) {
      if (++n > MAX_BUCKETS) tooMany(n, 'day'); // n: the first bucket past the limit
      grid.add(d);
    }
  }
  return [...grid].sort().map((d) => byDay.get(d) ?? emptyRow(d, values));
}

function fillHoursOfDay(rows: Row[], values: readonly ValueColumn[]): Row[] {
  const byHour = new Map<number, Row>();
  for (const r of rows) byHour.set(Number(r.bucket), r);
  return Array.from({ length: 24 }, (_x, h) => {
    const bucket = String(h).padStart(2, '0');
    const r = byHour.get(h);
    return r ? { ...r, bucket } : emptyRow(bucket, values);
  });
}

/** Fill and format timeline rows (as the SQL returned them: hour buckets as UTC instants). */
export function fillTimeline(
  rows: Row[],
  dim: TimeDim,
  range: TimeRange,
  tz: string,
  values: readonly ValueColumn[],
): Row[] {
  if (range.lo !== null && range.hi !== null && range.lo >= range.hi) return [];
  switch (dim) {
    case 'hour':
      return fillHours(rows, range, tz, values);
    case 'day':
      return fillDays(rows, range, tz, values);
    case 'hour-of-day':
      return fillHoursOfDay(rows, values);
  }
}
