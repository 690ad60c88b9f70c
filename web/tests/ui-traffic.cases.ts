/**
 * Browser cases of traffic over time: the top-N series and Other for a dimension, the table beside the
 * API's answer, bps from the byte totals, and a click on a series (or Enter on its row) opening the
 * sessions filtered on its value.
 */
import { describe, expect, it } from 'vitest';
import { SessionsPage } from './pages/sessions-page.ts';
import { TrafficPage } from './pages/traffic-page.ts';
import { lazyFixture, type UiContext } from './ui-context.ts';

interface Series {
  value: string | number | null;
  other: boolean;
  values_count: number;
  filter: string | null;
  values: number[];
  rates: (number | null)[];
  total: number;
  share: number | null;
  max_rate: number | null;
}
interface Answer {
  tz: string;
  total_values: number;
  buckets: { start: string; seconds: number }[];
  series: Series[];
}

const TZ = 'Asia/Tokyo';
const pct = (share: number) =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(share);

export function trafficCases(ctx: UiContext): void {
  const fx = lazyFixture(ctx);
  const apiFor = (metric: string) =>
    ctx.api<Answer>(`/api/traffic?dim=dest_ip&metric=${metric}&top=5&tz=${encodeURIComponent(TZ)}`);

  describe('traffic over time', () => {
    it('draws the top 5 destinations and Other; the table is the API answer', async () => {
      const page = await TrafficPage.open(fx.page, fx.url, `?dim=dest_ip&top=5&tz=${TZ}`);
      const api = await apiFor('bytes');
      expect(api.total_values).toBeGreaterThan(5);
      const top = api.series.filter((s) => !s.other);
      expect(top).toHaveLength(5);
      const chart = await page.chart();
      expect(chart.names).toEqual([...top.map((s) => String(s.value)), 'Other']);
      expect(chart.labels).toHaveLength(api.buckets.length);
      expect(chart.data).toEqual(api.series.map((s) => s.values));
      // The table: one row per series, in the chart's order, with the API's figures.
      const rows = await page.rows();
      expect(rows.map((r) => r.value)).toEqual([...top.map((s) => String(s.value)), '']);
      expect(rows.at(-1)?.label).toBe(`Other (${(api.total_values - 5).toLocaleString('en-US')} values)`);
      expect(rows.map((r) => r.total)).toEqual(api.series.map((s) => s.total));
      const whole = api.series.reduce((n, s) => n + s.total, 0);
      expect(rows.map((r) => r.share)).toEqual(api.series.map((s) => pct(s.total / whole)));
      // Max rate: bits per second of the busiest bucket, worked out from the byte totals.
      const maxBps = (s: Series) => Math.max(...s.values.map((v, i) => (v * 8) / api.buckets[i]!.seconds));
      for (const [i, r] of rows.entries()) expect(r.maxRate).toBeCloseTo(maxBps(api.series[i]!), 6);
      expect(await page.summary()).toContain(
        `Top 5 of ${api.total_values.toLocaleString('en-US')} values of dest_ip`,
      );
      await page.screenshot('traffic');
      expect(await page.cspViolations()).toEqual([]);
    });

    it('bps: the same series, bytes × 8 over each bucket’s seconds', async () => {
      const page = await TrafficPage.open(fx.page, fx.url, `?dim=dest_ip&top=5&tz=${TZ}`);
      const bytes = await page.chart();
      await page.setMetric('bps');
      const bps = await page.chart();
      const api = await apiFor('bytes');
      expect(bps.names).toEqual(bytes.names);
      for (const [i, series] of bps.data.entries()) {
        const expected = bytes.data[i]!.map((v, j) => (v * 8) / api.buckets[j]!.seconds);
        expect(series.length).toBe(expected.length);
        for (const [j, v] of series.entries()) expect(v).toBeCloseTo(expected[j]!, 6);
      }
      // The axis and the table say the unit.
      const rows = await page.rows();
      expect(rows[0]?.maxRate).toBeCloseTo(Math.max(...bps.data[0]!), 6);
      const shown = await fx.page.locator('[data-testid="traffic-table"] tbody tr td').nth(3).textContent();
      expect(shown).toMatch(/^\d[\d,.]*\u00a0[kMGT]?bps$/);
    });

    it('clicking a series opens the sessions filtered on its value; Back returns', async () => {
      const page = await TrafficPage.open(fx.page, fx.url, `?dim=dest_ip&top=5&tz=${TZ}`);
      const api = await apiFor('bytes');
      const second = api.series[1]!;
      await page.clickSeries(1);
      await fx.page.waitForURL((u) => u.pathname === '/sessions');
      await fx.page.locator('[data-testid="sessions"][data-ready="true"]').waitFor();
      const url = new URL(fx.page.url());
      expect(url.searchParams.get('filter')).toBe(`server_ip:"${second.value}"`);
      expect(url.searchParams.get('tz')).toBe(TZ);
      expect(await fx.page.getByTestId('sessions-filter').inputValue()).toBe(`server_ip:"${second.value}"`);
      // Every listed session goes to that server, and as many as the API counts for it.
      const sessions = await ctx.api<{ total: number; rows: { server_ip: string }[] }>(
        `/api/sessions?filter=${encodeURIComponent(url.searchParams.get('filter')!)}&limit=10000`,
      );
      expect(sessions.rows.every((r) => r.server_ip === second.value)).toBe(true);
      const counted = await ctx.api<Answer>(
        `/api/traffic?dim=dest_ip&metric=sessions&top=50&tz=${encodeURIComponent(TZ)}`,
      );
      expect(sessions.total).toBe(counted.series.find((s) => s.value === second.value)?.total);
      await new SessionsPage(fx.page, fx.url).count();
      await fx.page.goBack();
      await page.waitReady();
      expect(new URL(fx.page.url()).pathname).toBe('/traffic');
    });

    it('fits a 390 px screen, in English and Japanese', async () => {
      await fx.page.setViewportSize({ width: 390, height: 844 });
      try {
        const page = await TrafficPage.open(fx.page, fx.url, `?dim=dest_ip&top=10&tz=${TZ}`);
        expect(await page.overflowing()).toEqual([]);
        await page.setLanguage('ja');
        await page.waitReady();
        expect(await page.overflowing()).toEqual([]);
        await page.screenshot('traffic-narrow-ja', true);
      } finally {
        await new TrafficPage(fx.page, fx.url).setLanguage('en');
        await fx.page.setViewportSize({ width: 1280, height: 800 });
      }
    });

    it('Enter on the Other row opens the sessions of every other destination', async () => {
      await TrafficPage.open(fx.page, fx.url, `?dim=dest_ip&metric=sessions&top=5&tz=${TZ}`);
      const api = await apiFor('sessions');
      const row = fx.page.locator('[data-testid="traffic-table"] tbody tr').last();
      await row.focus();
      await row.press('Enter');
      await fx.page.waitForURL((u) => u.pathname === '/sessions');
      const filter = new URL(fx.page.url()).searchParams.get('filter') ?? '';
      const top = api.series.filter((s) => !s.other).map((s) => String(s.value));
      expect(filter).toBe(`not (${top.map((v) => `(server_ip:"${v}")`).join(' or ')})`);
      const sessions = await ctx.api<{ total: number }>(
        `/api/sessions?filter=${encodeURIComponent(filter)}&limit=1`,
      );
      expect(sessions.total).toBe(api.series.at(-1)?.total);
    });
  });
}
