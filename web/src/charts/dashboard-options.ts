/** ECharts options of the dashboard's three reports, built from the report rows (pure functions). */
import { num } from '../api/reports.ts';
import type { ReportAnswer } from '../api/types.ts';
import { byteAxis } from '../bytes.ts';
import { fmtBytes, fmtBytesIn, fmtCompact, fmtHour, fmtInt } from '../format.ts';
import { t } from '../i18n/index.ts';
import { axisCommon, type ChartOption, COLORS } from './echarts.ts';

const GRID = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
const LEGEND = {
  top: 0,
  right: 8,
  itemWidth: 10,
  itemHeight: 10,
  icon: 'roundRect',
  textStyle: { fontSize: 12 },
};

function hourLabel(bucket: unknown, by: string): string {
  if (by === 'hour-of-day') return `${String(bucket)}:00`;
  return fmtHour(bucket);
}

export function hourlyOption(r: ReportAnswer): ChartOption {
  const labels = r.rows.map((row) => hourLabel(row.bucket, r.by));
  return {
    grid: GRID,
    legend: LEGEND,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      className: 'chart-tooltip',
      valueFormatter: (v) => fmtInt(Number(v)),
    },
    xAxis: {
      type: 'category',
      data: labels,
      ...axisCommon(),
      axisLabel: { hideOverlap: true, color: COLORS.text },
    },
    yAxis: {
      type: 'value',
      ...axisCommon(),
      axisLabel: { formatter: (v: number) => fmtCompact(v), color: COLORS.text },
    },
    series: [
      {
        name: t('series.allowed'),
        type: 'bar',
        stack: 'alerts',
        data: r.rows.map((row) => num(row.allowed)),
        itemStyle: { color: COLORS.allowed },
        barMaxWidth: 28,
        cursor: 'pointer',
      },
      {
        name: t('series.blocked'),
        type: 'bar',
        stack: 'alerts',
        data: r.rows.map((row) => num(row.blocked)),
        itemStyle: { color: COLORS.blocked, borderRadius: [2, 2, 0, 0] },
        barMaxWidth: 28,
        cursor: 'pointer',
      },
    ],
  };
}

interface ValueAxis {
  label: (v: number) => string;
  interval?: number;
  max?: number;
}

/** Room for the category labels (IPs, protocols): up to 150 px, less on a narrow chart. */
export function categoryLabelWidth(chartWidth: number): number {
  return Math.round(Math.min(150, Math.max(104, chartWidth * 0.3)));
}

/** A narrow chart (a phone): smaller category labels, so an IPv4 address still fits. */
const NARROW = 480;

/** How many value ticks fit under the bars (about 90 px each, for labels such as "600 MiB"). */
export function valueTicks(chartWidth: number): number {
  const plot = chartWidth - categoryLabelWidth(chartWidth) - 32;
  return Math.min(5, Math.max(2, Math.floor(plot / 90)));
}

function horizontal(
  labels: string[],
  series: { name: string; data: number[]; color: string }[],
  fmt: (v: number) => string,
  width: number,
  axis: ValueAxis = { label: fmt },
): ChartOption {
  return {
    grid: { ...GRID, top: series.length > 1 ? 36 : 8 },
    legend: series.length > 1 ? LEGEND : { show: false },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      className: 'chart-tooltip',
      valueFormatter: (v) => fmt(Number(v)),
    },
    xAxis: {
      type: 'value',
      ...axisCommon(),
      ...(axis.interval !== undefined
        ? { interval: axis.interval, max: axis.max }
        : { splitNumber: valueTicks(width) }),
      axisLabel: { formatter: (v: number) => axis.label(v), color: COLORS.text, hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      ...axisCommon(),
      axisLabel: {
        color: COLORS.text,
        fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
        width: categoryLabelWidth(width),
        fontSize: width < NARROW ? 11 : 12,
        overflow: 'truncate',
      },
    },
    series: series.map((s, i) => ({
      name: s.name,
      type: 'bar' as const,
      stack: 'x',
      data: s.data,
      barMaxWidth: 18,
      cursor: 'pointer',
      itemStyle: { color: s.color, borderRadius: i === series.length - 1 ? [0, 2, 2, 0] : 0 },
    })),
  };
}

/**
 * The answer with its rows sorted by `measure`, largest first (ties keep the report's order): bars are
 * drawn in row order, and a click's `dataIndex` indexes these rows.
 */
export function sortedByMeasure(r: ReportAnswer, measure: string): ReportAnswer {
  const rows = r.rows
    .map((row, i) => ({ row, i, v: num(row[measure]) }))
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .map((x) => x.row);
  return { ...r, rows };
}

/** `width`: the chart's width in px (0 when unknown), for the label room and the number of ticks. */
export function destinationsOption(r: ReportAnswer, width = 0): ChartOption {
  const sent = r.rows.map((row) => num(row.bytes_to_server));
  const received = r.rows.map((row) => num(row.bytes_to_client));
  const scale = byteAxis(
    Math.max(0, ...sent.map((v, i) => v + (received[i] ?? 0))),
    width > 0 ? valueTicks(width) : 4,
  );
  return horizontal(
    r.rows.map((row) => String(row.dest_ip ?? '?')),
    [
      { name: t('series.sent'), data: sent, color: COLORS.sent },
      { name: t('series.received'), data: received, color: COLORS.received },
    ],
    (v) => fmtBytes(v),
    width || 600,
    { label: (v) => fmtBytesIn(v, scale.unit), interval: scale.interval, max: scale.max },
  );
}

/** Sessions per application protocol, in row order (the dashboard sorts them by sessions). */
export function protocolsOption(r: ReportAnswer, width = 0): ChartOption {
  return horizontal(
    r.rows.map((row) => String(row.app_proto ?? '?')),
    [{ name: t('series.sessions'), data: r.rows.map((row) => num(row.sessions)), color: COLORS.neutral }],
    (v) => fmtInt(v),
    width || 600,
  );
}
