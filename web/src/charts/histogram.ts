/** The search histogram: matches per bucket; dragging across it (ECharts brush) picks a time range. */
import type { HistogramAnswer } from '../api/types.ts';
import { fmtCompact, fmtHour, fmtInt, fmtTime } from '../format.ts';
import { t } from '../i18n/index.ts';
import { axisCommon, type Chart, type ChartOption, COLORS } from './echarts.ts';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "5m" -> 300000; unknown -> 1 hour. */
export function bucketMs(bucket: string): number {
  const m = /^(\d+)\s*([smhdw])$/.exec(bucket.trim());
  return m ? Number(m[1]) * (UNIT_MS[m[2]!] ?? 3_600_000) : 3_600_000;
}

export function histogramOption(r: HistogramAnswer): ChartOption {
  const short = bucketMs(r.bucket) < 86_400_000;
  return {
    grid: { left: 8, right: 12, top: 12, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      className: 'chart-tooltip',
      formatter: (ps: unknown) => {
        const p = (Array.isArray(ps) ? ps[0] : ps) as { dataIndex: number; value: number };
        const row = r.rows[p.dataIndex];
        return row ? `${fmtTime(row.t)}<br/><b>${fmtInt(row.count)}</b> ${t('series.matches')}` : '';
      },
    },
    brush: {
      xAxisIndex: 0,
      brushType: 'lineX',
      brushMode: 'single',
      transformable: false,
      throttleType: 'debounce',
      brushStyle: { color: 'rgba(91,132,177,0.15)', borderColor: COLORS.allowed, borderWidth: 1 },
      outOfBrush: { colorAlpha: 0.35 },
    },
    xAxis: {
      type: 'category',
      data: r.rows.map((row) => (short ? fmtHour(row.t) : fmtTime(row.t).slice(0, 10))),
      ...axisCommon(),
      axisLabel: { hideOverlap: true, color: COLORS.text, fontSize: 11 },
    },
    yAxis: {
      type: 'value',
      ...axisCommon(),
      splitNumber: 3,
      axisLabel: { formatter: (v: number) => fmtCompact(v), color: COLORS.text, fontSize: 11 },
    },
    series: [
      {
        name: t('series.matches'),
        type: 'bar',
        data: r.rows.map((row) => row.count),
        itemStyle: { color: COLORS.matches },
        barCategoryGap: '15%',
        cursor: 'crosshair',
      },
    ],
  };
}

/** Turns on drag-to-select and reports the chosen [from, to) as ISO strings. */
export function enableRangeBrush(
  c: Chart,
  r: HistogramAnswer,
  onRange: (from: string, to: string) => void,
): void {
  c.chart.dispatchAction({
    type: 'takeGlobalCursor',
    key: 'brush',
    brushOption: { brushType: 'lineX', brushMode: 'single' },
  });
  const size = bucketMs(r.bucket);
  c.chart.on('brushEnd', (ev) => {
    const area = (ev as { areas?: { coordRange?: number[] }[] }).areas?.[0];
    const range = area?.coordRange;
    if (!range || range.length < 2) return;
    const a = r.rows[Math.max(0, Math.min(range[0]!, range[1]!))];
    const b = r.rows[Math.min(r.rows.length - 1, Math.max(range[0]!, range[1]!))];
    if (!a || !b) return;
    onRange(new Date(a.t).toISOString(), new Date(new Date(b.t).getTime() + size).toISOString());
  });
}
