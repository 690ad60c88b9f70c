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

  /** After a query that did not run: what is left of the previous results beside the error. */
  async leftovers(): Promise<{ rows: number; counts: number; bars: number; summary: string }> {
    await this.page.locator('[data-testid="results"][data-state="failed"]').waitFor();
    return {
      rows: await this.resultRows(),
      counts: await this.page.getByTestId('match-count').count(),
      summary: ((await this.page.getByTestId('search-summary').textContent()) ?? '').trim(),
      bars: await this.page.evaluate(() => {
        const opt = window.nfwlensCharts?.histogram?.getOption() as
          | { series?: { data?: unknown[] }[] }
          | undefined;
        return (opt?.series ?? []).reduce((n, s) => n + (s.data?.length ?? 0), 0);
      }),
    };
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

  /** The results table's headers: the text shown and the raw field name of each (its tooltip). */
  headers(): Promise<{ text: string; field: string | null }[]> {
    return this.page
      .locator('[data-testid="records-table"] thead th')
      .evaluateAll((ths) =>
        ths.map((th) => ({ text: th.textContent ?? '', field: th.getAttribute('title') })),
      );
  }

  resultRows(): Promise<number> {
    return this.page.locator('[data-testid="records-table"] tbody tr').count();
  }

  /** A column's values as shown (without the value menu's button). */
  columnValues(column: number): Promise<string[]> {
    return this.page
      .locator(`[data-testid="records-table"] tbody tr td:nth-child(${column})`)
      .evaluateAll((tds) =>
        tds.map((td) => (td.querySelector('.value-cell > span')?.textContent ?? td.textContent) || ''),
      );
  }

  /** Opens the menu of a value (row, 1-based column) and follows one of its actions. */
  async valueAction(
    row: number,
    column: number,
    action: 'in' | 'out' | 'search' | 'sessions',
  ): Promise<void> {
    const cell = this.page
      .locator('[data-testid="records-table"] tbody tr')
      .nth(row)
      .locator(`td:nth-child(${column})`);
    await cell.hover();
    await cell.locator('summary').click();
    await cell.locator(`a[data-action="${action}"]`).click();
  }

  drawerOpen(): Promise<boolean> {
    return this.page.locator('.drawer').isVisible();
  }

  async openRecord(index: number): Promise<void> {
    // on its time: the middle of a row may be a value's menu button
    await this.page
      .locator('[data-testid="records-table"] tbody tr')
      .nth(index)
      .locator('td')
      .first()
      .click();
    await this.page.locator('.drawer [data-testid="record"][data-ready="true"]').waitFor();
  }

  marks(): Promise<string[]> {
    return this.page.locator('.drawer pre.json mark').allTextContents();
  }
}
