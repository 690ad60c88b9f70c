/** Traffic over time: the chart's series, the table under it, the pickers and a click on a series. */
import type { Page } from 'playwright-core';
import { BasePage } from './base-page.ts';

export interface TrafficRow {
  value: string;
  label: string;
  total: number;
  share: string;
  maxRate: number;
}

export class TrafficPage extends BasePage {
  static async open(page: Page, baseUrl: string, query = ''): Promise<TrafficPage> {
    const p = new TrafficPage(page, baseUrl);
    await page.goto(`${baseUrl}/traffic${query}`);
    await p.waitReady();
    return p;
  }

  async waitReady(): Promise<void> {
    await this.page.locator('[data-testid="traffic"][data-ready="true"]').waitFor();
  }

  /** The chart's series: names and figures per bucket, and the bucket labels. */
  chart(): Promise<{ names: string[]; data: number[][]; labels: string[] }> {
    return this.page.evaluate(() => {
      const opt = window.nfwlensCharts?.['chart-traffic']?.getOption() as {
        xAxis: { data: string[] }[];
        series: { name: string; data: number[] }[];
      };
      return {
        names: opt.series.map((s) => s.name),
        data: opt.series.map((s) => s.data),
        labels: opt.xAxis[0]?.data ?? [],
      };
    });
  }

  /** The table's rows: the value (data), its label, raw total and max rate, and the share as shown. */
  rows(): Promise<TrafficRow[]> {
    return this.page.locator('[data-testid="traffic-table"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = Array.from(tr.querySelectorAll('td'));
        const raw = (i: number) =>
          Number(cells[i]?.querySelector('[data-raw]')?.getAttribute('data-raw') ?? NaN);
        return {
          value: cells[0]?.querySelector('[data-value]')?.getAttribute('data-value') ?? '',
          label: cells[0]?.textContent ?? '',
          total: raw(1),
          share: cells[2]?.textContent ?? '',
          maxRate: raw(3),
        };
      }),
    );
  }

  summary(): Promise<string> {
    return this.page
      .getByTestId('traffic-summary')
      .textContent()
      .then((s) => s ?? '');
  }

  /** Picks a metric and waits for the chart drawn for it. */
  async setMetric(metric: string): Promise<void> {
    await this.page.getByTestId('traffic-metric').selectOption(metric);
    await this.page.waitForURL((u) => u.searchParams.get('metric') === (metric === 'bytes' ? null : metric));
    await this.waitReady();
  }

  /** Clicks the middle of series `index`'s segment in its largest bucket. */
  async clickSeries(index: number): Promise<void> {
    const point = await this.page.evaluate((i) => {
      const chart = window.nfwlensCharts?.['chart-traffic'];
      const opt = chart?.getOption() as { series: { data: number[] }[] };
      const data = opt.series[i]?.data ?? [];
      let at = 0;
      for (let j = 0; j < data.length; j++) if ((data[j] ?? 0) > (data[at] ?? 0)) at = j;
      const below = opt.series.slice(0, i).reduce((n, s) => n + (s.data[at] ?? 0), 0);
      return chart?.convertToPixel({ gridIndex: 0 }, [at, below + (data[at] ?? 0) / 2]) as number[];
    }, index);
    const box = await this.page.getByTestId('chart-traffic').boundingBox();
    if (!box || !point) throw new Error('no traffic chart');
    await this.page.mouse.click(box.x + point[0]!, box.y + point[1]!);
  }
}
