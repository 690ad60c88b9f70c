/**
 * Browser cases: completion in the search box (field names, operators, values from the data, keys,
 * mouse, ARIA, stale answers dropped) and the field list beside the results (top values, counts that
 * agree with the search's own count, filter in / out rerunning the search).
 */
import type { Request, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SearchPage } from './pages/search-page.ts';
import { lazyFixture, type UiContext } from './ui-context.ts';

/** The count of an option's detail ("1,234 · 12.5%"). */
const count = (detail: string) => Number((detail.split('·')[0] ?? '').replace(/[^\d]/g, ''));

export function searchCompletionCases(ctx: UiContext): void {
  const fx = lazyFixture(ctx);
  /** The search's own count of a query (another read than the values' ranking). */
  const matches = async (q: string) =>
    (await ctx.api<{ count: number }>(`/api/search/count?q=${encodeURIComponent(q)}`)).count;

  describe('completion in the search box', () => {
    it('offers field names while a name is typed, and closes with Escape keeping the text', async () => {
      const search = await SearchPage.open(fx.page, fx.url);
      await search.typeQuery('dest_p');
      await search.waitSuggestions('field');
      const shown = await search.suggestions();
      expect(shown.map((s) => s.label)).toContain('dest_port');
      expect(shown.every((s) => s.label.includes('dest_p'))).toBe(true);
      expect(await search.combobox()).toEqual({ role: 'combobox', expanded: 'true', active: '' });
      await search.pressInQuery('Escape');
      expect(await search.suggestionsOpen()).toBe(false);
      expect(await search.combobox()).toMatchObject({ expanded: 'false' });
      expect(await search.queryText()).toBe('dest_p');
    });

    it('offers the values of the data after field:, and ArrowDown + Enter inserts one', async () => {
      const search = await SearchPage.open(fx.page, fx.url);
      await search.typeQuery('dest_p');
      await search.waitSuggestions('field');
      await search.pressInQuery('ArrowDown');
      expect(await search.combobox()).toMatchObject({ active: 'dest_port' });
      await search.pressInQuery('Tab');
      expect(await search.queryText()).toBe('dest_port:');
      await search.waitSuggestions('value');
      await search.screenshot('search-completion');
      const values = await search.suggestions();
      expect(values.length).toBeGreaterThan(1);
      expect(values.every((v) => v.kind === 'value' && /^\d+$/.test(v.label))).toBe(true);
      // each value's count is the search's own count of records with it, largest first
      const counts = values.map((v) => count(v.detail));
      for (const [i, v] of values.slice(0, 3).entries()) {
        expect(counts[i]).toBe(await matches(`dest_port:${v.label}`));
      }
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      await search.pressInQuery('ArrowDown');
      await search.pressInQuery('ArrowDown');
      const second = values[1]?.label ?? '';
      expect(await search.combobox()).toMatchObject({ active: second });
      await search.pressInQuery('Enter');
      expect(await search.queryText()).toBe(`dest_port:${second} `);
      expect(await search.suggestionsOpen()).toBe(false);
      // Enter with the list closed runs the search
      await search.pressInQuery('Enter');
      await fx.page.waitForURL((u) => u.searchParams.get('q') === `dest_port:${second}`);
      await search.waitResults();
      expect(await search.matchCount()).toBe(counts[1]);
    });

    it('narrows values to what is typed, within the rest of the query, and a click accepts', async () => {
      const search = await SearchPage.open(fx.page, fx.url);
      await search.typeQuery('log_type:alert and proto:');
      await search.waitSuggestions('value');
      const protos = await search.suggestions();
      for (const p of protos)
        expect(count(p.detail)).toBe(await matches(`log_type:alert and proto:"${p.label}"`));
      await search.typeQuery('log_type:alert and proto:t');
      await fx.page.waitForFunction(() =>
        Array.from(document.querySelectorAll('[data-testid="query-suggestion"] .suggestion-label')).every(
          (el) => (el.textContent ?? '').toLowerCase().startsWith('t'),
        ),
      );
      await search.waitSuggestions('value');
      const labels = (await search.suggestions()).map((s) => s.label);
      expect(labels).toContain('TCP');
      await search.clickSuggestion('TCP');
      expect(await search.queryText()).toBe('log_type:alert and proto:"TCP" ');
    });

    it('sends one request per pause in typing and never shows an answer overtaken by newer typing', async () => {
      const search = await SearchPage.open(fx.page, fx.url);
      const sent: string[] = [];
      const onRequest = (r: Request) => {
        const u = new URL(r.url());
        if (u.pathname === '/api/search/values') sent.push(u.searchParams.get('prefix') ?? '');
      };
      fx.page.on('request', onRequest);
      // the answer for the prefix "5" comes late: by then the user has typed "53"
      let releaseSlow: () => void = () => undefined;
      const slow = new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      const handler = async (route: Route) => {
        const prefix = new URL(route.request().url()).searchParams.get('prefix');
        if (prefix === '5') {
          await slow;
          // a value the data does not hold: shown only if the stale answer were applied
          await route
            .fulfill({
              json: {
                field: 'dest_port',
                values: [{ value: 59999, count: 1 }],
                total_distinct: 1,
                total_records: 1,
              },
            })
            .catch(() => undefined);
          return;
        }
        await route.continue().catch(() => undefined);
      };
      await fx.page.route('**/api/search/values?*', handler);
      try {
        await search.typeQuery('dest_port:44', 10);
        await search.waitSuggestions('value');
        expect(sent).toEqual(['44']);
        const slowSent = fx.page.waitForRequest((r) => new URL(r.url()).searchParams.get('prefix') === '5');
        await search.typeQuery('dest_port:5', 0);
        await slowSent;
        await search.pressInQuery('End');
        await fx.page.getByTestId('query').pressSequentially('3');
        await fx.page.waitForFunction(() =>
          Array.from(document.querySelectorAll('[data-testid="query-suggestion"] .suggestion-label')).some(
            (el) => el.textContent === '53',
          ),
        );
        releaseSlow();
        await fx.page.waitForTimeout(500);
        const labels = (await search.suggestions()).map((s) => s.label);
        expect(labels).toContain('53');
        expect(labels).not.toContain('59999');
        expect(labels.every((l) => l.startsWith('53'))).toBe(true);
        expect(sent.slice(-2)).toEqual(['5', '53']);
      } finally {
        releaseSlow();
        fx.page.off('request', onRequest);
        await fx.page.unroute('**/api/search/values?*', handler);
      }
    });
  });

  describe('the field list beside the results', () => {
    it('shows a field’s top values with exact counts, and filter in / out edit the query and rerun the search', async () => {
      const search = await SearchPage.open(fx.page, fx.url, '?q=log_type%3Aflow');
      const total = await search.matchCount();
      const found = await search.findField('port');
      expect(found).toEqual(expect.arrayContaining(['src_port', 'dest_port']));
      expect(found.every((f) => f.includes('port'))).toBe(true);
      await search.findField('');
      expect(await search.fieldExpanded('proto')).toBe('false');
      await search.openField('proto');
      const { values, note } = await search.fieldValues('proto');
      await search.screenshot('search-fields');
      expect(values.length).toBeGreaterThan(1);
      for (const v of values) expect(v.count).toBe(await matches(`log_type:flow and proto:"${v.value}"`));
      expect(values.map((v) => v.count)).toEqual(values.map((v) => v.count).sort((a, b) => b - a));
      expect(note).toMatch(
        new RegExp(
          `^Top ${values.length} of \\d+ values? · exact counts over all ${total.toLocaleString('en-US')} matching records$`,
        ),
      );
      const top = values[0];
      if (!top) throw new Error('no value');
      expect(Number(top.share.replace('%', ''))).toBeCloseTo((top.count / total) * 100, 1);

      await search.filterField('proto', top.value, 'in');
      await fx.page.waitForURL(
        (u) => u.searchParams.get('q') === `(log_type:flow) and (proto:"${top.value}")`,
      );
      await search.waitResults();
      expect(await search.matchCount()).toBe(top.count);
      expect(await search.fieldExpanded('proto')).toBe('true');
      await search.openField('proto');
      const narrowed = await search.fieldValues('proto');
      expect(narrowed.values).toEqual([{ value: top.value, count: top.count, share: '100%' }]);

      await fx.page.goBack();
      await search.waitResults();
      await search.openField('proto');
      await search.filterField('proto', top.value, 'out');
      await fx.page.waitForURL(
        (u) => u.searchParams.get('q') === `(log_type:flow) and (not proto:"${top.value}")`,
      );
      await search.waitResults();
      expect(await search.matchCount()).toBe(total - top.count);
      await search.openField('proto');
      expect((await search.fieldValues('proto')).values.map((v) => v.value)).not.toContain(top.value);
      expect(await search.cspViolations()).toEqual([]);
    });
  });
}
