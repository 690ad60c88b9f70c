import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryFieldError } from '../query/index.ts';
import { describeEachEngine } from '../store/engines.testing.ts';
import { type ReportTestStore, storeWith } from './fixtures.testing.ts';
import { parseDrill, ReportError, runReport } from './index.ts';
import { NET_LINES } from './net-fixture.testing.ts';

describeEachEngine('drill-downs', (engine) => {
  let t: ReportTestStore;
  beforeAll(async () => {
    t = await storeWith(NET_LINES, engine);
  });
  afterAll(() => t.close());

  const drills = (...texts: string[]) => texts.map(parseDrill);

  describe('drill-down chains', () => {
    it('top-destinations: destination -> client -> app protocol -> ... -> sessions', async () => {
      const l1 = await runReport(t.store, {
        name: 'top-destinations',
        tz: 'UTC',
        drill: drills('dest_ip=203.0.113.10'),
      });
      expect(l1.by).toBe('client_ip');
      expect(l1.rows).toEqual([
        {
          client_ip: '10.0.0.1',
          sessions: 1,
          bytes_to_server: 1000,
          bytes_to_client: 50000,
          total_bytes: 51000,
          packets: 30,
        },
        {
          client_ip: '10.0.0.2',
          sessions: 1,
          bytes_to_server: 500,
          bytes_to_client: 8000,
          total_bytes: 8500,
          packets: 13,
        },
      ]);
      expect(l1.next_dims).toEqual(['app_proto', 'server_port', 'sessions']);

      const l2 = await runReport(t.store, {
        name: 'top-destinations',
        tz: 'UTC',
        drill: drills('dest_ip=203.0.113.10', 'client_ip=10.0.0.2'),
        by: 'server_port',
      });
      expect(l2.rows.map((r) => [r.server_port, r.total_bytes])).toEqual([[443, 8500]]);
      expect(l2.next_dims).toEqual(['app_proto', 'sessions']);

      const leaf = await runReport(t.store, {
        name: 'top-destinations',
        tz: 'UTC',
        drill: drills('dest_ip=203.0.113.10', 'client_ip=10.0.0.2'),
        by: 'sessions',
      });
      expect(leaf.level).toBe('sessions');
      expect(leaf.rows.map((r) => [r.flow_id, r.client_port, r.total_bytes])).toEqual([[2, 50001, 8500]]);
    });

    it('a report-output name and the field it stands for drill the same way', async () => {
      const a = await runReport(t.store, {
        name: 'top-destinations',
        tz: 'UTC',
        drill: drills('dest_ip=203.0.113.10'),
      });
      const b = await runReport(t.store, {
        name: 'top-destinations',
        tz: 'UTC',
        drill: drills('server_ip=203.0.113.10'),
      });
      expect(b.rows).toEqual(a.rows);
      expect(b.next_dims).toEqual(a.next_dims);
    });

    it('protocols: protocol -> server -> client', async () => {
      const l1 = await runReport(t.store, { name: 'protocols', tz: 'UTC', drill: drills('app_proto=tls') });
      expect(l1.by).toBe('server_ip');
      expect(l1.rows.map((r) => [r.server_ip, r.sessions, r.total_bytes])).toEqual([
        ['203.0.113.10', 2, 59500],
      ]);
      const l2 = await runReport(t.store, {
        name: 'protocols',
        tz: 'UTC',
        drill: drills('app_proto=tls', 'server_ip=203.0.113.10'),
      });
      expect(l2.by).toBe('client_ip');
      expect(l2.rows.map((r) => [r.client_ip, r.total_bytes])).toEqual([
        ['10.0.0.1', 51000],
        ['10.0.0.2', 8500],
      ]);
      const l3 = await runReport(t.store, {
        name: 'protocols',
        tz: 'UTC',
        drill: drills('app_proto=tls', 'server_ip=203.0.113.10', 'client_ip=10.0.0.1'),
      });
      expect(l3.level).toBe('sessions');
      expect(l3.rows.map((r) => r.flow_id)).toEqual([1]);
    });

    it('hourly-actions: an hour -> blocked traffic by destination -> by source -> records', async () => {
      const hour = 'bucket=2024-03-10T03:00:00-04:00';
      const l1 = await runReport(t.store, {
        name: 'hourly-actions',
        tz: 'America/New_York',
        drill: drills(hour),
      });
      expect(l1.by).toBe('dest_ip');
      expect(l1.drill).toEqual([...drills(hour), { field: 'alert_action', value: 'blocked' }]);
      expect(l1.from).toBe('2024-03-10T07:00:00.000000Z');
      expect(l1.to).toBe('2024-03-10T08:00:00.000000Z');
      // 07:10Z and 07:50Z blocked to 203.0.113.10; 07:20Z allowed is left out.
      expect(l1.rows).toEqual([{ dest_ip: '203.0.113.10', records: 2 }]);

      const l2 = await runReport(t.store, {
        name: 'hourly-actions',
        tz: 'America/New_York',
        drill: drills(hour, 'dest_ip=203.0.113.10'),
      });
      expect(l2.by).toBe('src_ip');
      expect(l2.rows).toEqual([
        { src_ip: '10.0.0.8', records: 1 },
        { src_ip: '10.0.0.9', records: 1 },
      ]);
      const leaf = await runReport(t.store, {
        name: 'hourly-actions',
        tz: 'America/New_York',
        drill: drills(hour, 'dest_ip=203.0.113.10'),
        by: 'records',
      });
      expect(leaf.level).toBe('records');
      expect(leaf.rows.map((r) => [r.ts, r.dest_port, r.alert_action])).toEqual([
        ['2024-03-10T07:50:00.000000Z', 8443, 'blocked'],
        ['2024-03-10T07:10:00.000000Z', 443, 'blocked'],
      ]);
    });

    it('hourly-actions: an explicit action replaces the blocked default', async () => {
      const r = await runReport(t.store, {
        name: 'hourly-actions',
        tz: 'America/New_York',
        drill: drills('bucket=2024-03-10T03:00:00-04:00', 'alert_action=allowed'),
      });
      expect(r.rows).toEqual([{ dest_ip: '198.51.100.7', records: 1 }]);
    });

    it('an hour-of-day bucket becomes a local-hour condition; a day bucket a local day', async () => {
      const hod = await runReport(t.store, {
        name: 'hourly-actions',
        tz: 'America/New_York',
        drill: drills('bucket=01'),
      });
      // Blocked at local 01h: 06:45Z on 03-10 to 192.0.2.200, 05:30Z and 06:30Z on 11-03 to 192.0.2.200.
      expect(hod.rows).toEqual([{ dest_ip: '192.0.2.200', records: 3 }]);
      const day = await runReport(t.store, {
        name: 'hourly-actions',
        tz: 'America/New_York',
        drill: drills('bucket=2024-03-10', 'alert_action=allowed'),
        by: 'hour',
      });
      expect(day.rows).toHaveLength(23);
      expect(day.rows.filter((r) => r.records !== 0).map((r) => r.bucket)).toEqual([
        '2024-03-10T01:00:00-05:00',
        '2024-03-10T03:00:00-04:00',
        '2024-03-10T23:00:00-04:00',
      ]);
    });

    it('a multi-key row drills with one drill per key', async () => {
      const r = await runReport(t.store, {
        name: 'top-ports',
        tz: 'UTC',
        drill: drills('dest_port=443', 'proto=TCP'),
      });
      expect(r.by).toBe('server_ip');
      expect(r.rows.map((x) => [x.server_ip, x.sessions])).toEqual([['203.0.113.10', 2]]);
    });

    it('an empty value drills into absent values', async () => {
      const r = await runReport(t.store, { name: 'top-sni', tz: 'UTC', drill: drills('dest_port=') });
      expect(r.rows).toEqual([]);
    });
  });

  describe('bad drills', () => {
    it.each([
      ['dest_ip=not-an-ip', /not an IP address/],
      ['server_port=https', /not an integer/],
      ['bucket=yesterday', /a bucket is an hour/],
      ['bucket=24', /out of range/],
    ])('%s', async (text, message) => {
      const run = () =>
        runReport(t.store, { name: 'top-destinations', tz: 'UTC', drill: [parseDrill(text)] });
      await expect(run).rejects.toThrow(ReportError);
      await expect(run).rejects.toThrow(message);
    });

    it('a drill without = is refused', () => {
      expect(() => parseDrill('nonsense')).toThrow(/field=value/);
      expect(parseDrill('signature=a=b')).toEqual({ field: 'signature', value: 'a=b' });
    });

    it('an unknown dimension suggests close names', async () => {
      const err = await runReport(t.store, { name: 'protocols', tz: 'UTC', by: 'client_iq' }).catch((e) => e);
      expect(err).toBeInstanceOf(ReportError);
      expect(err.code).toBe('unknown_field');
      expect(err.suggestions).toContain('client_ip');
    });

    it("a joined alert's signature filters sessions but is no session dimension", async () => {
      const err = await runReport(t.store, { name: 'protocols', tz: 'UTC', by: 'signature' }).catch((e) => e);
      expect(err).toBeInstanceOf(ReportError);
      expect(err.code).toBe('bad_value');
      expect(err.message).toMatch(/joined alerts/);
      const none = await runReport(t.store, {
        name: 'protocols',
        tz: 'UTC',
        filter: 'signature:"no such rule"',
      });
      expect(none.rows).toEqual([]);
    });

    it('an unknown report or measure is reported', async () => {
      await expect(runReport(t.store, { name: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(runReport(t.store, { measure: 'bogus' })).rejects.toMatchObject({ code: 'bad_value' });
      await expect(runReport(t.store, {})).rejects.toMatchObject({ code: 'bad_request' });
    });

    it('a filter error keeps its position', async () => {
      const err = await runReport(t.store, {
        name: 'protocols',
        tz: 'UTC',
        filter: 'app:tls and nosuch:1',
      }).catch((e) => e);
      expect(err).toBeInstanceOf(QueryFieldError);
      expect(err.column).toBe(13);
    });
  });
});
