/** ECharts options of the dashboard's three reports, built from the report rows (pure functions). */
import { num } from '../api/reports.ts';
import type { ReportAnswer } from '../api/types.ts';
import { fmtBytes, fmtCompact, fmtHour, fmtInt } from '../format.ts';
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

function horizontal(
  labels: string[],
  series: { name: string; data: number[]; color: string }[],
  fmt: (v: number) => string,
): ChartOption {
  return {
    grid: { ...GRID, top: series.length > 1 ? 36 : 8 },
    legend: series.length > 1 ? LEGEND : { show: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => fmt(Number(v)) },
    xAxis: {
      type: 'value',
      ...axisCommon(),
      axisLabel: { formatter: (v: number) => fmt(v), color: COLORS.text, hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      ...axisCommon(),
      axisLabel: {
        color: COLORS.text,
        fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
        width: 150,
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

export function destinationsOption(r: ReportAnswer): ChartOption {
  return horizontal(
    r.rows.map((row) => String(row.dest_ip ?? '?')),
    [
      { name: t('series.sent'), data: r.rows.map((row) => num(row.bytes_to_server)), color: COLORS.sent },
      {
        name: t('series.received'),
        data: r.rows.map((row) => num(row.bytes_to_client)),
        color: COLORS.received,
      },
    ],
    (v) => fmtBytes(v),
  );
}

export function protocolsOption(r: ReportAnswer): ChartOption {
  return horizontal(
    r.rows.map((row) => String(row.app_proto ?? '?')),
    [{ name: t('series.sessions'), data: r.rows.map((row) => num(row.sessions)), color: COLORS.neutral }],
    (v) => fmtInt(v),
  );
}
