/**
 * Browser cases: numbers, words and states that read right: identifiers without digit grouping,
 * singular counts, "Not found", the resolved range, sub-second durations, a 390 px screen, focus and
 * announcements on route changes, and every label in Japanese.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/dashboard-page.ts';
import { DrillPage } from './pages/drill-page.ts';
import { SearchPage } from './pages/search-page.ts';
import { FlowPage, SessionsPage, StatusPage } from './pages/sessions-page.ts';
import { TrafficPage } from './pages/traffic-page.ts';
import { lazyFixture, type UiContext } from './ui-context.ts';

export function readabilityCases(ctx: UiContext): void {
  const api = <T>(path: string) => ctx.api<T>(path);
  describe('numbers, words and states that read right', () => {
    const fx = lazyFixture(ctx);
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
      // a row of a level grouped by two dimensions (port and protocol) drills by both
      const first = ports.rows[0];
      await drill.openRow(0);
      await fx.page.waitForURL((u) => u.searchParams.getAll('drill').length === 2);
      await drill.waitReady();
      expect(new URL(fx.page.url()).searchParams.getAll('drill')).toEqual([
        `dest_port=${first?.dest_port}`,
        `proto=${first?.proto}`,
      ]);
      expect(await drill.rows()).toBeGreaterThan(0);
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

    it('shows the sessions or records behind any drill level, not only the last', async () => {
      const top = await api<{ rows: { dest_ip: string }[] }>('/api/reports/top-destinations?top=1');
      const ip = top.rows[0]?.dest_ip ?? '';
      const drill = await DrillPage.open(fx.page, fx.url, `report=top-destinations&drill=dest_ip=${ip}`);
      const crumbs = await drill.crumbs();
      expect(await drill.level()).toBe('aggregate');
      await fx.page.getByTestId('drill-leaf').click();
      await fx.page.waitForURL((u) => u.searchParams.get('by') === 'sessions');
      await drill.waitReady();
      expect(await drill.level()).toBe('sessions');
      expect(await drill.crumbs()).toEqual(crumbs);
      const behind = await api<{ rows: unknown[] }>(
        `/api/reports/top-destinations?top=50&drill=dest_ip=${ip}&by=sessions`,
      );
      expect(behind.rows.length).toBeGreaterThan(0);
      expect(await fx.page.locator('[data-testid="sessions-table"] tbody tr').count()).toBe(
        behind.rows.length,
      );
      // the first level of an events report lists its records
      await DrillPage.open(fx.page, fx.url, 'report=hourly-actions');
      await fx.page.getByTestId('drill-leaf').click();
      await fx.page.waitForURL((u) => u.searchParams.get('by') === 'records');
      await drill.waitReady();
      expect(await drill.level()).toBe('records');
      expect(await fx.page.locator('[data-testid="records-table"] tbody tr').count()).toBeGreaterThan(0);
    });

    it.each([
      ['a default action of the firewall', 'aws:alert_established action'],
      ['a rule of the policy', 'Deny all other TCP traffic'],
    ])('says why a flow was alerted or blocked by %s; a record links to its flow', async (_n, signature) => {
      type Alert = Record<string, string | number | null>;
      const q = `type:alert and signature:"${signature}"`;
      const hits = (await api<{ rows: Alert[] }>(`/api/search?limit=30&q=${encodeURIComponent(q)}`)).rows;
      // a flow whose alerts all carry that signature, so it is the one that decided
      let flow: { hit: Alert; deciding: Alert } | null = null;
      for (const hit of hits) {
        const where = new URLSearchParams({
          firewall_name: String(hit.firewall_name),
          availability_zone: String(hit.availability_zone),
          flow_id: String(hit.flow_id),
        });
        const { alerts } = await api<{ alerts: Alert[] }>(`/api/flows?${where}`);
        if (alerts.length > 0 && alerts.every((x) => x.alert_signature === signature)) {
          flow = { hit, deciding: alerts.find((x) => x.alert_action === 'blocked') ?? (alerts[0] as Alert) };
          break;
        }
      }
      if (!flow) throw new Error(`no flow whose alerts are all "${signature}"`);
      const blocked = flow.deciding.alert_action === 'blocked';

      // from the record: its flow
      const search = await SearchPage.open(
        fx.page,
        fx.url,
        `?q=${encodeURIComponent(`${q} and flow_id:${flow.hit.flow_id}`)}`,
      );
      await search.openRecord(0);
      await fx.page.getByTestId('record-flow').click();
      await fx.page.locator('[data-testid="flow"][data-ready="true"]').waitFor();
      expect(new URL(fx.page.url()).searchParams.get('flow_id')).toBe(String(flow.hit.flow_id));

      const why = fx.page.getByTestId('flow-why');
      expect(await why.locator('h2').textContent()).toBe(blocked ? 'Why blocked' : 'Why alerted');
      expect(await why.locator('.why-head strong').textContent()).toBe(signature);
      const sid = why.locator('.kv', { has: fx.page.locator('dt', { hasText: /^SID$/ }) }).locator('dd');
      expect(await sid.textContent()).toBe(String(flow.deciding.alert_signature_id));
      const words = why.getByTestId('why-default');
      if (!signature.startsWith('aws:')) {
        expect(await words.count()).toBe(0);
        return;
      }
      expect(await words.textContent()).toMatch(
        blocked ? /default action .*dropped it/ : /default action .*without blocking it/,
      );
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
      expect(await list.count()).toBe('1 session');
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

    it('fits a 390 px screen: the verdict badge whole, tables (sessions, records, a drill level) scrolling inside their card', async () => {
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
        expect(await list.tableScroll('sessions')).toBeGreaterThan(0);
        expect(await list.overflowing()).toEqual([]);
        const search = await SearchPage.open(fx.page, fx.url, '?q=type%3Aalert');
        expect(await search.tableScroll('results')).toBeGreaterThan(0);
        expect(await search.overflowing()).toEqual([]);
        const drill = await DrillPage.open(fx.page, fx.url, 'report=top-signatures');
        expect(await drill.tableScroll('drill')).toBeGreaterThan(0);
        expect(await drill.overflowing()).toEqual([]);
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

    it('drills from the keyboard: arrows move along a chart, Enter opens the bar', async () => {
      const dash = await DashboardPage.open(fx.page, fx.url);
      const blocked = await dash.hourlyBlocked();
      const busiest = blocked.reduce((best, v, i) => (v > (blocked[best] ?? -1) ? i : best), 0);
      const moves = Array.from({ length: busiest }, () => 'ArrowRight');
      await dash.chartKeys('chart-hourly', 'Home', ...moves, 'ArrowDown', 'ArrowUp');
      expect(await fx.page.getByTestId('chart-hourly').getAttribute('data-cursor')).toBe(`${busiest}:1`);
      await expect
        .poll(() => dash.announcement())
        .toMatch(new RegExp(`· Blocked: ${(blocked[busiest] ?? 0).toLocaleString('en-US')}$`));
      await dash.tooltip('chart-hourly').waitFor({ state: 'visible' });
      await fx.page.getByTestId('chart-hourly').press('Enter');
      await fx.page.waitForURL((u) => u.pathname === '/drill');
      const drill = new DrillPage(fx.page, fx.url);
      await drill.waitReady();
      const steps = new URL(fx.page.url()).searchParams.getAll('drill');
      expect(steps[1]).toBe('alert_action=blocked');
      expect(await drill.rows()).toBeGreaterThan(0);
      // the same hour as a click on its blocked segment opens
      await fx.page.goBack();
      await dash.waitReady();
      await dash.clickBusiestBlockedHour();
      await fx.page.waitForURL((u) => u.pathname === '/drill');
      expect(new URL(fx.page.url()).searchParams.getAll('drill')).toEqual(steps);

      await fx.page.goBack();
      await dash.waitReady();
      const dests = await dash.bars('chart-destinations');
      await dash.chartKeys('chart-destinations', 'ArrowDown', 'ArrowDown', 'Enter');
      await fx.page.waitForURL((u) => u.pathname === '/drill');
      expect(new URL(fx.page.url()).searchParams.getAll('drill')).toEqual([`dest_ip=${dests.labels[1]}`]);
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
        await TrafficPage.open(fx.page, fx.url, '?dim=dest_ip&top=5');
        await collect('traffic');
        expect(found).toEqual([]);
      } finally {
        await dash.setLanguage('en');
      }
    });
  });
}
