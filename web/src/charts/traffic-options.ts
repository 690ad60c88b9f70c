/**
 * The traffic chart: one stacked bar series per top value and a grey "Other", per local time bucket,
 * showing each bucket's total or its rate per second (pure: built from the API's answer).
 */
import type { TrafficResult, TrafficSeries } from '../api/traffic.ts';
import { byteAxis } from '../bytes.ts';
import { fmtBytes, fmtBytesIn, fmtCompact, fmtHour, fmtInt } from '../format.ts';
import { locale, t } from '../i18n/index.ts';
import { formatRate } from '../rates.ts';
import { axisCommon, type ChartOption, COLORS } from './echarts.ts';

/** Series colours in rank order (colour-blind-friendly first), then round again. */
export const SERIES_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#3f6b5b',
  '#86bcb6',
  '#d37295',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#b6992d',
  '#499894',
  '#fabfd2',
  '#d4a6c8',
  '#79706e',
];
export const OTHER_COLOR = '#c3ccd6';

export function seriesColor(s: TrafficSeries, i: number): string {
  return s.other ? OTHER_COLOR : (SERIES_COLORS[i % SERIES_COLORS.length] ?? COLORS.neutral);
}

/** A series' name: its value, "(absent)" for the rows without one, "Other" for the rest. */
export function seriesName(s: TrafficSeries): string {
  if (s.other) return t('traffic.other');
  return s.value === null ? t('traffic.absent') : String(s.value);
}

const fixed = (v: number, digits: number) =>
  new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);

/** A rate in the unit of the measure: bits (kbps, Mbps...), packets (pps...), else per second. */
export function fmtRate(r: Pick<TrafficResult, 'measure'>, v: number | null): string {
  if (v === null) return '';
  const suffix = r.measure === 'bytes' ? 'bps' : r.measure === 'packets' ? 'pps' : '/s';
  return formatRate(v, suffix, fixed);
}

/** A total of the measure: bytes in binary units, counts grouped. */
export function fmtTotal(r: Pick<TrafficResult, 'measure'>, v: number): string {
  return r.measure === 'bytes' ? fmtBytes(v) : fmtInt(v);
}

/** The figures the chart draws: rates for bps / pps, totals per bucket otherwise. */
export function chartValues(r: TrafficResult, s: TrafficSeries): number[] {
  return r.rate ? s.rates.map((v) => v ?? 0) : s.values;
}

/** A bucket's label: an hour in the display zone, or a local date as it is (no zone shift). */
export function bucketLabel(r: Pick<TrafficResult, 'bucket'>, start: string): string {
  if (r.bucket !== '1d') return fmtHour(start);
  const d = new Date(`${start}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return start;
  return new Intl.DateTimeFormat(locale(), { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

function valueAxis(r: TrafficResult): Record<string, unknown> {
  if (!r.rate && r.measure === 'bytes') {
    const stacked = r.buckets.map((_b, i) => r.series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
    const scale = byteAxis(Math.max(0, ...stacked));
    return {
      interval: scale.interval,
      max: scale.max,
      axisLabel: { formatter: (v: number) => fmtBytesIn(v, scale.unit), color: COLORS.text },
    };
  }
  const label = r.rate ? (v: number) => fmtRate(r, v) : (v: number) => fmtCompact(v);
  return { axisLabel: { formatter: label, color: COLORS.text } };
}

export function trafficOption(r: TrafficResult): ChartOption {
  const fmt = (v: number) => (r.rate ? fmtRate(r, v) : fmtTotal(r, v));
  return {
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    legend: { show: false },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      className: 'chart-tooltip',
      confine: true,
      valueFormatter: (v) => fmt(Number(v)),
    },
    xAxis: {
      type: 'category',
      data: r.buckets.map((b) => bucketLabel(r, b.start)),
      ...axisCommon(),
      axisLabel: { hideOverlap: true, color: COLORS.text },
    },
    yAxis: { type: 'value', ...axisCommon(), ...valueAxis(r) },
    series: r.series.map((s, i) => ({
      name: seriesName(s),
      type: 'bar' as const,
      stack: 'traffic',
      data: chartValues(r, s),
      barCategoryGap: '10%',
      cursor: 'pointer',
      itemStyle: { color: seriesColor(s, i) },
      emphasis: { focus: 'series' as const },
    })),
  };
}
