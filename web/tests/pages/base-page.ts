/** What every page object shares: the app frame (navigation, pickers) and screenshots. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS } from '../harness.ts';

export class BasePage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async screenshot(name: string, fullPage = false): Promise<void> {
    await this.page.mouse.move(0, 0);
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
  }

  async setLanguage(lang: 'en' | 'ja'): Promise<void> {
    await this.page.getByTestId('lang').selectOption(lang);
  }

  navLabels(): Promise<string[]> {
    return this.page.locator('nav.nav a').allTextContents();
  }

  /** A performance measure's latest duration in ms (null when absent). */
  measure(name: string): Promise<number | null> {
    return this.page.evaluate((n) => {
      const list = performance.getEntriesByName(n, 'measure');
      return list.length ? list[list.length - 1]!.duration : null;
    }, name);
  }
}
