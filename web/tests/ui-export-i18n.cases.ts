/**
 * Browser cases: the Export menu of each table downloads every matching row under a name that says
 * what it holds; in Japanese, column headers read as display names (the raw field name as their
 * tooltip) and query errors read in Japanese.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/server/csv.testing.ts';
import { DrillPage } from './pages/drill-page.ts';
import { SearchPage } from './pages/search-page.ts';
import { SessionsPage } from './pages/sessions-page.ts';
import { lazyFixture, type UiContext } from './ui-context.ts';

export function exportAndLanguageCases(ctx: UiContext): void {
  const api = <T>(path: string) => ctx.api<T>(path);
  const fx = lazyFixture(ctx);

  describe('export', () => {
    it('search results as CSV: every match, the table columns, query, range and zone in the name', async () => {
      const range = 'from=2000-01-01T00%3A00%3A00Z&to=2100-01-01T00%3A00%3A00Z';
      const q = 'q=dest_port%3A443';
      const { count } = await api<{ count: number }>(`/api/search/count?${q}&${range}`);
      // More than the one page the table shows.
      expect(count).toBeGreaterThan(100);
      const search = await SearchPage.open(
        fx.page,
        fx.url,
        `?${q}&${range}&tz=Asia%2FTokyo&cols=ts,src_ip,dest_port,alert_signature`,
      );
      expect(await search.resultRows()).toBe(100);
      const file = await search.exportDownload('records', 'csv');
      expect(file.fileName).toBe(
        'nfwlens-records_dest_port-443_2000-01-01T09-00_2100-01-01T09-00_Asia-Tokyo.csv',
      );
      const [header, ...rows] = parseCsv(file.text);
      expect(header).toEqual(['ts', 'src_ip', 'dest_port', 'alert_signature']);
      expect(rows).toHaveLength(count);
      expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['443']));
    });

    it('sessions as NDJSON: as many as the listing says it holds', async () => {
      const filter = 'server_port:443';
      const { total } = await api<{ total: number }>(
        `/api/sessions?filter=${encodeURIComponent(filter)}&limit=1`,
      );
      expect(total).toBeGreaterThan(200);
      const list = await SessionsPage.open(fx.page, fx.url, `?filter=${encodeURIComponent(filter)}&tz=UTC`);
      const file = await list.exportDownload('sessions', 'ndjson');
      expect(file.fileName).toMatch(
        /^nfwlens-sessions_server_port-443_begin_\d{4}-\d\d-\d\dT\d\d-\d\d_UTC\.ndjson$/,
      );
      const lines = file.text.trimEnd().split('\n');
      expect(lines).toHaveLength(total);
      for (const l of lines) expect((JSON.parse(l) as { server_port: number }).server_port).toBe(443);
    });

    it('a drill level as CSV: every row of the level, not only the 50 shown', async () => {
      const level = await api<{ total_rows: number; columns: string[] }>(
        '/api/reports/top-sources?top=1&tz=UTC',
      );
      expect(level.total_rows).toBeGreaterThan(50);
      const drill = await DrillPage.open(fx.page, fx.url, 'report=top-sources&tz=UTC');
      const file = await drill.exportDownload('report', 'csv');
      expect(file.fileName).toMatch(/^nfwlens-report-top-sources-src_ip_all_begin_end_UTC\.csv$/);
      const [header, ...rows] = parseCsv(file.text);
      expect(header).toEqual(level.columns);
      expect(rows).toHaveLength(level.total_rows);
    });
  });

  it('a report level over the export limit is refused whole, naming the limit, not cut', async () => {
    const res = await fetch(`${fx.url}/api/export/report?report=custom&measure=records&by=records&tz=UTC`);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-disposition')).toBeNull();
    const body = (await res.json()) as { code: string; params: { limit: number; total: number } };
    expect(body.code).toBe('export.too_many_rows');
    expect(body.params).toEqual({ limit: 10_000, total: ctx.status().records });
  });

  describe('Japanese', () => {
    it('heads the results with display names and words query errors in Japanese', async () => {
      const search = await SearchPage.open(fx.page, fx.url, '?cols=ts,src_ip,dest_port');
      await search.setLanguage('ja');
      try {
        await search.waitResults();
        expect(await search.headers()).toEqual([
          { text: '時刻', field: 'ts' },
          { text: '送信元 IP', field: 'src_ip' },
          { text: '宛先ポート', field: 'dest_port' },
        ]);
        // An unknown field: the server's answer, worded from its code.
        await search.search('dest_prot:443');
        await fx.page.locator('[data-testid="results"][data-state="failed"]').waitFor();
        expect(await search.errorText()).toMatch(
          /^不明なフィールド「dest_prot」です（1 列目）。候補: dest_port\b/,
        );
        // A syntax error the page finds itself, worded the same way.
        await search.search('proto:TCP and (');
        await fx.page.getByTestId('query-error').filter({ hasText: '構文' }).waitFor();
        expect(await search.errorText()).toMatch(/^クエリの構文が正しくありません（1 行 16 列目）/);
      } finally {
        await search.setLanguage('en');
      }
    });
  });
}
