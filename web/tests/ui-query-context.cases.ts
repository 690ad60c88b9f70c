/**
 * Browser cases: the query fields (underscores drawn whole, checked on a screenshot's pixels; a query
 * that does not run clears the old results) and the shared context kept by the top bar's links.
 */
import { describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/dashboard-page.ts';
import { SearchPage } from './pages/search-page.ts';
import { SessionsPage } from './pages/sessions-page.ts';
import { lazyFixture, type UiContext } from './ui-context.ts';

export function queryAndContextCases(ctx: UiContext): void {
  const api = <T>(path: string) => ctx.api<T>(path);
  const fx = lazyFixture(ctx);
  describe('the query box', () => {
    it.each([
      ['the query', 'query', '?q=dest_port%3A443'],
      ['the sessions filter', 'sessions-filter', ''],
    ])('draws underscores whole in %s and its placeholder', async (_name, testId, query) => {
      if (testId === 'query') await SearchPage.open(fx.page, fx.url, query);
      else await SessionsPage.open(fx.page, fx.url, query);
      const page = new SearchPage(fx.page, fx.url);
      const box = fx.page.getByTestId(testId);
      for (const mode of ['value', 'placeholder'] as const) {
        await box.evaluate((el, m) => {
          const input = el as HTMLInputElement;
          input.value = m === 'value' ? '________' : '';
          input.placeholder = '________';
          input.blur();
        }, mode);
        const pseudo = mode === 'placeholder' ? '::placeholder' : '';
        const { ink, width } = await page.underscoreInk(box, pseudo);
        expect(width).toBeGreaterThan(40);
        expect(
          ink,
          `${mode}: ${ink} dark pixels under ${width.toFixed(0)} px of text`,
        ).toBeGreaterThanOrEqual(Math.floor(width * 0.9));
      }
      expect(await page.cspViolations()).toEqual([]);
    });

    it.each([
      ['a value the server refuses', 'dest_port:abc and proto:tcp'],
      ['a syntax error found while typing', 'proto:tcp and (dest_port:443'],
    ])('clears the old results, count and histogram for %s', async (_name, bad) => {
      const search = await SearchPage.open(fx.page, fx.url, '?q=type%3Aalert');
      expect(await search.resultRows()).toBeGreaterThan(0);
      await search.search(bad);
      await fx.page.waitForURL((u) => u.searchParams.get('q') === bad);
      const left = await search.leftovers();
      expect(left).toEqual({ rows: 0, counts: 0, bars: 0, summary: '' });
      expect(await search.errorText()).not.toBe('');
      expect(await fx.page.getByTestId('results').textContent()).toContain('did not run');
      await fx.page.goBack();
      await search.waitResults();
      expect(await search.resultRows()).toBeGreaterThan(0);
    });

    it('clears the sessions and their count for a filter that does not run', async () => {
      const list = await SessionsPage.open(fx.page, fx.url);
      expect(await list.rows()).toBeGreaterThan(0);
      const filter = fx.page.getByTestId('sessions-filter');
      await filter.fill('server_port:abc');
      await filter.press('Enter');
      await fx.page.waitForURL((u) => u.searchParams.get('filter') === 'server_port:abc');
      await fx.page.locator('.toolbar .query-error', { hasText: /abc/ }).waitFor();
      expect(await list.rows()).toBe(0);
      expect(await fx.page.getByTestId('sessions-count').count()).toBe(0);
    });
  });

  it('keeps the time range, firewall and zone on every link of the top bar', async () => {
    const name =
      ctx
        .status()
        .firewalls.map((f) => f.firewall_name)
        .sort()[0] ?? '';
    const context = { from: '-24h', fw: name, tz: 'UTC' };
    const dash = await DashboardPage.open(fx.page, fx.url, `?${new URLSearchParams(context)}`);
    const expectContext = async () => {
      const u = new URL(fx.page.url());
      expect({
        from: u.searchParams.get('from'),
        fw: u.searchParams.get('fw'),
        tz: u.searchParams.get('tz'),
      }).toEqual(context);
      expect(await dash.pickers()).toEqual({ range: '-24h', firewall: name, zone: 'UTC' });
    };
    // The window of -24h slides while the test runs and the generated records end before it began,
    // so records only leave it: the page's count lies between the API's counts before and after.
    const q = encodeURIComponent(`firewall_name:"${name}"`);
    const countNow = () => api<{ count: number }>(`/api/search/count?q=${q}&from=-24h`).then((r) => r.count);
    const before = await countNow();
    await dash.clickNav('/search');
    const search = new SearchPage(fx.page, fx.url);
    await search.waitResults();
    await expectContext();
    const shown = await search.matchCount();
    const after = await countNow();
    expect(shown).toBeLessThanOrEqual(before);
    expect(shown).toBeGreaterThanOrEqual(after);
    expect(before - after).toBeLessThan(before / 100);
    await search.clickNav('/sessions');
    await fx.page.locator('[data-testid="sessions"][data-ready="true"]').waitFor();
    await expectContext();
    await search.clickNav('/status');
    await fx.page.locator('[data-testid="status"][data-ready="true"]').waitFor();
    await expectContext();
    await search.clickNav('/');
    await dash.waitReady();
    await expectContext();
  });

  it('shows times in any IANA zone and takes an absolute range typed in that zone', async () => {
    const zone = 'America/New_York';
    const search = await SearchPage.open(fx.page, fx.url, '?q=type%3Aalert');
    await search.setZone('america/new_york');
    await fx.page.waitForURL((u) => u.searchParams.get('tz') === zone);
    await search.waitResults();
    expect(await search.pickers()).toMatchObject({ zone });
    const newest = await api<{ rows: { ts: string }[] }>('/api/search?q=type%3Aalert&limit=1');
    const inZone = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
    });
    expect((await search.columnValues(1))[0]).toBe(inZone.format(new Date(newest.rows[0]?.ts ?? '')));

    // an absolute range typed as New York wall-clock time lands in the URL as the UTC instants
    const status = await api<{ last_ts: string }>('/api/status');
    const to = Math.floor(Date.parse(status.last_ts) / 3_600_000) * 3_600_000 - 3_600_000;
    const from = to - 5 * 3_600_000;
    const wall = (ms: number) => {
      const p = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        })
          .formatToParts(new Date(ms))
          .map((x) => [x.type, x.value]),
      );
      return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
    };
    await search.pickRange(wall(from), wall(to));
    await fx.page.waitForURL((u) => u.searchParams.get('to') !== null);
    const u = new URL(fx.page.url());
    expect([u.searchParams.get('from'), u.searchParams.get('to'), u.searchParams.get('tz')]).toEqual([
      new Date(from).toISOString(),
      new Date(to).toISOString(),
      zone,
    ]);
    await search.waitResults();
    const range = `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
    const count = await api<{ count: number }>(`/api/search/count?q=type%3Aalert&${range}`);
    expect(count.count).toBeGreaterThan(0);
    expect(await search.matchCount()).toBe(count.count);
    expect(await search.pickers()).toMatchObject({ range: 'custom' });

    await search.setZone('');
    await fx.page.waitForURL((u2) => !u2.searchParams.has('tz'));
    expect(await search.pickers()).toMatchObject({ zone: '' });
  });

  it('offers filter in, filter out, search and sessions on a value of the records table', async () => {
    const search = await SearchPage.open(fx.page, fx.url, '?q=type%3Aalert');
    const count = async (q: string) =>
      (await api<{ count: number }>(`/api/search/count?q=${encodeURIComponent(q)}`)).count;
    const port = (await search.columnValues(6))[0] ?? '';
    expect(port).toMatch(/^\d+$/);
    await search.valueAction(0, 6, 'out');
    const without = `(type:alert) and (not dest_port:"${port}")`;
    await fx.page.waitForURL((u) => u.searchParams.get('q') === without);
    await search.waitResults();
    expect(await search.drawerOpen()).toBe(false);
    expect(await search.matchCount()).toBe(await count(without));
    expect(await search.columnValues(6)).not.toContain(port);

    const ip = (await search.columnValues(3))[0] ?? '';
    expect(ip).not.toBe('');
    await search.valueAction(0, 3, 'in');
    const filtered = `(${without}) and (src_ip:"${ip}")`;
    await fx.page.waitForURL((u) => u.searchParams.get('q') === filtered);
    await search.waitResults();
    expect(await search.matchCount()).toBe(await count(filtered));
    expect(new Set(await search.columnValues(3))).toEqual(new Set([ip]));

    await search.valueAction(0, 3, 'sessions');
    const filter = `client_ip:"${ip}" or server_ip:"${ip}"`;
    await fx.page.waitForURL((u) => u.pathname === '/sessions' && u.searchParams.get('filter') === filter);
    await fx.page.locator('[data-testid="sessions"][data-ready="true"]').waitFor();
    const sessions = await api<{ rows: unknown[] }>(
      `/api/sessions?limit=200&sort=total_bytes&filter=${encodeURIComponent(filter)}`,
    );
    expect(sessions.rows.length).toBeGreaterThan(0);
    expect(await new SessionsPage(fx.page, fx.url).rows()).toBe(sessions.rows.length);
  });
}
