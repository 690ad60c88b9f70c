/** The dashboard: KPIs, the three charts, clicking a bar through the chart's own coordinates. */
import type { Page } from 'playwright-core';
import { BasePage } from './base-page.ts';

export class DashboardPage extends BasePage {
  static async open(page: Page, baseUrl: string, query = ''): Promise<DashboardPage> {
    const p = new DashboardPage(page, baseUrl);
    await page.goto(`${baseUrl}/${query}`);
    await p.waitReady();
    return p;
  }

  async waitReady(): Promise<void> {
    await this.page.locator('[data-testid="dashboard"][data-ready="true"]').waitFor();
  }

  /** ms from navigation start until every chart fired `finished` (a performance mark of the app). */
  firstLoadMs(): Promise<number | null> {
    return this.page.evaluate(
      () => performance.getEntriesByName('nfw:dashboard:ready', 'mark')[0]?.startTime ?? null,
    );
  }

  kpi(id: string): Promise<string> {
    return this.page
      .getByTestId(`kpi-${id}`)
      .locator('.kpi-value')
      .textContent()
      .then((s) => s ?? '');
  }

  /** Hour buckets with their blocked counts, as the hourly chart holds them. */
  hourlyBlocked(): Promise<number[]> {
    return this.page.evaluate(() => {
      const chart = window.nfwlensCharts?.['chart-hourly'];
      const opt = chart?.getOption() as { series: { data: number[] }[] } | undefined;
      return opt?.series[1]?.data ?? [];
    });
  }

  /** Clicks the blocked segment of the hour with the most blocked alerts; returns its index. */
  async clickBusiestBlockedHour(): Promise<number> {
    const blocked = await this.hourlyBlocked();
    const index = blocked.reduce((best, v, i) => (v > (blocked[best] ?? -1) ? i : best), 0);
    const point = await this.page.evaluate((i) => {
      const chart = window.nfwlensCharts?.['chart-hourly'];
      const opt = chart?.getOption() as { series: { data: number[] }[] };
      const allowed = opt.series[0]?.data[i] ?? 0;
      const blockedV = opt.series[1]?.data[i] ?? 0;
      return chart?.convertToPixel({ gridIndex: 0 }, [i, allowed + blockedV / 2]) as number[];
    }, index);
    const box = await this.page.getByTestId('chart-hourly').boundingBox();
    if (!box || !point) throw new Error('hourly chart not found');
    await this.page.mouse.click(box.x + point[0]!, box.y + point[1]!);
    return index;
  }

  /** A horizontal bar chart's categories and each series' values, as drawn. */
  bars(testId: string): Promise<{ labels: string[]; series: number[][]; ticks: string[] }> {
    return this.page.evaluate((id) => {
      const chart = window.nfwlensCharts?.[id];
      const opt = chart?.getOption() as {
        yAxis: { data: string[] }[];
        xAxis: { axisLabel: { formatter: (v: number) => string }; interval?: number; max?: number }[];
        series: { data: number[] }[];
      };
      const x = opt.xAxis[0];
      const ticks: string[] = [];
      if (x?.interval && x.max)
        for (let v = 0; v <= x.max; v += x.interval) ticks.push(x.axisLabel.formatter(v));
      return { labels: opt.yAxis[0]?.data ?? [], series: opt.series.map((s) => s.data), ticks };
    }, testId);
  }

  /** Moves the mouse onto bar `index` of a horizontal bar chart (first series) and waits for its tooltip. */
  async hoverBar(testId: string, index: number): Promise<void> {
    await this.page.getByTestId(testId).scrollIntoViewIfNeeded();
    const point = await this.page.evaluate(
      ([id, i]) => {
        const chart = window.nfwlensCharts?.[id as string];
        const opt = chart?.getOption() as { series: { data: number[] }[] };
        const v = opt.series[0]?.data[i as number] ?? 0;
        return chart?.convertToPixel({ gridIndex: 0 }, [v / 2, i]) as number[];
      },
      [testId, index] as const,
    );
    const box = await this.page.getByTestId(testId).boundingBox();
    if (!box || !point) throw new Error(`chart ${testId} not found`);
    await this.page.mouse.move(box.x + point[0]!, box.y + point[1]!);
    await this.tooltip(testId).waitFor({ state: 'visible' });
  }

  tooltip(testId: string) {
    return this.page.getByTestId(testId).locator('.chart-tooltip');
  }

  /** The computed size of the tooltip's first colour marker (0 x 0 when its inline style was refused). */
  tooltipMarker(testId: string): Promise<{ width: number; height: number; background: string }> {
    return this.tooltip(testId)
      .locator('span')
      .first()
      .evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { width: r.width, height: r.height, background: getComputedStyle(el).backgroundColor };
      });
  }

  /** Focuses a chart and presses keys on it, one after the other. */
  async chartKeys(testId: string, ...keys: string[]): Promise<void> {
    const chart = this.page.getByTestId(testId);
    await chart.focus();
    for (const k of keys) await chart.press(k);
  }
}
