/** What every page object shares: the app frame (navigation, pickers) and screenshots. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
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

  /**
   * Follows a table's Export link (`table`: records, sessions or report) and waits for the download:
   * the browser's file name and the file's text.
   */
  async exportDownload(
    table: 'records' | 'sessions' | 'report',
    format: 'csv' | 'ndjson',
  ): Promise<{ fileName: string; text: string }> {
    const menu = this.page.getByTestId(`export-${table}`);
    await menu.locator('summary').click();
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      menu.getByTestId(`export-${format}`).click(),
    ]);
    const path = await download.path();
    return { fileName: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
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

  /** How far the table inside the card `testId` scrolls sideways within it (0 when it fits). */
  tableScroll(testId: string): Promise<number> {
    return this.page
      .locator(`[data-testid="${testId}"] .table-wrap`)
      .first()
      .evaluate((el) => el.scrollWidth - el.clientWidth);
  }

  /** A performance measure's latest duration in ms (null when absent). */
  measure(name: string): Promise<number | null> {
    return this.page.evaluate((n) => {
      const list = performance.getEntriesByName(n, 'measure');
      return list.length ? list[list.length - 1]!.duration : null;
    }, name);
  }

  /** Follows a link of the top bar (navigation or brand) by its path. */
  async clickNav(path: string): Promise<void> {
    await this.page.locator(`header.topbar a[data-path="${path}"]`).first().click();
  }

  /** Types a time zone into the zone picker ('' for the browser's own) and commits it. */
  async setZone(name: string): Promise<void> {
    const zone = this.page.getByTestId('zone');
    await zone.fill(name);
    await zone.press('Enter');
  }

  /** Chooses "Custom range…" and applies from/to typed as wall-clock times (`datetime-local` values). */
  async pickRange(from: string, to: string): Promise<void> {
    await this.page.getByTestId('range').selectOption('pick');
    await this.page.getByTestId('range-from').fill(from);
    await this.page.getByTestId('range-to').fill(to);
    await this.page.getByTestId('range-apply').click();
  }

  /** The pickers' values as the top bar shows them. */
  async pickers(): Promise<{ range: string; firewall: string; zone: string }> {
    return {
      range: await this.page.getByTestId('range').inputValue(),
      firewall: await this.page.getByTestId('firewall').inputValue(),
      zone: await this.page.getByTestId('zone').inputValue(),
    };
  }

  /** The focused element as `tag: text` (e.g. "h1: Search records"). */
  focused(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}: ${el.textContent?.trim() ?? ''}` : '';
    });
  }

  /** What the polite live region last said. */
  announcement(): Promise<string> {
    return this.page
      .getByTestId('announcer')
      .textContent()
      .then((s) => s ?? '');
  }

  /**
   * Labels of the interface (headings, column heads, buttons, pickers, hints, field labels, aria-labels)
   * still in English: they have no Japanese character and a capitalised English word. Values (table
   * cells, field names, addresses) are not labels and are not looked at.
   */
  englishLabels(): Promise<string[]> {
    return this.page.evaluate(() => {
      const sel =
        'h1, h2, th, button, summary, label, .kpi-label, .kpi-sub, .picker-label, .hint, dt, .empty, .crumbs li, nav a, .muted, .query-error, .badge';
      const texts = Array.from(document.querySelectorAll<HTMLElement>(sel)).map((el) =>
        (el.textContent ?? '').trim(),
      );
      // a table row's aria-label is its values (an address, a signature), not a label
      const attrs = '[aria-label]:not(tr), [placeholder], [title]';
      for (const el of Array.from(document.querySelectorAll(attrs))) {
        for (const a of ['aria-label', 'placeholder', 'title']) texts.push(el.getAttribute(a) ?? '');
      }
      const cjk = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;
      return [...new Set(texts)].filter(
        (x) => x && x !== 'English' && !cjk.test(x) && /\b[A-Z][a-z]{2,}\b/.test(x),
      );
    });
  }

  /**
   * Dark pixels ("ink") of a screenshot of a text field holding only underscores, beside the width of
   * that text in the field's font: an underscore drawn whole is a line at least one pixel thick under the
   * whole text, so the ink is at least about its width; a clipped one leaves none.
   */
  async underscoreInk(
    target: Locator,
    pseudo: '' | '::placeholder' = '',
  ): Promise<{ ink: number; width: number }> {
    const ink = await this.inkOf(target);
    const width = await target.evaluate((el, pseudoElt) => {
      const input = el as HTMLInputElement;
      const cs = getComputedStyle(el, pseudoElt || null);
      const g = document.createElement('canvas').getContext('2d');
      if (!g) return -1;
      g.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      return g.measureText(input.value || input.placeholder).width;
    }, pseudo);
    return { ink, width };
  }

  private async inkOf(target: Locator): Promise<number> {
    const png = (await target.screenshot()).toString('base64');
    return this.page.evaluate(async (src) => {
      const img = new Image();
      img.src = `data:image/png;base64,${src}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d');
      if (!g) return -1;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      // darker than the field's border (#cfd8e3) and its background: text, placeholder included
      for (let i = 0; i < d.length; i += 4)
        if ((d[i] ?? 255) + (d[i + 1] ?? 255) + (d[i + 2] ?? 255) < 560) n++;
      return n;
    }, png);
  }
}
