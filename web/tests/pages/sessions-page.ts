/** Sessions and a flow's page. */
import type { Page } from 'playwright-core';
import { BasePage } from './base-page.ts';

export class SessionsPage extends BasePage {
  static async open(page: Page, baseUrl: string): Promise<SessionsPage> {
    const p = new SessionsPage(page, baseUrl);
    await page.goto(`${baseUrl}/sessions`);
    await page.locator('[data-testid="sessions"][data-ready="true"]').waitFor();
    return p;
  }

  rows(): Promise<number> {
    return this.page.locator('[data-testid="sessions-table"] tbody tr').count();
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
