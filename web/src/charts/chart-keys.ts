/**
 * A bar chart used from the keyboard: the chart takes the focus (Tab), the arrow keys move from bar to
 * bar along the categories and between series (showing the bar's tooltip and announcing it), Home and
 * End go to the first and last bar, Enter or Space drills into the bar as a click does.
 */
import { announce } from '../components/announcer.ts';
import { t } from '../i18n/index.ts';
import type { Chart } from './echarts.ts';

export interface ChartKeysOptions {
  /** The chart's name, read when it takes the focus. */
  label: string;
  /** Bars per series. */
  count: number;
  /** Series the cursor can stand on (1 when a bar is one thing whatever its segment). */
  series: number;
  /** Which axis holds the categories: `x` (columns, Left/Right move) or `y` (rows, Up/Down move). */
  categories: 'x' | 'y';
  /** What is said of a bar: "01/02 09:00 · Blocked: 12". */
  describe(index: number, series: number): string;
  /** Enter or Space on a bar. */
  pick(index: number, series: number): void;
}

export function chartKeys(c: Chart, el: HTMLElement, o: ChartKeysOptions): void {
  if (o.count === 0) return;
  let index = -1;
  let series = o.series - 1;
  el.tabIndex = 0;
  el.setAttribute('role', 'application');
  el.setAttribute('aria-roledescription', t('chart.role'));
  el.setAttribute('aria-label', `${o.label}. ${t('chart.keys')}`);
  el.dataset.keys = 'true';

  const show = () => {
    c.chart.dispatchAction({ type: 'downplay' });
    c.chart.dispatchAction({ type: 'highlight', seriesIndex: series, dataIndex: index });
    c.chart.dispatchAction({ type: 'showTip', seriesIndex: series, dataIndex: index });
    el.dataset.cursor = `${index}:${series}`;
    announce(o.describe(index, series));
  };
  const along = o.categories === 'x' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
  const across = o.categories === 'x' ? ['ArrowDown', 'ArrowUp'] : ['ArrowLeft', 'ArrowRight'];

  el.addEventListener('keydown', (ev) => {
    const last = o.count - 1;
    let next = index;
    let nextSeries = series;
    if (ev.key === along[0]) next = index <= 0 ? 0 : index - 1;
    else if (ev.key === along[1]) next = Math.min(last, index + 1);
    else if (ev.key === across[0]) nextSeries = Math.max(0, series - 1);
    else if (ev.key === across[1]) nextSeries = Math.min(o.series - 1, series + 1);
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = last;
    else if ((ev.key === 'Enter' || ev.key === ' ') && index >= 0) {
      ev.preventDefault();
      o.pick(index, series);
      return;
    } else return;
    ev.preventDefault();
    index = Math.max(0, next);
    series = nextSeries;
    show();
  });
  el.addEventListener('blur', () => {
    c.chart.dispatchAction({ type: 'downplay' });
    c.chart.dispatchAction({ type: 'hideTip' });
  });
}
