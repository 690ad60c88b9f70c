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
}
