import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter } from '../query/index.ts';
import { SESSION_FIELDS } from '../sessions/index.ts';
import { describeEachEngine } from '../store/engines.testing.ts';
import type { ReportQuery } from '../store/report-query.ts';
import { netflowLine, type ReportTestStore, storeWith } from './fixtures.testing.ts';
import { ReportError, runTraffic } from './index.ts';

/** 24 sessions on 2024-05-01 between 04:03Z and 09:25Z, six servers, some without app_proto. */
interface Sess {
  flowId: number;
  startMs: number;
  client: string;
  server: string;
  app: string | null;
  fw: string;
  up: [number, number];
  down: [number, number];
}

const SERVERS = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '198.51.100.4', '198.51.100.5', '192.0.2.6'];
const APPS = ['tls', 'http', 'dns', null];
const BASE = Date.parse('2024-05-01T04:03:00Z');
const SESSIONS: Sess[] = Array.from({ length: 24 }, (_x, i) => ({
  flowId: 100 + i,
  startMs: BASE + i * 14 * 60_000,
  client: `10.0.0.${(i % 3) + 1}`,
  server: SERVERS[i % 6]!,
  app: APPS[i % 4]!,
  fw: i % 5 === 0 ? 'fw-b' : 'fw-a',
  up: [i + 1, 100 * (i + 1)],
  down: [2 * i + 3, 1000 * (((i * 7) % 5) + 1) * (6 - (i % 6))],
}));

/** The two netflow halves of a session, a minute after it starts. */
function lines(s: Sess): { line: string; ts: number; dst: string; app: string | null }[] {
  const start = new Date(s.startMs).toISOString();
  const ts = s.startMs + 60_000;
  const common = { flowId: s.flowId, start, fw: s.fw, ...(s.app ? { app: s.app } : {}) };
  return [
    {
      ts,
      dst: s.server,
      app: s.app,
      line: netflowLine({
        ...common,
        ts: new Date(ts).toISOString(),
        src: s.client,
        sport: 50000 + s.flowId,
        dst: s.server,
        dport: 443,
        pkts: s.up[0],
        bytes: s.up[1],
      }),
    },
    {
      ts: ts + 1,
      dst: s.client,
      app: s.app,
      line: netflowLine({
        ...common,
        ts: new Date(ts + 1).toISOString(),
        src: s.server,
        sport: 443,
        dst: s.client,
        dport: 50000 + s.flowId,
        pkts: s.down[0],
        bytes: s.down[1],
      }),
    },
  ];
}

const RECORDS = SESSIONS.flatMap(lines);

// Expected figures, worked out here without the code under test.
const IST_MS = 5.5 * 3_600_000;
/** The Asia/Kolkata hour holding an instant, written as the API writes it. */
function istHour(ms: number): string {
  const local = Math.floor((ms + IST_MS) / 3_600_000) * 3_600_000;
  return `${new Date(local).toISOString().slice(0, 19)}+05:30`;
}
const IST_BUCKETS = Array.from(
  { length: 7 },
  (_x, h) => `2024-05-01T${String(9 + h).padStart(2, '0')}:00:00+05:30`,
);
const RANGE = { from: '2024-05-01T04:00:00Z', to: '2024-05-01T10:00:00Z', tz: 'Asia/Kolkata' };

const bytesOf = (s: Sess) => s.up[1] + s.down[1];
const packetsOf = (s: Sess) => s.up[0] + s.down[0];

function perBucket<T>(
  items: readonly T[],
  ms: (x: T) => number,
  key: (x: T) => string,
  fig: (x: T) => number,
) {
  const out = new Map<string, number[]>();
  for (const x of items) {
    const i = IST_BUCKETS.indexOf(istHour(ms(x)));
    if (i < 0) continue;
    const k = key(x);
    const a = out.get(k) ?? IST_BUCKETS.map(() => 0);
    a[i] = (a[i] ?? 0) + fig(x);
    out.set(k, a);
  }
  return out;
}

/** Keys by their total, largest first, ties by the key's text, the absent key ('<none>') last. */
function ranked(per: Map<string, number[]>): string[] {
  const total = (k: string) => per.get(k)!.reduce((a, b) => a + b, 0);
  const text = (k: string) => (k === '<none>' ? '\uffff' : k);
  return [...per.keys()].sort(
    (a, b) => total(b) - total(a) || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0),
  );
}

const sumArrays = (arrays: number[][]) =>
  IST_BUCKETS.map((_b, i) => arrays.reduce((n, a) => n + (a[i] ?? 0), 0));

describeEachEngine('traffic over time', (engine) => {
  let t: ReportTestStore;
  beforeAll(async () => {
    t = await storeWith(
      RECORDS.map((r) => r.line),
      engine,
    );
  });
  afterAll(() => t.close());

  it('the top 3 destinations by bytes per +05:30 hour, and Other folding the rest', async () => {
    const r = await runTraffic(t.store, { dim: 'dest_ip', metric: 'bytes', top: 3, ...RANGE });
    const per = perBucket(
      SESSIONS,
      (s) => s.startMs,
      (s) => s.server,
      bytesOf,
    );
    const order = ranked(per);
    expect(r.bucket).toBe('1h');
    expect(r.buckets.map((b) => b.start)).toEqual(IST_BUCKETS);
    // 04:00Z-04:30Z and 09:30Z-10:00Z: half of the first and last +05:30 hours are in the range.
    expect(r.buckets.map((b) => b.seconds)).toEqual([1800, 3600, 3600, 3600, 3600, 3600, 1800]);
    expect(r.field).toBe('server_ip');
    expect(r.total_values).toBe(6);
    expect(r.series.map((s) => s.value)).toEqual([...order.slice(0, 3), null]);
    for (const k of order.slice(0, 3)) {
      expect(r.series.find((s) => s.value === k)?.values).toEqual(per.get(k));
    }
    const other = r.series.at(-1)!;
    expect(other.other).toBe(true);
    expect(other.values_count).toBe(3);
    expect(other.values).toEqual(sumArrays(order.slice(3).map((k) => per.get(k)!)));
    // Top + Other = every bucket's whole figure.
    const whole = sumArrays([...per.values()]);
    expect(sumArrays(r.series.map((s) => s.values))).toEqual(whole);
    const all = SESSIONS.reduce((n, s) => n + bytesOf(s), 0);
    expect(r.total).toBe(all);
    expect(r.series[0]!.share).toBeCloseTo(per.get(order[0]!)!.reduce((a, b) => a + b, 0) / all, 10);
  });

  it('bps: bytes × 8 over the seconds of each bucket in the range; the same series', async () => {
    const bytes = await runTraffic(t.store, { dim: 'dest_ip', metric: 'bytes', top: 3, ...RANGE });
    const bps = await runTraffic(t.store, { dim: 'dest_ip', metric: 'bps', top: 3, ...RANGE });
    expect(bps.rate).toBe(true);
    expect(bps.rate_unit).toBe('bit/s');
    const secs = [1800, 3600, 3600, 3600, 3600, 3600, 1800];
    for (const [i, s] of bps.series.entries()) {
      expect(s.value).toBe(bytes.series[i]!.value);
      expect(s.rates).toEqual(bytes.series[i]!.values.map((v, j) => (v * 8) / secs[j]!));
      expect(s.max_rate).toBe(Math.max(...s.rates.map(Number)));
    }
  });

  it('packets and pps per application protocol (a session without one says unknown)', async () => {
    const per = perBucket(
      SESSIONS,
      (s) => s.startMs,
      (s) => s.app ?? 'unknown',
      packetsOf,
    );
    const order = ranked(per);
    const r = await runTraffic(t.store, { dim: 'app_proto', metric: 'pps', top: 4, ...RANGE });
    expect(r.series.map((s) => s.value)).toEqual(order);
    expect(r.series.some((s) => s.other)).toBe(false);
    for (const s of r.series) {
      expect(s.values).toEqual(per.get(String(s.value)));
      expect(s.rates.slice(1, 6)).toEqual(s.values.slice(1, 6).map((v) => v / 3600));
    }
  });

  it('records per application protocol: records without one are a series of their own, last of equals', async () => {
    const per = perBucket(
      RECORDS,
      (x) => x.ts,
      (x) => x.app ?? '<none>',
      () => 1,
    );
    const order = ranked(per);
    const r = await runTraffic(t.store, { dim: 'app_proto', metric: 'records', top: 4, ...RANGE });
    expect(r.series.map((s) => (s.other ? '<other>' : (s.value ?? '<none>')))).toEqual(order);
    const absent = r.series.find((s) => !s.other && s.value === null)!;
    expect(absent.values).toEqual(per.get('<none>'));
    expect(absent.filter).toBe('not app_proto:*');
    const again = await runTraffic(t.store, {
      dim: 'dest_ip',
      metric: 'records',
      filter: absent.filter!,
      ...RANGE,
    });
    expect(again.total).toBe(absent.total);
  });

  it('records per destination come from the event records (each netflow half is one)', async () => {
    const per = perBucket(
      RECORDS,
      (x) => x.ts,
      (x) => x.dst,
      () => 1,
    );
    const order = ranked(per);
    const r = await runTraffic(t.store, { dim: 'dest_ip', metric: 'records', top: 2, ...RANGE });
    expect(r.source).toBe('events');
    expect(r.total_values).toBe(per.size);
    expect(r.series.slice(0, 2).map((s) => [s.value, s.values])).toEqual(
      order.slice(0, 2).map((k) => [k, per.get(k)]),
    );
    expect(r.series[2]?.values).toEqual(sumArrays(order.slice(2).map((k) => per.get(k)!)));
    expect(r.total).toBe(RECORDS.length);
  });

  it('firewall narrows the rows; a series filter selects exactly its rows', async () => {
    const fwB = SESSIONS.filter((s) => s.fw === 'fw-b');
    const r = await runTraffic(t.store, {
      dim: 'client_ip',
      metric: 'sessions',
      top: 1,
      firewall: 'fw-b',
      ...RANGE,
    });
    expect(r.total).toBe(fwB.length);
    const all = await runTraffic(t.store, { dim: 'dest_ip', metric: 'bytes', top: 2, ...RANGE });
    for (const s of all.series) {
      const again = await runTraffic(t.store, {
        dim: 'dest_ip',
        metric: 'bytes',
        top: 2,
        filter: s.filter!,
        ...RANGE,
      });
      expect(again.total).toBe(s.total);
    }
  });

  it('day buckets in New York: 2024-05-01 whole, seconds of a whole day', async () => {
    const r = await runTraffic(t.store, {
      dim: 'server_port',
      metric: 'bps',
      tz: 'America/New_York',
      bucket: '1d',
      from: '2024-05-01T00:00:00-04:00',
      to: '2024-05-02T00:00:00-04:00',
    });
    expect(r.buckets).toEqual([{ start: '2024-05-01', seconds: 86_400 }]);
    const all = SESSIONS.reduce((n, s) => n + bytesOf(s), 0);
    expect(r.series.map((s) => [s.value, s.values, s.rates])).toEqual([[443, [all], [(all * 8) / 86_400]]]);
    const again = await runTraffic(t.store, {
      dim: 'dest_ip',
      metric: 'bytes',
      filter: r.series[0]!.filter!,
      ...RANGE,
    });
    expect(r.series[0]!.filter).toBe('server_port:"443"');
    expect(again.total).toBe(
      SESSIONS.filter((s) => Date.parse(RANGE.from) <= s.startMs).reduce((n, s) => n + bytesOf(s), 0),
    );
  });

  it('without a range: the data extent, hourly', async () => {
    const r = await runTraffic(t.store, { dim: 'dest_ip', metric: 'sessions', top: 6, tz: 'Asia/Kolkata' });
    expect(r.range_basis).toBe('all');
    expect(r.buckets[0]?.start).toBe(istHour(SESSIONS[0]!.startMs));
    expect(r.buckets.at(-1)?.start).toBe(istHour(SESSIONS.at(-1)!.startMs));
    expect(r.series.reduce((n, s) => n + s.total, 0)).toBe(SESSIONS.length);
  });

  describe('the store: a timeline split by a key', () => {
    const query = (top: ReportQuery['shape'] & { type: 'timeline' }): ReportQuery => {
      const f = compileFilter('client_ip:10.0.0.1 or client_ip:10.0.0.2', SESSION_FIELDS, t.store.dialect);
      return {
        table: 'sessions',
        time: '"start"',
        shape: top,
        values: [{ name: 'total_bytes', agg: { fn: 'sum', expr: 'total_bytes' } }],
        where: { sql: [f.sql], params: [...f.params] },
        hoursOfDay: [],
        range: { loUs: Date.parse(RANGE.from) * 1000, hiUs: Date.parse(RANGE.to) * 1000 },
        tz: 'UTC',
      };
    };
    const key = { name: 'app_proto', expr: 'app_proto', kind: 'string' as const };
    const picked = SESSIONS.filter((s) => s.client !== '10.0.0.3');
    const utcHour = (ms: number) => new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString();
    const expected = (inTop: (s: Sess) => boolean) => {
      const m = new Map<string, number>();
      for (const s of picked) {
        const k = `${utcHour(s.startMs)}|${inTop(s) ? (s.app ?? 'null') : 'other'}`;
        m.set(k, (m.get(k) ?? 0) + bytesOf(s));
      }
      return m;
    };
    const got = (rows: Record<string, unknown>[]) =>
      new Map(
        rows.map((r) => [
          `${new Date(String(r.bucket)).toISOString()}|${r.other === true ? 'other' : r.app_proto === 'unknown' ? 'null' : String(r.app_proto)}`,
          Number(r.total_bytes),
        ]),
      );

    it('top values, parameters after the filter', async () => {
      const rows = await t.store.runReport(
        query({ type: 'timeline', dim: 'hour', series: { key, top: ['tls', 'unknown'] } }),
      );
      expect(got(rows)).toEqual(expected((s) => s.app === 'tls' || s.app === null));
    });

    it('a null top value: the rows where the key is absent', async () => {
      // No session of the fixture has an alert: alert_action is absent on all of them.
      const action = { name: 'alert_action', expr: 'alert_action', kind: 'string' as const };
      const rows = await t.store.runReport(
        query({ type: 'timeline', dim: 'day', series: { key: action, top: [null, 'blocked'] } }),
      );
      const sum = picked.reduce((n, s) => n + bytesOf(s), 0);
      expect(rows.map((r) => [r.bucket, r.alert_action, r.other, Number(r.total_bytes)])).toEqual([
        ['2024-05-01', null, false, sum],
      ]);
    });

    it('no top values: every row is other; a value absent from the data folds nothing', async () => {
      const none = await t.store.runReport(
        query({ type: 'timeline', dim: 'hour', series: { key, top: [] } }),
      );
      expect(got(none)).toEqual(expected(() => false));
      const odd = await t.store.runReport(
        query({ type: 'timeline', dim: 'hour', series: { key, top: ["it's not here", 'dns'] } }),
      );
      expect(got(odd)).toEqual(expected((s) => s.app === 'dns'));
    });

    it('a value that does not combine from partial sums (distinct clients) buckets every row', async () => {
      const q = query({ type: 'timeline', dim: 'hour', series: { key, top: ['tls'] } });
      const rows = await t.store.runReport({
        ...q,
        values: [{ name: 'clients', agg: { fn: 'count_distinct', expr: 'client_ip' } }],
      });
      const want = new Map<string, Set<string>>();
      for (const s of picked) {
        const k = `${utcHour(s.startMs)}|${s.app === 'tls' ? 'tls' : 'other'}`;
        want.set(k, (want.get(k) ?? new Set()).add(s.client));
      }
      const seen = new Map(
        rows.map((r) => [
          `${new Date(String(r.bucket)).toISOString()}|${r.other === true ? 'other' : String(r.app_proto)}`,
          Number(r.clients),
        ]),
      );
      expect(seen).toEqual(new Map([...want].map(([k, v]) => [k, v.size])));
    });

    it('an integer key', async () => {
      const port = { name: 'dest_port', expr: 'server_port', kind: 'int' as const };
      const rows = await t.store.runReport(
        query({ type: 'timeline', dim: 'day', series: { key: port, top: [443, 80] } }),
      );
      const sum = picked.reduce((n, s) => n + bytesOf(s), 0);
      expect(rows.map((r) => [r.bucket, r.dest_port, r.other, Number(r.total_bytes)])).toEqual([
        ['2024-05-01', 443, false, sum],
      ]);
    });
  });

  it('bad options name themselves', async () => {
    await expect(runTraffic(t.store, { dim: 'dest_ip', metric: 'bits' })).rejects.toThrow(
      /metric must be one of/,
    );
    await expect(runTraffic(t.store, { dim: 'nope' })).rejects.toBeInstanceOf(ReportError);
    await expect(runTraffic(t.store, { dim: 'dest_ip', top: 51 })).rejects.toThrow(/top must be/);
    await expect(runTraffic(t.store, { dim: 'dest_ip', bucket: '5m' })).rejects.toThrow(/bucket must be/);
  });
});
