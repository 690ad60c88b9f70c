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

  // completion under the query box

  /** Clears the box and types `text` key by key, as a user would (completion follows each key). */
  async typeQuery(text: string, delay = 15): Promise<void> {
    const box = this.page.getByTestId('query');
    await box.fill('');
    await box.focus();
    await box.pressSequentially(text, { delay });
  }

  queryText(): Promise<string> {
    return this.page.getByTestId('query').inputValue();
  }

  suggestionsOpen(): Promise<boolean> {
    return this.page.getByTestId('query-suggestions').isVisible();
  }

  /** Waits until the list shows options of this kind (field, operator, value). */
  async waitSuggestions(kind: 'field' | 'operator' | 'value'): Promise<void> {
    await this.page
      .locator(`[data-testid="query-suggestions"]:not([hidden]) [data-kind="${kind}"]`)
      .first()
      .waitFor();
  }

  /** The options shown: kind, label, text inserted, and whether it is the active one. */
  suggestions(): Promise<
    { kind: string; label: string; insert: string; selected: boolean; detail: string }[]
  > {
    return this.page.locator('[data-testid="query-suggestion"]').evaluateAll((els) =>
      els.map((el) => ({
        kind: el.getAttribute('data-kind') ?? '',
        label: el.querySelector('.suggestion-label')?.textContent ?? '',
        detail: el.querySelector('.suggestion-detail')?.textContent ?? '',
        insert: el.getAttribute('data-insert') ?? '',
        selected: el.getAttribute('aria-selected') === 'true',
      })),
    );
  }

  /** The combobox state of the box: expanded, and the id and text of the active option. */
  combobox(): Promise<{ role: string; expanded: string; active: string }> {
    return this.page.getByTestId('query').evaluate((el) => {
      const id = el.getAttribute('aria-activedescendant');
      return {
        role: el.getAttribute('role') ?? '',
        expanded: el.getAttribute('aria-expanded') ?? '',
        active: id
          ? (document.getElementById(id)?.querySelector('.suggestion-label')?.textContent ?? '')
          : '',
      };
    });
  }

  async pressInQuery(key: string): Promise<void> {
    await this.page.getByTestId('query').press(key);
  }

  async clickSuggestion(label: string): Promise<void> {
    await this.page
      .locator('[data-testid="query-suggestion"]')
      .filter({ has: this.page.locator('.suggestion-label', { hasText: label }) })
      .first()
      .click();
  }

  // the field list beside the results

  private field(name: string) {
    return this.page.locator(`[data-testid="field-sidebar"] li[data-field="${name}"]`);
  }

  /** Types into the field list's finder; the names of the fields left shown. */
  async findField(text: string): Promise<string[]> {
    await this.page.getByTestId('field-find').fill(text);
    return this.page
      .locator('[data-testid="field-sidebar"] li[data-field]:not([hidden])')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-field') ?? ''));
  }

  /** Opens a field of the list (if closed) and waits for its values. */
  async openField(name: string): Promise<void> {
    const toggle = this.field(name).getByTestId('field-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await this.field(name).locator('[data-testid="field-values"][data-ready="true"]').waitFor();
  }

  fieldExpanded(name: string): Promise<string | null> {
    return this.field(name).getByTestId('field-toggle').getAttribute('aria-expanded');
  }

  /** A field's listed values and their counts as the list holds them, and its note. */
  async fieldValues(
    name: string,
  ): Promise<{ values: { value: string; count: number; share: string }[]; note: string }> {
    const values = await this.field(name)
      .locator('[data-testid="field-value"]')
      .evaluateAll((els) =>
        els.map((el) => ({
          value: el.getAttribute('data-value') ?? '',
          count: Number(el.getAttribute('data-count')),
          share: el.querySelector('.field-value-share')?.textContent ?? '',
        })),
      );
    const note = (await this.field(name).getByTestId('field-note').textContent()) ?? '';
    return { values, note };
  }

  /** Follows a value's filter in / out link in the field list. */
  async filterField(name: string, value: string, mode: 'in' | 'out'): Promise<void> {
    await this.field(name)
      .locator(`[data-testid="field-value"][data-value="${value}"] a[data-action="${mode}"]`)
      .click();
  }
}
