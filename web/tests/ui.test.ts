/**
 * The web UI in Chromium against the real server over generated data: dashboard, a two-level
 * drill-down into a blocked hour and Back, a regex search and a record, query errors, Japanese,
 * a session's flow and the status page, the headline figures against the API, a chart tooltip under the
 * CSP and a narrow screen; then, on the same fixture, the cases of ui-readability.cases.ts and
 * ui-query-context.cases.ts. Saves a screenshot of each page (into docs/screenshots/ with
 * `npm run screenshots`, else into a temporary folder) and prints the dashboard's first load and a drill-down click's answer time.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, type Fixture, SCREENSHOTS, startFixture } from './harness.ts';
import { DashboardPage } from './pages/dashboard-page.ts';
import { DrillPage } from './pages/drill-page.ts';
import { SearchPage } from './pages/search-page.ts';
import { SessionsPage, StatusPage } from './pages/sessions-page.ts';
import type { Status, UiContext } from './ui-context.ts';
import { exportAndLanguageCases } from './ui-export-i18n.cases.ts';
import { queryAndContextCases } from './ui-query-context.cases.ts';
import { readabilityCases } from './ui-readability.cases.ts';
import { searchCompletionCases } from './ui-search-completion.cases.ts';
import { trafficCases } from './ui-traffic.cases.ts';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}`);
if (!haveChromium) {
  console.warn(
    `skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

interface Summary {
  records: number;
  alerts: number;
  blocked_alerts: number;
  sessions: number;
  sessions_paired: number;
  bytes_to_server: number;
  bytes_to_client: number;
}

const BINARY_BYTES = /^\d[\d,.]*\u00a0(B|KiB|MiB|GiB|TiB)$/;
const descending = (xs: number[]) => xs.every((v, i) => i === 0 || v <= (xs[i - 1] ?? v));

describe.skipIf(!haveChromium)('web UI in Chromium', () => {
  let fx: Fixture;
  let status: Status;
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${fx.url}${path}`)).json()) as T;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    fx = await startFixture({ records: 20_000, seed: 7 });
    status = await api<Status>('/api/status');
  }, 240_000);

  afterAll(async () => {
    await fx?.close();
    if (!process.env.NFWLENS_SCREENSHOTS) rmSync(SCREENSHOTS, { recursive: true, force: true });
  });

  it('loads the dashboard on generated data, every chart rendered', async () => {
    const dash = await DashboardPage.open(fx.page, fx.url);
    expect(status.records).toBe(20_000);
    expect(await dash.kpi('records')).toBe((20_000).toLocaleString('en-US'));
    const blocked = await dash.hourlyBlocked();
    expect(blocked.length).toBeGreaterThan(20);
    expect(blocked.some((b) => b > 0)).toBe(true);
    const firstLoad = await dash.firstLoadMs();
    expect(firstLoad).not.toBeNull();
    console.log(
      `[perf] dashboard first load (navigation start to all charts finished): ${firstLoad?.toFixed(0)} ms`,
    );
    await dash.screenshot('dashboard', true);
    expect(await dash.cspViolations()).toEqual([]);
  });

  it('shows headline figures computed whole for the range and firewall', async () => {
    const all = await api<Summary>('/api/summary');
    // computed another way: every protocol's sessions, not the chart's top 12
    const protocols = await api<{ rows: { sessions: number }[] }>('/api/reports/protocols?top=10000');
    expect(protocols.rows.reduce((a, r) => a + r.sessions, 0)).toBe(all.sessions);
    const byName = new Map<string, number>();
    for (const f of status.firewalls)
      byName.set(f.firewall_name, (byName.get(f.firewall_name) ?? 0) + f.records);
    expect(byName.size).toBeGreaterThan(1);
    const [name, records] = [...byName].sort((a, b) => a[1] - b[1])[0]!;
    const one = await api<Summary>(`/api/summary?firewall_name=${encodeURIComponent(name)}`);
    expect(one.records).toBe(records);
    expect(one.sessions).toBeLessThan(all.sessions);
    for (const [query, s] of [
      ['', all],
      [`?fw=${encodeURIComponent(name)}`, one],
    ] as const) {
      const dash = await DashboardPage.open(fx.page, fx.url, query);
      expect(await dash.kpi('records')).toBe(s.records.toLocaleString('en-US'));
      expect(await dash.kpi('sessions')).toBe(s.sessions.toLocaleString('en-US'));
      expect(await dash.kpi('blocked')).toBe(s.blocked_alerts.toLocaleString('en-US'));
      expect(await dash.kpi('bytes-out')).toMatch(BINARY_BYTES);
      expect(await dash.kpi('bytes-in')).toMatch(BINARY_BYTES);
      const protos = await dash.bars('chart-protocols');
      expect(protos.labels.length).toBeGreaterThan(3);
      expect(descending(protos.series[0] ?? [])).toBe(true);
      const dests = await dash.bars('chart-destinations');
      const totals = (dests.series[0] ?? []).map((v, i) => v + (dests.series[1]?.[i] ?? 0));
      expect(descending(totals)).toBe(true);
      expect(dests.ticks[0]).toBe('0');
      for (const tick of dests.ticks.slice(1)) expect(tick).toMatch(/\u00a0(KiB|MiB|GiB|TiB)$/);
    }
  });

  it('shows a styled chart tooltip under the CSP', async () => {
    const dash = await DashboardPage.open(fx.page, fx.url);
    await dash.hoverBar('chart-destinations', 0);
    expect(await dash.tooltip('chart-destinations').textContent()).toMatch(/Sent.*\u00a0(KiB|MiB|GiB)/);
    const marker = await dash.tooltipMarker('chart-destinations');
    expect(marker.width).toBe(10);
    expect(marker.background).not.toBe('rgba(0, 0, 0, 0)');
    const panel = await fx.page
      .locator('section.panel', { has: fx.page.getByTestId('chart-destinations') })
      .boundingBox();
    if (!panel) throw new Error('no destinations panel');
    await fx.page.screenshot({ path: join(SCREENSHOTS, 'tooltip.png'), clip: panel });
    expect(await dash.cspViolations()).toEqual([]);
  });

  it('fits a narrow screen without sideways scrolling', async () => {
    await fx.page.setViewportSize({ width: 400, height: 860 });
    try {
      const dash = await DashboardPage.open(fx.page, fx.url);
      await dash.screenshot('dashboard-narrow', true);
      expect(await dash.overflowing()).toEqual([]);
      await dash.setLanguage('ja');
      await dash.waitReady();
      expect(await dash.overflowing()).toEqual([]);
      await dash.setLanguage('en');
      await dash.waitReady();
    } finally {
      await fx.page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('drills two levels into a blocked hour, and Back returns to the first level', async () => {
    const dash = await DashboardPage.open(fx.page, fx.url);
    await dash.clickBusiestBlockedHour();
    const drill = new DrillPage(fx.page, fx.url);
    await drill.waitReady();
    const url1 = new URL(fx.page.url());
    expect(url1.pathname).toBe('/drill');
    expect(url1.searchParams.getAll('drill')).toEqual([
      expect.stringMatching(/^bucket=\d{4}-\d\d-\d\dT\d\d:00:00/),
      'alert_action=blocked',
    ]);
    const crumbs1 = await drill.crumbs();
    expect(crumbs1).toHaveLength(3);
    expect(crumbs1[2]).toContain('Blocked');
    expect(await drill.rows()).toBeGreaterThan(0);
    console.log(
      `[perf] drill-down click to table rendered (level 1): ${(await drill.measure('nfw:drill'))?.toFixed(0)} ms`,
    );

    const picked = await drill.openRow(0);
    await fx.page.waitForURL((u) => u.searchParams.getAll('drill').length === 3);
    await drill.waitReady();
    const crumbs2 = await drill.crumbs();
    expect(crumbs2).toHaveLength(4);
    expect(crumbs2[3]).toContain(picked);
    expect(await drill.rows()).toBeGreaterThan(0);
    const click = await drill.measure('nfw:drill');
    expect(click).not.toBeNull();
    console.log(`[perf] drill-down click to table rendered (level 2): ${click?.toFixed(0)} ms`);
    await drill.screenshot('drill-down');

    await fx.page.goBack();
    await drill.waitReady();
    expect(fx.page.url()).toBe(url1.href);
    expect(await drill.crumbs()).toEqual(crumbs1);
  });

  it('runs a regex search and opens the original record with the match marked', async () => {
    const search = await SearchPage.open(fx.page, fx.url);
    expect(await search.matchCount()).toBe(20_000);
    await search.search('signature:/^ET\\s+SCAN/ and action:blocked');
    await fx.page.waitForURL((u) => u.searchParams.get('q')?.startsWith('signature:') === true);
    await search.waitResults();
    const count = await search.matchCount();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(status.records_by_log_type.alert ?? 0);
    expect(await search.resultRows()).toBe(Math.min(count, 100));
    const types = new Set(await search.columnValues(2));
    expect([...types]).toEqual(['alert']);
    await search.screenshot('search');

    await search.openRecord(0);
    expect(new URL(fx.page.url()).searchParams.get('id')).toMatch(/^\d+$/);
    const marks = await search.marks();
    expect(marks.some((m) => /^ET\s+SCAN$/.test(m))).toBe(true);
    expect(marks).toContain('blocked');
    await search.screenshot('record');
    await fx.page.goBack();
    await fx.page.locator('.drawer').waitFor({ state: 'hidden' });
  });

  it.each([
    { q: 'proto:tcp and (dest_port:443', bad: /^$|\u00a0/ },
    { q: 'dest_port:abc and proto:tcp', bad: /abc/ },
    { q: 'dst_ipp:10.0.0.1', bad: /dst_ipp/ },
  ])('underlines the error in $q', async ({ q, bad }) => {
    const search = await SearchPage.open(fx.page, fx.url);
    await search.search(q);
    await fx.page.locator('.query-mirror .squiggle').waitFor();
    expect(await search.errorText()).not.toBe('');
    expect(await search.squiggle()).toMatch(bad);
  });

  it('offers "did you mean dest_port:443?" for dest port:443, and one click runs it', async () => {
    const search = await SearchPage.open(fx.page, fx.url);
    await search.search('dest port:443');
    await fx.page.waitForURL((u) => u.searchParams.get('q') === 'dest port:443');
    const hint = fx.page.getByTestId('query-hint');
    await hint.waitFor();
    expect(await hint.textContent()).toBe('Did you mean dest_port:443?');
    await hint.click();
    await fx.page.waitForURL((u) => u.searchParams.get('q') === 'dest_port:443');
    await search.waitResults();
    expect(await fx.page.getByTestId('query-hint').count()).toBe(0);
    expect(await search.matchCount()).toBeGreaterThan(0);
  });

  it('saves a search with its range, lists it, opens it by its shared URL, and deletes it', async () => {
    const q = 'type:alert and action:blocked';
    const search = await SearchPage.open(fx.page, fx.url, `?q=${encodeURIComponent(q)}&from=-30d`);
    const count = await search.matchCount();
    await fx.page.locator('[data-testid="saved-searches"] summary').click();
    await fx.page.locator('[data-testid="saved-list"][data-ready="true"]').waitFor();
    await fx.page.getByTestId('saved-name').fill('blocked alerts');
    await fx.page.getByTestId('saved-save').click();
    await fx.page.getByTestId('saved-open').filter({ hasText: 'blocked alerts' }).waitFor();
    // Shared as a URL: it opens as its query and range.
    await fx.page.goto(`${fx.url}/search?saved=${encodeURIComponent('blocked alerts')}`);
    await fx.page.waitForURL((u) => u.searchParams.get('q') === q && u.searchParams.get('from') === '-30d');
    await search.waitResults();
    expect(await search.matchCount()).toBe(count);
    await fx.page.goto(`${fx.url}/search?saved=nope`);
    await fx.page.locator('[data-testid="results"][data-state="failed"]').waitFor();
    expect(await fx.page.getByTestId('results').textContent()).toContain('No saved search named "nope"');
    const search2 = await SearchPage.open(fx.page, fx.url);
    await fx.page.locator('[data-testid="saved-searches"] summary').click();
    await fx.page.getByTestId('saved-open').filter({ hasText: 'blocked alerts' }).waitFor();
    await fx.page.getByTestId('saved-delete').first().click();
    await fx.page.getByText('No saved searches yet.').waitFor();
    expect(await search2.matchCount()).toBeGreaterThan(0);
  });

  it('says how many sessions of how many it shows, and loads the next page after the last row', async () => {
    const sessions = await SessionsPage.open(fx.page, fx.url);
    const api = (await (await fx.page.request.get(`${fx.url}/api/sessions?limit=1`)).json()) as {
      total: number;
    };
    expect(api.total).toBeGreaterThan(400);
    const total = api.total.toLocaleString('en-US');
    expect(await sessions.count()).toBe(`200 of ${total} sessions`);
    expect(await sessions.rows()).toBe(200);
    const first = await fx.page.locator('[data-testid="sessions-table"] tbody tr').nth(199).textContent();
    await fx.page.getByTestId('sessions-more').click();
    await expect.poll(() => sessions.rows()).toBe(400);
    expect(await sessions.count()).toBe(`400 of ${total} sessions`);
    // The first page stays in place: the next one follows its last row.
    expect(await fx.page.locator('[data-testid="sessions-table"] tbody tr').nth(199).textContent()).toBe(
      first,
    );
  });

  it('says a drill level holds more rows than it shows, and shows them all on request', async () => {
    // Destinations by client port: far more values than a level's 50 rows.
    const query = 'report=top-destinations&by=src_port';
    const api = (await (
      await fx.page.request.get(`${fx.url}/api/reports/top-destinations?by=src_port&top=50`)
    ).json()) as { rows: unknown[]; total_rows: number };
    expect(api.rows.length).toBe(50);
    expect(api.total_rows).toBeGreaterThan(50);
    const drill = await DrillPage.open(fx.page, fx.url, query);
    const total = api.total_rows.toLocaleString('en-US');
    expect(await drill.count()).toBe(`50 of ${total} rows`);
    await fx.page.getByTestId('drill-show-all').click();
    await fx.page.waitForURL((u) => u.searchParams.get('top') === String(Math.min(api.total_rows, 10_000)));
    await drill.waitReady();
    expect((await drill.cells()).length).toBe(Math.min(api.total_rows, 10_000));
    expect(await drill.count()).toBe(api.total_rows <= 10_000 ? `${total} rows` : `10,000 of ${total} rows`);
  });

  it('opens a session and shows its flow: both halves, alerts, details', async () => {
    const sessions = await SessionsPage.open(fx.page, fx.url);
    expect(await sessions.rows()).toBeGreaterThan(10);
    await sessions.screenshot('sessions');
    const flow = await sessions.openFlow();
    expect(flow.flowIdFromUrl()).toMatch(/^\d+$/);
    expect(await flow.halves()).toBeGreaterThanOrEqual(1);
    await flow.screenshot('flow', true);
    await fx.page.goBack();
    await fx.page.locator('[data-testid="sessions"][data-ready="true"]').waitFor();
  });

  it('shows the status page', async () => {
    const st = await StatusPage.open(fx.page, fx.url);
    expect(await st.storedRecords()).toBe((20_000).toLocaleString('en-US'));
    await st.screenshot('status');
  });

  it('switches to Japanese, with numbers and dates for the locale', async () => {
    const dash = await DashboardPage.open(fx.page, fx.url);
    await dash.setLanguage('ja');
    await dash.waitReady();
    expect(await dash.navLabels()).toEqual([
      'ダッシュボード',
      '検索',
      'セッション',
      'トラフィック',
      'ステータス',
    ]);
    expect(await fx.page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await dash.kpi('records')).toBe((20_000).toLocaleString('ja-JP'));
    await dash.screenshot('dashboard-ja');
    await fx.page.reload();
    await dash.waitReady();
    expect(await dash.navLabels()).toContain('検索');
    await dash.setLanguage('en');
    await dash.waitReady();
    expect(await dash.navLabels()).toContain('Search');
  });

  const ctx: UiContext = { fx: () => fx, api, status: () => status };
  readabilityCases(ctx);
  queryAndContextCases(ctx);
  searchCompletionCases(ctx);
  trafficCases(ctx);
  exportAndLanguageCases(ctx);
});
