import { afterAll, beforeAll, expect, it } from 'vitest';
import { alert } from '../sessions/fixtures.testing.ts';
import { describeEachEngine } from '../store/engines.testing.ts';
import { ReportError } from './errors.ts';
import { type ReportTestStore, storeWith } from './fixtures.testing.ts';
import { runReport } from './index.ts';

/** Alerts from a sensor whose clock said 1970, then a week and a half of real ones, the last at 2024-05-02T10:30Z. */
const WRONG_CLOCK = [
  alert({ flowId: 1, ts: '1970-01-01T00:00:05.000000+0000', action: 'blocked', sid: 1 }),
  alert({ flowId: 2, ts: '1970-01-01T03:10:00.000000+0000', action: 'allowed', sid: 1 }),
  alert({ flowId: 3, ts: '2024-04-20T08:00:00.000000+0000', action: 'allowed', sid: 2 }),
  alert({ flowId: 4, ts: '2024-04-26T09:59:59.999999+0000', action: 'blocked', sid: 2 }),
  alert({ flowId: 5, ts: '2024-04-26T10:00:00.000000+0000', action: 'blocked', sid: 2 }),
  alert({ flowId: 6, ts: '2024-05-02T10:30:00.000000+0000', action: 'allowed', sid: 2 }),
];

describeEachEngine('a report over data that spans decades', (engine) => {
  let t: ReportTestStore;
  beforeAll(async () => {
    t = await storeWith(WRONG_CLOCK, engine);
  });
  afterAll(() => t.close());

  it('without a range: the last 7 days of the data, hourly, saying so', async () => {
    const r = await runReport(t.store, { name: 'hourly-actions', tz: 'UTC' });
    // The last bucket is 10:00-11:00 on 2024-05-02; seven days of hours end there.
    expect(r).toMatchObject({
      bucket: '1h',
      range_basis: 'recent',
      from: '2024-04-25T11:00:00.000000Z',
      to: '2024-05-02T11:00:00.000000Z',
    });
    expect(r.rows).toHaveLength(7 * 24);
    expect(r.rows[0]).toMatchObject({ bucket: '2024-04-25T11:00:00+00:00', total: 0 });
    expect(r.rows.filter((x) => Number(x.total) > 0)).toEqual([
      { bucket: '2024-04-26T09:00:00+00:00', allowed: 0, blocked: 1, total: 1 },
      { bucket: '2024-04-26T10:00:00+00:00', allowed: 0, blocked: 1, total: 1 },
      { bucket: '2024-05-02T10:00:00+00:00', allowed: 1, blocked: 0, total: 1 },
    ]);
    expect(r.note).toContain('1970-01-01T00:00:00Z');
    expect(r.note).toContain('last 7 days');
    expect(r.note).toContain('--bucket 1d');
  });

  it('with bucket 1d and no range: every day of the data', async () => {
    const r = await runReport(t.store, { name: 'hourly-actions', tz: 'UTC', bucket: '1d' });
    expect(r).toMatchObject({ bucket: '1d', by: 'day', range_basis: 'all', note: null });
    expect(r.rows[0]).toEqual({ bucket: '1970-01-01', allowed: 1, blocked: 1, total: 2 });
    expect(r.rows.at(-1)).toEqual({ bucket: '2024-05-02', allowed: 1, blocked: 0, total: 1 });
    const days = (Date.UTC(2024, 4, 2) - Date.UTC(1970, 0, 1)) / 86_400_000 + 1;
    expect(r.rows).toHaveLength(days);
    expect(r.rows.reduce((a, x) => a + Number(x.total), 0)).toBe(6);
  });

  it('an explicit range too wide for hourly buckets is a clear error suggesting --bucket 1d', async () => {
    const run = runReport(t.store, {
      name: 'hourly-actions',
      tz: 'UTC',
      from: '1970-01-01',
      to: '2024-05-03',
    });
    await expect(run).rejects.toBeInstanceOf(ReportError);
    await expect(run).rejects.toThrow(/476,304 hourly buckets.*--bucket 1d.*narrower range/);
  });

  it('an explicit range that fits is kept as given', async () => {
    const r = await runReport(t.store, {
      name: 'hourly-actions',
      tz: 'UTC',
      from: '2024-04-20',
      to: '2024-04-21',
    });
    expect(r).toMatchObject({
      range_basis: 'given',
      bucket: '1h',
      note: null,
      from: '2024-04-20T00:00:00.000000Z',
      to: '2024-04-21T00:00:00.000000Z',
    });
    expect(r.rows).toHaveLength(24);
  });

  it('rejects a bucket it does not know and one that contradicts --by', async () => {
    await expect(runReport(t.store, { name: 'hourly-actions', bucket: '5m' })).rejects.toThrow(/1h or 1d/);
    await expect(runReport(t.store, { name: 'hourly-actions', bucket: '1d', by: 'dest_ip' })).rejects.toThrow(
      /cannot go with by dest_ip/,
    );
  });
});

describeEachEngine('a report over data of a few days', (engine) => {
  let t: ReportTestStore;
  beforeAll(async () => {
    t = await storeWith(WRONG_CLOCK.slice(2), engine);
  });
  afterAll(() => t.close());

  it('without a range covers all of it, from its first hour to its last, and says which bucket', async () => {
    const r = await runReport(t.store, { name: 'hourly-actions', tz: 'UTC' });
    expect(r).toMatchObject({
      bucket: '1h',
      range_basis: 'all',
      note: null,
      from: '2024-04-20T08:00:00.000000Z',
      to: '2024-05-02T11:00:00.000000Z',
    });
    expect(r.rows).toHaveLength(12 * 24 + 3);
  });

  it('a ranking without a range covers all data and has no bucket', async () => {
    const r = await runReport(t.store, { name: 'top-signatures', tz: 'UTC' });
    expect(r).toMatchObject({ bucket: null, range_basis: 'all', from: null, to: null, note: null });
  });
});
