/**
 * The web UI in Chromium against the real server over generated data: dashboard, a two-level
 * drill-down into a blocked hour and Back, a regex search and a record, query errors, Japanese,
 * a session's flow and the status page, the headline figures against the API, a chart tooltip under the
 * CSP and a narrow screen. Saves a screenshot of each page (into docs/screenshots/ with
 * `npm run screenshots`, else into a temporary folder) and prints the dashboard's first load and a drill-down click's answer time.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, type Fixture, SCREENSHOTS, startFixture } from './harness.ts';
import { DashboardPage } from './pages/dashboard-page.ts';
import { DrillPage } from './pages/drill-page.ts';
import { SearchPage } from './pages/search-page.ts';
import { FlowPage, SessionsPage, StatusPage } from './pages/sessions-page.ts';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}`);
if (!haveChromium) {
  console.warn(
    `skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

interface Status {
  records: number;
  records_by_log_type: Record<string, number>;
  firewalls: { firewall_name: string; records: number }[];
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
    expect(await dash.navLabels()).toEqual(['ダッシュボード', '検索', 'セッション', 'ステータス']);
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

  describe('numbers, words and states that read right', () => {
    interface SessionRow {
      firewall_name: string | null;
      availability_zone: string | null;
      flow_id: number | null;
      start: string | null;
      end: string | null;
      client_ip: string | null;
      client_port: number | null;
      server_ip: string | null;
      server_port: number | null;
    }
    const flowQuery = (s: SessionRow) =>
      new URLSearchParams({
        firewall_name: s.firewall_name ?? '',
        availability_zone: s.availability_zone ?? '',
        flow_id: String(s.flow_id),
      }).toString();
    let sessions: SessionRow[] = [];
    beforeAll(async () => {
      sessions = (await api<{ rows: SessionRow[] }>('/api/sessions?limit=2000&sort=start')).rows;
    });

    it('writes ports and SIDs as they are, counts with separators', async () => {
      type Answer = { rows: Record<string, number | string>[] };
      const sigs = await api<Answer>('/api/reports/top-signatures?top=50&tz=Asia/Tokyo');
      const drill = await DrillPage.open(fx.page, fx.url, 'report=top-signatures');
      const cells = await drill.cells();
      expect(cells).toHaveLength(sigs.rows.length);
      expect(sigs.rows.some((r) => Number(r.signature_id) >= 1000)).toBe(true);
      sigs.rows.forEach((r, i) => {
        expect(cells[i]?.[0]).toBe(String(r.signature_id));
        expect(cells[i]?.at(-1)).toBe(Number(r.total).toLocaleString('en-US'));
      });
      const ports = await api<Answer>('/api/reports/top-ports?top=50&tz=Asia/Tokyo');
      await DrillPage.open(fx.page, fx.url, 'report=top-ports');
      const portCells = await drill.cells();
      const big = ports.rows.findIndex((r) => Number(r.dest_port) >= 1000);
      expect(big).toBeGreaterThanOrEqual(0);
      expect(portCells[big]?.[0]).toBe(String(ports.rows[big]?.dest_port));
      expect(portCells.map((c) => c[0]).filter((c) => c?.includes(','))).toEqual([]);
      // the records table too: ports and flow ids of records
      const search = await SearchPage.open(
        fx.page,
        fx.url,
        '?q=dest_port%3E%3D1000&cols=ts,dest_port,flow_id',
      );
      const shown = [...(await search.columnValues(2)), ...(await search.columnValues(3))];
      expect(shown.length).toBeGreaterThan(0);
      for (const v of shown) expect(v).toMatch(/^\d*$/);
    });

    it('says "1 match" and "1 row" in the singular', async () => {
      const records = await api<{ rows: { flow_id: number; src_port: number | null }[] }>(
        '/api/search?q=type%3Aalert&limit=100',
      );
      let one: string | null = null;
      for (const r of records.rows) {
        const q = `type:alert and flow_id:${r.flow_id} and src_port:${r.src_port ?? 0}`;
        const c = await api<{ count: number }>(`/api/search/count?q=${encodeURIComponent(q)}`);
        if (c.count === 1) {
          one = q;
          break;
        }
      }
      if (!one) throw new Error('no query matching one record among 100 alerts');
      const search = await SearchPage.open(fx.page, fx.url, `?q=${encodeURIComponent(one)}`);
      expect(await search.countText()).toBe('1 match');
      await search.search('type:alert');
      await fx.page.locator('[data-testid="match-count"]', { hasText: 'matches' }).waitFor();

      const single = sessions.find((s) => sessions.filter((o) => o.flow_id === s.flow_id).length === 1);
      if (!single) throw new Error('no flow id with a single session');
      const filter = encodeURIComponent(`flow_id:${single.flow_id}`);
      const answer = await api<{ rows: unknown[] }>(`/api/sessions?filter=${filter}`);
      expect(answer.rows).toHaveLength(1);
      const list = await SessionsPage.open(fx.page, fx.url, `?filter=${filter}`);
      expect(await list.count()).toBe('1 row');
      expect(await list.rows()).toBe(1);
    });

    it('says "Not found" for an unknown flow or record instead of empty panels', async () => {
      await fx.page.goto(`${fx.url}/flow?flow_id=1`);
      const notFound = fx.page.getByTestId('not-found');
      await notFound.waitFor();
      expect(await notFound.textContent()).toMatch(/^Not found.*flow 1\b/);
      expect(await fx.page.locator('[data-testid="flow-halves"], [data-testid="flow-session"]').count()).toBe(
        0,
      );
      await fx.page.goto(`${fx.url}/record?id=987654321`);
      await notFound.waitFor();
      expect(await notFound.textContent()).toMatch(/^Not found.*record 987654321\b/);
      expect(await fx.page.getByTestId('record-json').count()).toBe(0);
    });

    it('shows the resolved time range on the dashboard, not "-24h / now"', async () => {
      const dash = await DashboardPage.open(fx.page, fx.url, '?from=-24h');
      const card = fx.page.getByTestId('kpi-range');
      await card.locator('.kpi-value:not(.skeleton-text)').waitFor();
      expect(await dash.kpi('range')).toBe('24\u00a0h');
      const sub = (await card.locator('.kpi-sub').textContent()) ?? '';
      expect(sub).not.toMatch(/-24h|now/);
      const hourly = await api<{ from: string }>('/api/reports/hourly-actions?from=-24h');
      const fmt = new Intl.DateTimeFormat('en-US', {
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: 'Asia/Tokyo',
      });
      const around = (ms: number) => [-60_000, 0, 60_000].map((d) => fmt.format(ms + d));
      const [from, to] = sub.split(' – ');
      expect(around(Date.parse(hourly.from))).toContain(from);
      expect(around(Date.now())).toContain(to);
    });

    it('shows a session under a second as such ("0.47 s", not "0s")', async () => {
      const short = sessions.find((s) => {
        const ms = Date.parse(s.end ?? '') - Date.parse(s.start ?? '');
        return ms > 10 && ms < 1000;
      });
      if (!short) throw new Error('no session shorter than a second in the generated data');
      const seconds = (Date.parse(short.end ?? '') - Date.parse(short.start ?? '')) / 1000;
      const flow = await FlowPage.open(fx.page, fx.url, flowQuery(short));
      expect(await flow.detail('Duration')).toBe(
        `${seconds.toLocaleString('en-US', { maximumFractionDigits: 2 })}\u00a0s`,
      );
    });

    it('fits a 390 px screen: the verdict badge whole, tables scrolling inside their card', async () => {
      const text = (s: SessionRow) => `${s.client_ip}:${s.client_port} ${s.server_ip}:${s.server_port}`;
      const longest = sessions.reduce((a, b) => (text(b).length > text(a).length ? b : a));
      await fx.page.setViewportSize({ width: 390, height: 844 });
      try {
        const flow = await FlowPage.open(fx.page, fx.url, flowQuery(longest));
        const fit = await flow.badgeFit();
        expect(fit.badge).toBeLessThanOrEqual(fit.box);
        expect(fit.hidden).toBe(0);
        expect(await flow.overflowing()).toEqual([]);
        await flow.screenshot('flow-narrow', true);
        const list = await SessionsPage.open(fx.page, fx.url);
        expect(await list.tableScroll()).toBeGreaterThan(0);
        expect(await list.overflowing()).toEqual([]);
      } finally {
        await fx.page.setViewportSize({ width: 1280, height: 800 });
      }
    });

    it('moves focus to the page heading on a route change and announces counts', async () => {
      const dash = await DashboardPage.open(fx.page, fx.url);
      await dash.clickNav('/search');
      const search = new SearchPage(fx.page, fx.url);
      await search.waitResults();
      expect(await search.focused()).toBe('h1: Search records');
      expect(await fx.page.title()).toBe('Search records · nfwlens');
      await expect.poll(() => search.announcement()).toBe(await search.countText());
      await search.clickNav('/sessions');
      await fx.page.locator('[data-testid="sessions"][data-ready="true"]').waitFor();
      expect(await search.focused()).toBe('h1: Sessions');
      const list = new SessionsPage(fx.page, fx.url);
      await expect.poll(() => list.announcement()).toBe(`Sessions: ${await list.count()}`);
      // back to a search with its record open: the record's Close keeps the focus it was given
      await fx.page.goBack();
      await search.waitResults();
      await search.openRecord(0);
      await search.clickNav('/status');
      await fx.page.locator('[data-testid="status"][data-ready="true"]').waitFor();
      expect(await search.focused()).toBe('h1: Status');
      await fx.page.goBack();
      await fx.page.locator('.drawer [data-testid="record"]').waitFor();
      expect(await search.focused()).toMatch(/^button: Close$/);
    });

    it('has every label of every page in Japanese', async () => {
      const dash = await DashboardPage.open(fx.page, fx.url);
      await dash.setLanguage('ja');
      try {
        await dash.waitReady();
        const found: string[] = [];
        const collect = async (where: string) => {
          for (const l of await dash.englishLabels()) found.push(`${where}: ${l}`);
        };
        await collect('dashboard');
        await DrillPage.open(fx.page, fx.url, 'report=top-signatures');
        await collect('drill');
        const search = await SearchPage.open(fx.page, fx.url, '?q=type%3Aalert');
        await search.openRecord(0);
        await collect('search');
        const list = await SessionsPage.open(fx.page, fx.url, '?filter=action%3Ablocked');
        await collect('sessions');
        await list.openFlow();
        await collect('flow');
        await fx.page.goto(`${fx.url}/flow?flow_id=1`);
        await fx.page.getByTestId('not-found').waitFor();
        await collect('unknown flow');
        await StatusPage.open(fx.page, fx.url);
        await collect('status');
        expect(found).toEqual([]);
      } finally {
        await dash.setLanguage('en');
      }
    });
  });

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
  });

  it('keeps the time range, firewall and zone on every link of the top bar', async () => {
    const name = status.firewalls.map((f) => f.firewall_name).sort()[0] ?? '';
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
    await dash.clickNav('/search');
    const search = new SearchPage(fx.page, fx.url);
    await search.waitResults();
    await expectContext();
    const q = encodeURIComponent(`firewall_name:"${name}"`);
    const count = await api<{ count: number }>(`/api/search/count?q=${q}&from=-24h`);
    expect(await search.matchCount()).toBe(count.count);
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
});
