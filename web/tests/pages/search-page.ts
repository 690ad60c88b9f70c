/** Search: query box (with error underline), histogram, results, the record side panel. */
import type { Page } from 'playwright-core';
import { BasePage } from './base-page.ts';

export class SearchPage extends BasePage {
  static async open(page: Page, baseUrl: string, query = ''): Promise<SearchPage> {
    const p = new SearchPage(page, baseUrl);
    await page.goto(`${baseUrl}/search${query}`);
    await p.waitResults();
    return p;
  }

  async waitResults(): Promise<void> {
    await this.page.locator('[data-testid="results"][data-ready="true"]').waitFor();
    await this.page.locator('[data-testid="histogram"][data-ready="true"]').waitFor();
  }

  async search(q: string): Promise<void> {
    const box = this.page.getByTestId('query');
    await box.fill(q);
    await box.press('Enter');
  }

  async matchCount(): Promise<number> {
    const text = await this.page
      .getByTestId('match-count')
      .textContent()
      .then((s) => s ?? '');
    return Number(text.replace(/[^\d]/g, ''));
  }

  countText(): Promise<string> {
    return this.page
      .getByTestId('match-count')
      .textContent()
      .then((s) => s ?? '');
  }

  errorText(): Promise<string> {
    return this.page
      .getByTestId('query-error')
      .textContent()
      .then((s) => s ?? '');
  }

  squiggle(): Promise<string> {
    return this.page
      .locator('.query-mirror .squiggle')
      .textContent()
      .then((s) => s ?? '');
  }

  resultRows(): Promise<number> {
    return this.page.locator('[data-testid="records-table"] tbody tr').count();
  }

  columnValues(column: number): Promise<string[]> {
    return this.page
      .locator(`[data-testid="records-table"] tbody tr td:nth-child(${column})`)
      .allTextContents();
  }

  async openRecord(index: number): Promise<void> {
    await this.page.locator('[data-testid="records-table"] tbody tr').nth(index).click();
    await this.page.locator('.drawer [data-testid="record"][data-ready="true"]').waitFor();
  }

  marks(): Promise<string[]> {
    return this.page.locator('.drawer pre.json mark').allTextContents();
  }
}
