/**
 * The export endpoints on every engine: all matching rows (across several pages), the counts the
 * listings give, CSV that parses back (a value holding a comma, quotes and a newline included), the
 * headers and the file name.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { afterIngest } from '../cli/after-ingest.ts';
import { ingestPaths } from '../ingest/ingest-files.ts';
import { alert } from '../sessions/fixtures.testing.ts';
import { describeEachEngine } from '../store/engines.testing.ts';
import type { Store } from '../store/store.ts';
import { parseCsv } from './csv.testing.ts';
import { type Fixture, fixtureApp, openFixtureStore } from './fixture.testing.ts';

const AWKWARD = 'ET POLICY "odd", rule\nsecond line';
/** Rows per page of an export in these tests: the fixture's rows fill several. */
const PAGE = 7;

describeEachEngine('exports', (engine) => {
  let fx: Fixture<Store>;
  let app: FastifyInstance;
  beforeAll(async () => {
    fx = await openFixtureStore(engine);
    const line = JSON.parse(
      alert({ flowId: 777, ts: '2024-01-01T03:00:00.000000+0000', action: 'allowed', sid: 9_000_001 }),
    );
    line.event.alert.signature = AWKWARD;
    const file = join(fx.dir, 'awkward.log');
    writeFileSync(file, `${JSON.stringify(line)}\n`);
    await ingestPaths([file], { store: fx.store });
    await afterIngest(fx.store);
    app = await fixtureApp(fx.store, { exportPageSize: PAGE });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('records as CSV: every match, a header row, quoting that parses back, the file name', async () => {
    const range = 'from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z';
    const count = (await get(`/api/search/count?${range}`)).json().count as number;
    expect(count).toBeGreaterThan(3 * PAGE);
    const res = await get(`/api/export/records?${range}&tz=Asia/Tokyo&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="nfwlens-records_all_2024-01-01T09-00_2024-01-02T09-00_Asia-Tokyo.csv"',
    );
    const [header, ...rows] = parseCsv(res.body);
    expect(header?.slice(0, 3)).toEqual(['id', 'log_type', 'firewall_name']);
    expect(header).toContain('alert_signature');
    expect(rows).toHaveLength(count);
    for (const r of rows) expect(r).toHaveLength(header!.length);
    const ids = rows.map((r) => r[0]);
    expect(new Set(ids).size).toBe(count);
    const sig = header!.indexOf('alert_signature');
    expect(rows.filter((r) => r[sig] === AWKWARD)).toHaveLength(1);
  });

  it('records as NDJSON, with a query and chosen columns, newest first', async () => {
    const q = encodeURIComponent('dest_port:53');
    const count = (await get(`/api/search/count?q=${q}`)).json().count as number;
    expect(count).toBe(30);
    const res = await get(`/api/export/records?q=${q}&format=ndjson&columns=id,ts,dest_port`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="nfwlens-records_dest_port-53_begin_2024-01-02T00-00_UTC\.ndjson"$/,
    );
    const lines = res.body.split('\n');
    expect(lines.pop()).toBe('');
    const rows = lines.map((l) => JSON.parse(l) as { id: number; ts: string; dest_port: number });
    expect(rows).toHaveLength(count);
    for (const r of rows) expect(Object.keys(r)).toEqual(['id', 'ts', 'dest_port']);
    for (const r of rows) expect(r.dest_port).toBe(53);
    const times = rows.map((r) => Date.parse(r.ts));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it.each(['csv', 'ndjson'] as const)('sessions as %s: as many as the listing counts', async (format) => {
    const total = (await get('/api/sessions?limit=1')).json().total as number;
    expect(total).toBeGreaterThan(PAGE);
    const res = await get(`/api/export/sessions?format=${format}&sort=total_bytes`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="nfwlens-sessions_all_begin_2024-01-02T00-00_UTC.${format}"`,
    );
    if (format === 'csv') {
      const [header, ...rows] = parseCsv(res.body);
      expect(header?.slice(0, 5)).toEqual(['kind', 'firewall_name', 'availability_zone', 'flow_id', 'start']);
      expect(rows).toHaveLength(total);
      const bytes = rows.map((r) => Number(r[header!.indexOf('total_bytes')]));
      expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
    } else {
      const rows = res.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { request_id: number });
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((r) => r.request_id)).size).toBe(total);
    }
  });

  it('a report level: every row the level holds, its columns, the drill in the name', async () => {
    const level = (await get('/api/reports/top-destinations?top=10000&tz=UTC')).json() as {
      columns: string[];
      total_rows: number;
    };
    const res = await get('/api/export/report?report=top-destinations&tz=UTC&format=csv');
    expect(res.statusCode).toBe(200);
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual(level.columns);
    expect(rows).toHaveLength(level.total_rows);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="nfwlens-report-top-destinations-dest_ip_all_begin_end_UTC\.csv"$/,
    );
    const drilled = await get(
      '/api/export/report?report=top-destinations&tz=UTC&format=ndjson&drill=dest_ip%3D198.51.100.7',
    );
    expect(drilled.statusCode).toBe(200);
    expect(drilled.headers['content-disposition']).toContain('_dest_ip-198.51.100.7_');
  });

  it.each([
    ['/api/export/records?q=%28proto%3ATCP', 400, 'query.syntax'],
    ['/api/export/sessions?filter=bogus_field%3A1', 400, 'query.unknown_field'],
    ['/api/export/records?format=xlsx', 400, 'param.choice'],
    ['/api/export/records?columns=id,nope', 400, 'param.invalid'],
    ['/api/export/records?tz=Mars/Base', 400, 'report.time_zone'],
    ['/api/export/report', 400, 'param.required'],
    ['/api/export/report?report=protocols&top=5', 400, 'param.invalid'],
  ])('%s is refused before any row: %i %s', async (url, status, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.json().code).toBe(code);
  });
});
