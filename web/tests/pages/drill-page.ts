/** The drill-down view: breadcrumbs, the level's table, the group-by picker. */
import type { Page } from 'playwright-core';
import { BasePage } from './base-page.ts';

export class DrillPage extends BasePage {
  async waitReady(): Promise<void> {
    await this.page.locator('[data-testid="drill"][data-ready="true"]').waitFor();
  }

  static async open(page: Page, baseUrl: string, query: string): Promise<DrillPage> {
    const p = new DrillPage(page, baseUrl);
    await page.goto(`${baseUrl}/drill?${query}`);
    await p.waitReady();
    return p;
  }

  /** The level table's cells, row by row, as shown. */
  cells(): Promise<string[][]> {
    return this.page
      .locator('[data-testid="drill"] tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')),
      );
  }

  headers(): Promise<string[]> {
    return this.page.locator('[data-testid="drill"] thead th').allTextContents();
  }

  count(): Promise<string> {
    return this.page
      .getByTestId('drill-count')
      .textContent()
      .then((s) => s ?? '');
  }

  crumbs(): Promise<string[]> {
    return this.page.locator('.crumbs li').allTextContents();
  }

  level(): Promise<string | null> {
    return this.page.getByTestId('drill').getAttribute('data-level');
  }

  rows(): Promise<number> {
    return this.page.locator('[data-testid="drill"] tbody tr').count();
  }

  async openRow(index: number): Promise<string> {
    const row = this.page.locator('[data-testid="drill"] tbody tr').nth(index);
    const label = (await row.getAttribute('aria-label')) ?? '';
    await row.click();
    return label;
  }
}
