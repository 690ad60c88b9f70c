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

  /** The Content-Security-Policy violations of the current document (directive: what was blocked). */
  cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { nfwlensCsp?: string[] }).nfwlensCsp ?? []);
  }

  /**
   * What makes the page scroll sideways or sticks out past the viewport's right edge (empty when the
   * page fits); content clipped by a scrolling box that itself fits (a wide table) does not count.
   */
  overflowing(): Promise<string[]> {
    return this.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const out: string[] = [];
      if (document.documentElement.scrollWidth > width)
        out.push(`document ${document.documentElement.scrollWidth}px`);
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= width + 0.5 || getComputedStyle(el).position === 'fixed') continue;
        let clipped = false;
        for (let a = el.parentElement; a && !clipped; a = a.parentElement) {
          const ox = getComputedStyle(a).overflowX;
          clipped = ox !== 'visible' && a.getBoundingClientRect().right <= width + 0.5;
        }
        if (!clipped) {
          out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(r.right)}px`);
        }
      }
      return out;
    });
  }

  /** A performance measure's latest duration in ms (null when absent). */
  measure(name: string): Promise<number | null> {
    return this.page.evaluate((n) => {
      const list = performance.getEntriesByName(n, 'measure');
      return list.length ? list[list.length - 1]!.duration : null;
    }, name);
  }
}
