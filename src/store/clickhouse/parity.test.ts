/**
 * The same generated records on DuckDB and on the real ClickHouse test server answer every read the
 * same: search pages and cursors, counts, histograms, one event, a flow's records, the originals, the
 * dashboard summary, and every built-in report and generic measure by every dimension, in UTC and
 * in a +05:30 zone, with a drill level below each.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateRecords } from '../../generate/index.ts';
import { normalizeLine } from '../../normalize/index.ts';
import { GENERIC_MEASURES, REPORTS, runReport, SOURCES } from '../../report/index.ts';
import { countEvents, histogram, searchEvents } from '../../search/index.ts';
import { computeSummary } from '../../server/summary.ts';
import { listSessionPages, listSessions, refreshSessions, sessionStats } from '../../sessions/index.ts';
import { DuckDbStore } from '../duckdb/duckdb-store.ts';
import { fetchOriginals } from '../original.ts';
import type { EventInput, Store } from '../store.ts';
import { ClickHouseStore } from './clickhouse-store.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './fixture.testing.ts';

const START = new Date('2024-05-01T00:00:00Z');
const NOW = new Date('2024-05-03T00:00:00Z');

describe.skipIf(CLICKHOUSE_URL === '')(`ClickHouse answers as DuckDB ${CLICKHOUSE_SKIP_REASON}`, () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let ch: ClickHouseStore;
  let duck: DuckDbStore;
  const both = () => [duck, ch] as const;

  beforeAll(async () => {
    db = await testDatabase('parity');
    const u = new URL(CLICKHOUSE_URL);
    ch = await ClickHouseStore.open({ url: `clickhouse://default@${u.hostname}:${u.port}/${db.database}` });
    duck = await DuckDbStore.open({ path: ':memory:' });
    const events: EventInput[] = [];
    let line = 0;
    for (const r of generateRecords({ records: 3000, seed: 7, start: START, hours: 48 })) {
      const n = normalizeLine(r.line);
      if (!n.ok) throw new Error(n.message);
      events.push({ row: n.row, residual: n.residual, origin: `gen/${r.firewall}`, line: ++line });
    }
    // Every other record first, the rest after, with a refresh after each batch: later batches bring
    // the other halves of earlier flows, so sessions are recomputed and the sessions table holds
    // cancel rows, which every read must see through.
    const order = [...events.filter((_e, i) => i % 2 === 0), ...events.filter((_e, i) => i % 2 === 1)];
    for (let i = 0; i < order.length; i += 1000) {
      const batch = { events: order.slice(i, i + 1000), rejects: [] };
      await duck.commitBatch(batch);
      await ch.commitBatch(batch);
      await refreshSessions(duck);
      await refreshSessions(ch);
    }
    const cancels = await ch.select('SELECT count() AS n FROM sessions WHERE sign < 0');
    expect(Number(cancels[0]?.n)).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await ch?.close();
    await duck?.close();
    await db?.drop();
  });

  async function same<T>(read: (s: Store) => Promise<T>): Promise<T> {
    const [a, b] = await Promise.all(both().map((s) => read(s)));
    expect(b).toEqual(a);
    return a as T;
  }

  it.each([
    '',
    'type:alert',
    'action:blocked',
    'src_ip:10.0.0.0/8 and dest_port:443',
    'app_proto:tls or app_proto:http',
    'not proto:tcp',
    'sni:*.amazonaws.com',
    'bytes>=10000',
    '/amazon/i',
    'signature:/ET .*/',
  ])('search, count and histogram: "%s"', async (query) => {
    const first = await same((s) =>
      searchEvents(s, { query, limit: 50, now: NOW }).then(({ took_ms: _t, ...p }) => p),
    );
    if (first.next_cursor) {
      await same((s) =>
        searchEvents(s, { query, limit: 50, cursor: first.next_cursor, now: NOW }).then(
          ({ took_ms: _t, ...p }) => p,
        ),
      );
    }
    await same((s) => countEvents(s, { query, now: NOW }));
    await same((s) =>
      histogram(s, { query, from: '2024-05-01T00:00:00Z', to: '2024-05-03T00:00:00Z', now: NOW }),
    );
    await same((s) => histogram(s, { query, bucket: '15m', now: NOW }));
  });

  it('one event, a flow, the originals and the summary', async () => {
    for (const id of [1, 2, 1500, 3000, 999_999]) await same((s) => s.event(id));
    const flows = (
      await duck.query('SELECT DISTINCT flow_id FROM events WHERE flow_id IS NOT NULL ORDER BY 1 LIMIT 5')
    ).map((r) => BigInt(r.flow_id as number));
    for (const flowId of flows) await same((s) => s.flowRecords({ flowId, limit: 100 }));
    await same((s) => fetchOriginals(s, [1, 7, 2999, 3000, 5000]));
    await same((s) => computeSummary(s, { now: NOW }));
    await same((s) =>
      computeSummary(s, { from: '2024-05-01T12:00:00Z', to: '2024-05-02T00:00:00Z', now: NOW }),
    );
  });

  it.each([
    '',
    'paired:true',
    'server_port:443 and total_bytes>1000',
    'client_ip:10.0.0.0/8',
    'app_proto:tls or app_proto:dns',
    'sid:*',
    'alert_action:blocked',
    'not proto:tcp',
  ])('sessions listed, paged and counted: "%s"', async (filter) => {
    for (const sort of ['start', 'total_bytes'] as const) {
      await same((s) => listSessions(s, { filter, sort, limit: 200, now: NOW }));
      await same(async (s) => {
        const pages = [];
        for await (const page of listSessionPages(s, { filter, sort, limit: 150, now: NOW }, 40))
          pages.push(page);
        return pages;
      });
    }
    await same((s) =>
      listSessions(s, { filter, from: '2024-05-01T06:00:00Z', to: '2024-05-02T06:00:00Z', now: NOW }),
    );
    await same((s) => sessionStats(s));
  });

  const reportCases: [string, Record<string, string>][] = [
    ...REPORTS.map((r): [string, Record<string, string>] => [r.name, { name: r.name }]),
    ...GENERIC_MEASURES.flatMap((measure) => {
      const source = measure === 'records' ? SOURCES.events : SOURCES.sessions;
      return [...Object.keys(source.dims), 'hour', 'day', 'hour-of-day'].map(
        (by): [string, Record<string, string>] => [`${measure} by ${by}`, { measure, by }],
      );
    }),
  ];

  const RANKINGS = ['top-destinations', 'top-sources', 'top-ports', 'protocols'];
  it.each([
    ['cut inside quarter hours', { from: '2024-05-01T03:07:11Z', to: '2024-05-02T17:52:03.5Z' }, RANKINGS],
    ['whole quarter hours', { from: '2024-05-01T06:00:00Z', to: '2024-05-02T06:00:00Z' }, RANKINGS],
    ['open at both ends', {}, RANKINGS],
    ['open at the start', { to: '2024-05-01T20:20:20Z' }, RANKINGS],
    ['open at the end', { from: '2024-05-01T20:20:20Z' }, RANKINGS],
    ['inside one quarter hour', { from: '2024-05-01T12:01:00Z', to: '2024-05-01T12:14:00Z' }, []],
    ['one firewall', { filter: 'firewall_name:"egress-fw"', from: '2024-05-01T01:01:01Z' }, RANKINGS],
    ['a port filter', { filter: 'server_port:443', from: '2024-05-01T01:01:01Z' }, ['top-ports']],
    ['free text', { filter: 'tcp', from: '2024-05-01T01:01:01Z' }, []],
  ])('session rankings from the rollups: %s', async (_name, range, rolled) => {
    const sql: string[] = [];
    const select = ch.select.bind(ch);
    const spy = vi.spyOn(ch, 'select').mockImplementation((text, ...rest) => {
      sql.push(text);
      return select(text, ...rest);
    });
    try {
      for (const name of RANKINGS) {
        // By its own dimension, then by firewall (which every rollup holds).
        for (const by of [undefined, 'firewall_name']) {
          sql.length = 0;
          const opts = { name, ...range, now: NOW, top: 5, ...(by ? { by } : {}) };
          const top = await same((s) => runReport(s, opts as never));
          expect(top.rows.length).toBeGreaterThan(0);
          const used = sql.some((t) => /FROM sessions_by_/.test(t));
          const expected = by === undefined ? rolled.includes(name) : rolled.length > 0;
          expect({ name, by, used }).toEqual({ name, by, used: expected });
        }
      }
    } finally {
      spy.mockRestore();
    }
  });

  it.each(reportCases)('report %s, in UTC and Asia/Kolkata, and one drill below', async (_name, opts) => {
    for (const tz of ['UTC', 'Asia/Kolkata']) {
      const top = await same((s) => runReport(s, { ...opts, tz, now: NOW } as never));
      // A level cut at its limit names its whole size: asked for that many, it gives exactly them.
      if (top.total_rows !== null && top.total_rows > top.rows.length && top.total_rows <= 10_000) {
        const whole = await same((s) =>
          runReport(s, { ...opts, tz, now: NOW, top: top.total_rows } as never),
        );
        expect(whole.rows.length).toBe(top.total_rows);
        expect(whole.total_rows).toBe(top.total_rows);
      } else if (top.total_rows !== null) expect(top.total_rows).toBe(top.rows.length);
      const row = top.rows.find((r) => Object.values(r).some((v) => v !== null));
      const key = top.column_info.find((c) => c.role === 'key');
      if (row && key && top.next_dims.length > 0) {
        const value = row[key.name];
        await same((s) =>
          runReport(s, {
            ...opts,
            tz,
            now: NOW,
            drill: [{ field: key.name, value: value === null ? '' : String(value) }],
          } as never),
        );
      }
    }
  });
});
