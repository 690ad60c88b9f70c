/**
 * The series of a traffic chart from the split timeline's rows: one per top value in rank order and
 * one "Other", each with its figure per bucket, its rate per second per bucket (bits for bytes), its
 * total, share of the whole and highest rate, and the filter that selects its rows.
 */
import type { ReportKeyValue } from '../store/report-query.ts';
import type { TrafficPlan } from './traffic-plan.ts';
import { otherFilter, valueFilter } from './traffic-terms.ts';

export interface TrafficSeries {
  /** The value (null: the key is absent); null on "Other" too, told apart by `other`. */
  value: string | number | boolean | null;
  other: boolean;
  /** Values folded into this series: 1, or how many "Other" holds. */
  values_count: number;
  /** The query-language filter selecting the series' rows; null when there is none to write. */
  filter: string | null;
  /** The figure per bucket, aligned with the result's buckets. */
  values: number[];
  /** Per second over the bucket's seconds in the range (bits for bytes); null for an empty bucket span. */
  rates: (number | null)[];
  total: number;
  /** total / the whole range's total (null when that is 0). */
  share: number | null;
  max_rate: number | null;
}

/** A key value as JSON takes it (bigints as text, so none loses digits). */
function jsonValue(v: ReportKeyValue): TrafficSeries['value'] {
  return typeof v === 'bigint' ? v.toString() : v;
}

const identity = (v: unknown) => (v === null || v === undefined ? '\u0000null' : String(v));

export function trafficSeries(
  plan: TrafficPlan,
  top: readonly ReportKeyValue[],
  totalValues: number,
  buckets: readonly { start: string; seconds: number }[],
  rows: readonly Record<string, unknown>[],
  labelOf: (raw: unknown) => string,
): TrafficSeries[] {
  const { key, value, source } = plan;
  const index = new Map(buckets.map((b, i) => [b.start, i]));
  const perKey = new Map<string, number[]>();
  const slot = (id: string) => {
    let a = perKey.get(id);
    if (!a) {
      a = buckets.map(() => 0);
      perKey.set(id, a);
    }
    return a;
  };
  const OTHER = '\u0000other';
  for (const r of rows) {
    const i = index.get(labelOf(r.bucket));
    if (i === undefined) continue;
    const id = r.other === true || r.other === 1 ? OTHER : identity(r[key.name]);
    const a = slot(id);
    a[i] = (a[i] ?? 0) + Number(r[value.name] ?? 0);
  }
  const perSecond = plan.measure === 'bytes' ? 8 : 1;
  const make = (v: ReportKeyValue, other: boolean, count: number, filter: string | null): TrafficSeries => {
    const values = perKey.get(other ? OTHER : identity(v)) ?? buckets.map(() => 0);
    const rates = values.map((x, i) => {
      const s = buckets[i]?.seconds ?? 0;
      return s > 0 ? (x * perSecond) / s : null;
    });
    const numeric = rates.filter((x): x is number => x !== null);
    return {
      value: other ? null : jsonValue(v),
      other,
      values_count: count,
      filter,
      values,
      rates,
      total: values.reduce((a, b) => a + b, 0),
      share: null,
      max_rate: numeric.length > 0 ? Math.max(...numeric) : null,
    };
  };
  const series = top.map((v) => make(v, false, 1, valueFilter(source.fields, key, v)));
  if (totalValues > top.length || perKey.has(OTHER)) {
    series.push(
      make(null, true, Math.max(0, totalValues - top.length), otherFilter(source.fields, key, top)),
    );
  }
  const whole = series.reduce((a, s) => a + s.total, 0);
  for (const s of series) s.share = whole > 0 ? s.total / whole : null;
  return series;
}
