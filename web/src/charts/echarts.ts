/**
 * ECharts, imported module by module (bar charts, grid, tooltip, legend, brush, canvas) to keep the
 * bundle small. `renderChart` registers `finished` before `setOption`, so callers can await a drawn chart.
 */

import type { BarSeriesOption } from 'echarts/charts';
import { BarChart } from 'echarts/charts';
import type {
  BrushComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { BrushComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption, ECharts } from 'echarts/core';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, LegendComponent, BrushComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | BrushComponentOption
>;
export type { ECharts };

export const COLORS = {
  allowed: '#5b84b1',
  blocked: '#e4572e',
  sent: '#3e6d9c',
  received: '#7fb3a8',
  neutral: '#8896a7',
  matches: '#5b84b1',
  axis: '#9aa5b1',
  grid: '#e8ecf1',
  text: '#425466',
};

export const BASE_TEXT = {
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, "Hiragino Sans", "Noto Sans CJK JP", sans-serif',
  color: COLORS.text,
  fontSize: 12,
};

export interface Chart {
  chart: ECharts;
  /** Sets the option; resolves when the chart has finished rendering (animation included). */
  render(option: ChartOption): Promise<void>;
  dispose(): void;
}

declare global {
  interface Window {
    /** Chart instances by their element's `data-testid`: browser tests click bars through them. */
    nfwlensCharts?: Record<string, ECharts>;
  }
}

export function createChart(el: HTMLElement): Chart {
  const chart = init(el, undefined, { renderer: 'canvas' });
  const id = el.dataset.testid;
  if (id) {
    window.nfwlensCharts ??= {};
    window.nfwlensCharts[id] = chart;
  }
  const ro = new ResizeObserver(() => chart.resize());
  ro.observe(el);
  return {
    chart,
    render(option) {
      return new Promise<void>((resolve) => {
        const done = () => {
          chart.off('finished', done);
          resolve();
        };
        chart.on('finished', done);
        chart.setOption({ textStyle: BASE_TEXT, animationDuration: 300, ...option }, { notMerge: true });
      });
    },
    dispose() {
      ro.disconnect();
      chart.dispose();
    },
  };
}

export function axisCommon(): Record<string, unknown> {
  return {
    axisLine: { lineStyle: { color: COLORS.grid } },
    axisTick: { show: false },
    axisLabel: { color: COLORS.text, fontSize: 11 },
    splitLine: { lineStyle: { color: COLORS.grid } },
  };
}
