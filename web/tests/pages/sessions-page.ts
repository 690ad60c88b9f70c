/** Sessions and a flow's page. */
import type { Page } from 'playwright-core';
import { BasePage } from './base-page.ts';

export class SessionsPage extends BasePage {
  static async open(page: Page, baseUrl: string, query = ''): Promise<SessionsPage> {
    const p = new SessionsPage(page, baseUrl);
    await page.goto(`${baseUrl}/sessions${query}`);
    await page.locator('[data-testid="sessions"][data-ready="true"]').waitFor();
    return p;
  }

  rows(): Promise<number> {
    return this.page.locator('[data-testid="sessions-table"] tbody tr').count();
  }

  count(): Promise<string> {
    return this.page
      .getByTestId('sessions-count')
      .textContent()
      .then((s) => s ?? '');
  }

  /** Opens the first session that has an alert and both halves (or the first row). */
  async openFlow(): Promise<FlowPage> {
    const rows = this.page.locator('[data-testid="sessions-table"] tbody tr');
    const withAlert = rows.filter({ has: this.page.locator('.badge-blocked') }).first();
    const target = (await withAlert.count()) > 0 ? withAlert : rows.first();
    await target.click();
    await this.page.locator('[data-testid="flow"][data-ready="true"]').waitFor();
    return new FlowPage(this.page, this.baseUrl);
  }
}

export class FlowPage extends BasePage {
  halves(): Promise<number> {
    return this.page.locator('[data-testid="flow-halves"] tbody tr').count();
  }

  alerts(): Promise<number> {
    return this.page.locator('[data-testid="flow-alerts"] tbody tr').count();
  }

  static async open(page: Page, baseUrl: string, query: string): Promise<FlowPage> {
    const p = new FlowPage(page, baseUrl);
    await page.goto(`${baseUrl}/flow?${query}`);
    await page.locator('[data-testid="flow"][data-ready="true"]').waitFor();
    return p;
  }

  /** A value of the session card by its label ("Duration"). */
  detail(label: string): Promise<string> {
    return this.page
      .locator('[data-testid="flow-session"] .kv', { has: this.page.locator('dt', { hasText: label }) })
      .locator('dd')
      .first()
      .textContent()
      .then((s) => s ?? '');
  }

  /** The verdict badge against the box that would clip it (the session panel's scrolling wrapper). */
  badgeFit(): Promise<{ badge: number; box: number; hidden: number }> {
    return this.page.evaluate(() => {
      const badge = document.querySelector('[data-testid="flow-session"] .badge')?.getBoundingClientRect();
      const wrap = document.querySelector<HTMLElement>('[data-testid="flow-session"] .table-wrap');
      return {
        badge: badge?.right ?? Number.NaN,
        box: wrap?.getBoundingClientRect().right ?? Number.NaN,
        hidden: wrap ? wrap.scrollWidth - wrap.clientWidth : Number.NaN,
      };
    });
  }

  flowIdFromUrl(): string | null {
    return new URL(this.page.url()).searchParams.get('flow_id');
  }
}

export class StatusPage extends BasePage {
  static async open(page: Page, baseUrl: string): Promise<StatusPage> {
    const p = new StatusPage(page, baseUrl);
    await page.goto(`${baseUrl}/status`);
    await page.locator('[data-testid="status"][data-ready="true"]').waitFor();
    return p;
  }

  storedRecords(): Promise<string> {
    return this.page
      .locator('[data-testid="status"] .kpi-value')
      .first()
      .textContent()
      .then((s) => s ?? '');
  }
}
