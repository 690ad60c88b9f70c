import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../store/engines.testing.ts';
import { type ReportTestStore, storeWith } from './fixtures.testing.ts';
import { ReportError, runReport } from './index.ts';
import { NET_LINES } from './net-fixture.testing.ts';

describeEachEngine('the hourly timeline', (engine) => {
  let t: ReportTestStore;
  beforeAll(async () => {
    t = await storeWith(NET_LINES, engine);
  });
  afterAll(() => t.close());

  const hourly = (extra: object) => runReport(t.store, { name: 'hourly-actions', ...extra });

  describe('hour buckets across DST changes', () => {
    it('America/New_York 2024-03-10 has 23 hours, 02:00 missing', async () => {
      const r = await hourly({
        tz: 'America/New_York',
        from: '2024-03-10T00:00:00-05:00',
        to: '2024-03-11T00:00:00-04:00',
      });
      expect(r.rows).toHaveLength(23);
      const buckets = r.rows.map((x) => x.bucket);
      expect(buckets.slice(0, 3)).toEqual([
        '2024-03-10T00:00:00-05:00',
        '2024-03-10T01:00:00-05:00',
        '2024-03-10T03:00:00-04:00',
      ]);
      expect(buckets.at(-1)).toBe('2024-03-10T23:00:00-04:00');
      const nonEmpty = r.rows.filter((x) => x.total !== 0);
      expect(nonEmpty).toEqual([
        { bucket: '2024-03-10T00:00:00-05:00', allowed: 0, blocked: 1, total: 1 },
        // 06:15Z allowed, 06:20Z another action, 06:45Z blocked.
        { bucket: '2024-03-10T01:00:00-05:00', allowed: 1, blocked: 1, total: 3 },
        { bucket: '2024-03-10T03:00:00-04:00', allowed: 1, blocked: 2, total: 3 },
        { bucket: '2024-03-10T23:00:00-04:00', allowed: 1, blocked: 0, total: 1 },
      ]);
    });

    it('America/New_York 2024-11-03 has 25 hours, 01:00 twice', async () => {
      const r = await hourly({
        tz: 'America/New_York',
        from: '2024-11-03T00:00:00-04:00',
        to: '2024-11-04T00:00:00-05:00',
      });
      expect(r.rows).toHaveLength(25);
      expect(r.rows.slice(1, 3)).toEqual([
        { bucket: '2024-11-03T01:00:00-04:00', allowed: 0, blocked: 1, total: 1 },
        { bucket: '2024-11-03T01:00:00-05:00', allowed: 0, blocked: 1, total: 1 },
      ]);
      const hod = await hourly({
        tz: 'America/New_York',
        by: 'hour-of-day',
        from: '2024-11-03T00:00:00-04:00',
        to: '2024-11-04T00:00:00-05:00',
      });
      expect(hod.rows).toHaveLength(24);
      expect(hod.rows[1]).toEqual({ bucket: '01', allowed: 0, blocked: 2, total: 2 });
    });

    it.each([
      // zone, first and last buckets of [05:00Z, 08:00Z), buckets, one bucket and its total
      [
        'Asia/Tokyo',
        '2024-03-10T14:00:00+09:00',
        '2024-03-10T16:00:00+09:00',
        3,
        '2024-03-10T15:00:00+09:00',
        3,
      ],
      ['UTC', '2024-03-10T05:00:00+00:00', '2024-03-10T07:00:00+00:00', 3, '2024-03-10T07:00:00+00:00', 3],
      // A half-hour zone: its hours start at :30 UTC (11:00 IST = 05:30Z .. 06:30Z).
      [
        'Asia/Kolkata',
        '2024-03-10T10:00:00+05:30',
        '2024-03-10T13:00:00+05:30',
        4,
        '2024-03-10T11:00:00+05:30',
        3,
      ],
    ])(
      '%s: buckets in the zone, the empty hours between filled',
      async (tz, first, last, n, bucket, total) => {
        const r = await hourly({ tz, from: '2024-03-10T05:00:00Z', to: '2024-03-10T08:00:00Z' });
        expect(r.rows[0]?.bucket).toBe(first);
        expect(r.rows.at(-1)?.bucket).toBe(last);
        expect(r.rows).toHaveLength(n);
        expect(r.rows.find((x) => x.bucket === bucket)?.total).toBe(total);
        expect(r.rows.reduce((sum, x) => sum + Number(x.total), 0)).toBe(7);
      },
    );

    it('without a range, the timeline spans the data, empty hours included', async () => {
      const r = await hourly({ tz: 'UTC', filter: 'ts<2024-04-01' });
      expect(r.rows[0]?.bucket).toBe('2024-03-10T05:00:00+00:00');
      expect(r.rows.at(-1)?.bucket).toBe('2024-03-11T03:00:00+00:00');
      expect(r.rows).toHaveLength(23);
    });

    it('hour-of-day sums the same local hour of every day', async () => {
      const r = await hourly({ tz: 'America/New_York', by: 'hour-of-day' });
      expect(r.rows.map((x) => x.bucket)).toEqual(
        Array.from({ length: 24 }, (_x, h) => String(h).padStart(2, '0')),
      );
      // 01h: three on 03-10 (EST) and two on 11-03 (EDT and EST).
      expect(r.rows[1]).toEqual({ bucket: '01', allowed: 1, blocked: 3, total: 5 });
      expect(r.rows[2]).toEqual({ bucket: '02', allowed: 0, blocked: 0, total: 0 });
      expect(r.rows[3]).toEqual({ bucket: '03', allowed: 1, blocked: 2, total: 3 });
    });

    it('day buckets are local dates', async () => {
      const r = await hourly({
        tz: 'America/New_York',
        by: 'day',
        from: '2024-03-09T00:00:00-05:00',
        to: '2024-03-12T00:00:00-04:00',
      });
      expect(r.rows).toEqual([
        { bucket: '2024-03-09', allowed: 0, blocked: 0, total: 0 },
        { bucket: '2024-03-10', allowed: 3, blocked: 4, total: 8 },
        { bucket: '2024-03-11', allowed: 0, blocked: 0, total: 0 },
      ]);
    });

    it('values that cannot be pre-aggregated (distinct counts) still bucket right', async () => {
      const r = await runReport(t.store, {
        name: 'blocked-sources',
        by: 'hour',
        tz: 'UTC',
        from: '2024-03-10T05:00:00Z',
        to: '2024-03-10T08:00:00Z',
      });
      expect(r.rows).toEqual([
        { bucket: '2024-03-10T05:00:00+00:00', blocked: 1, destinations: 1, signatures: 1 },
        { bucket: '2024-03-10T06:00:00+00:00', blocked: 1, destinations: 1, signatures: 1 },
        { bucket: '2024-03-10T07:00:00+00:00', blocked: 2, destinations: 1, signatures: 2 },
      ]);
    });

    it('session measures have timelines too (by session start)', async () => {
      const r = await runReport(t.store, { measure: 'total_bytes', by: 'hour', tz: 'UTC' });
      expect(r.rows).toEqual([
        { bucket: '2024-03-10T06:00:00+00:00', total_bytes: 51000 },
        { bucket: '2024-03-10T07:00:00+00:00', total_bytes: 8500 + 6400 },
        { bucket: '2024-03-10T08:00:00+00:00', total_bytes: 200 + 180 },
      ]);
    });
  });

  describe('empty ranges and bad zones', () => {
    it('an empty range gives no rows', async () => {
      const r = await hourly({ tz: 'UTC', from: '2024-03-10T06:00:00Z', to: '2024-03-10T06:00:00Z' });
      expect(r.rows).toEqual([]);
      const top = await runReport(t.store, {
        name: 'top-destinations',
        tz: 'UTC',
        from: '2025-01-01',
        to: '2025-01-02',
      });
      expect(top.rows).toEqual([]);
    });

    it('a range without data is a timeline of zeros', async () => {
      const r = await hourly({ tz: 'UTC', from: '2025-01-01T00:00:00Z', to: '2025-01-01T03:00:00Z' });
      expect(r.rows).toEqual([
        { bucket: '2025-01-01T00:00:00+00:00', allowed: 0, blocked: 0, total: 0 },
        { bucket: '2025-01-01T01:00:00+00:00', allowed: 0, blocked: 0, total: 0 },
        { bucket: '2025-01-01T02:00:00+00:00', allowed: 0, blocked: 0, total: 0 },
      ]);
    });

    it.each(['Mars/Olympus', 'Asia/Tokyo; DROP TABLE events', ''])('rejects the zone %j', async (tz) => {
      await expect(hourly({ tz })).rejects.toThrow(ReportError);
      await expect(hourly({ tz })).rejects.toThrow(/time zone/);
    });

    it('rejects a range that ends before it starts', async () => {
      await expect(hourly({ tz: 'UTC', from: '2024-03-11', to: '2024-03-10' })).rejects.toThrow(
        /ends before/,
      );
    });
  });
});
