/**
 * The range of an hourly timeline run without --from/--to. Normally the data's extent, from its first
 * hour to its last. When that holds more hourly buckets than a timeline may (a sensor with a wrong
 * clock writing 1970 timestamps makes the data span decades), the last RECENT_DAYS days of the data
 * instead, with a note saying so and how to see the rest.
 */
import type { TimeRange } from './drill.ts';
import { MAX_BUCKETS } from './fill.ts';
import { microsToIsoOrNull } from './time-text.ts';
import { localHourFloor } from './time-zone.ts';

const HOUR_MS = 3_600_000;

/** Days an hourly timeline shows when the data's extent is too long for hourly buckets. */
export const RECENT_DAYS = 7;

export type RangeBasis = 'given' | 'all' | 'recent';

export interface ChosenRange {
  range: TimeRange;
  basis: RangeBasis;
  note: string | null;
  rows: Record<string, unknown>[];
}

/** Hourly buckets of [loMs, hiMs) in `tz` (the first one starting at the local hour holding loMs). */
export function hourBuckets(loMs: number, hiMs: number, tz: string): number {
  return Math.ceil((hiMs - localHourFloor(loMs, tz)) / HOUR_MS);
}

const iso = (ms: number) => microsToIsoOrNull(ms * 1000)!.replace('.000000Z', 'Z');

/**
 * The range of an hourly timeline whose rows (hour buckets as instants) came from a run without a
 * range, and its rows restricted to it.
 */
export function chooseHourRange(rows: Record<string, unknown>[], tz: string): ChosenRange {
  let min: number | null = null;
  let max: number | null = null;
  for (const r of rows) {
    const t = Date.parse(String(r.bucket));
    if (min === null || t < min) min = t;
    if (max === null || t > max) max = t;
  }
  if (min === null || max === null) return { range: { lo: null, hi: null }, basis: 'all', note: null, rows };
  const hi = max + HOUR_MS;
  const n = hourBuckets(min, hi, tz);
  if (n <= MAX_BUCKETS) return { range: { lo: min * 1000, hi: hi * 1000 }, basis: 'all', note: null, rows };
  const lo = hi - RECENT_DAYS * 24 * HOUR_MS;
  const note =
    `the data spans ${iso(min)} to ${iso(hi)}, ${n.toLocaleString('en-US')} hours (more than ` +
    `${MAX_BUCKETS.toLocaleString('en-US')} hourly buckets): showing its last ${RECENT_DAYS} days; ` +
    'use --from/--to for another range, or --bucket 1d for daily buckets over all of it';
  return {
    range: { lo: lo * 1000, hi: hi * 1000 },
    basis: 'recent',
    note,
    rows: rows.filter((r) => {
      const t = Date.parse(String(r.bucket));
      return t >= lo && t < hi;
    }),
  };
}
