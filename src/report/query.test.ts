import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../store/duckdb/dialect.ts';
import { planReport, type RunReportOptions, reportQuery, SESSION_LIST_COLUMNS } from './index.ts';

const plan = (o: RunReportOptions) => reportQuery(planReport({ tz: 'UTC', ...o }, duckdbDialect));

describe('reportQuery', () => {
  it('a ranking groups by the report keys and ranks by the measure, keeping the top N', () => {
    const q = plan({ name: 'top-destinations', top: 5 });
    expect(q).toMatchObject({
      table: 'sessions',
      time: '"start"',
      shape: {
        type: 'rank',
        keys: [{ name: 'dest_ip', expr: 'server_ip', kind: 'ip' }],
        rankBy: 'total_bytes',
        limit: 5,
      },
      where: { sql: [], params: [] },
      range: { loUs: null, hiUs: null },
    });
    expect(q.values.map((v) => v.name)).toContain('total_bytes');
    expect(q.values.find((v) => v.name === 'sessions')?.agg).toEqual({ fn: 'count' });
  });

  it('a timeline names its dimension and zone; the base condition is kept', () => {
    const q = plan({ name: 'hourly-actions', tz: 'America/New_York' });
    expect(q).toMatchObject({
      table: 'events',
      time: 'ts',
      shape: { type: 'timeline', dim: 'hour' },
      tz: 'America/New_York',
      where: { sql: ["log_type = 'alert'"], params: [] },
    });
    expect(q.values.map((v) => v.agg.fn)).toEqual(['count_if', 'count_if', 'count']);
  });

  it('the filter comes first, then the base condition and drills, all as parameters; the range in µs', () => {
    const q = plan({
      name: 'top-destinations',
      filter: 'app:tls',
      from: '2024-01-01T00:00:00Z',
      drill: [{ field: 'dest_ip', value: '2001:DB8::1' }],
    });
    expect(q.where).toEqual({
      sql: ['lower(app_proto) = ?', 'server_ip = ?'],
      params: ['tls', '2001:db8::1'],
      // What the conditions read: an engine may answer from a rollup holding those columns.
      columns: ['app_proto', 'server_ip'],
    });
    expect(q.range).toEqual({ loUs: Date.UTC(2024, 0, 1) * 1000, hiUs: null });
  });

  it('drill values never reach the condition text', () => {
    const q = plan({ name: 'protocols', drill: [{ field: 'app_proto', value: "x' OR 1=1 --" }] });
    expect(q.where.sql.join(' ')).not.toContain('OR 1=1');
    expect(q.where.params).toEqual(["x' OR 1=1 --"]);
  });

  it('a drilled hour of the day is a local hour for the store; a drilled hour a range', () => {
    const hod = plan({ name: 'hourly-actions', drill: [{ field: 'hour-of-day', value: '03' }] });
    expect(hod.hoursOfDay).toEqual([3]);
    const hour = plan({
      name: 'hourly-actions',
      drill: [{ field: 'bucket', value: '2024-03-10T01:00:00Z' }],
    });
    expect(hour.hoursOfDay).toEqual([]);
    const lo = Date.UTC(2024, 2, 10, 1) * 1000;
    expect(hour.range).toEqual({ loUs: lo, hiUs: lo + 3_600_000_000 });
  });

  it('the last level lists sessions by bytes or records newest first', () => {
    expect(plan({ name: 'protocols', by: 'sessions' }).shape).toEqual({
      type: 'list',
      columns: SESSION_LIST_COLUMNS,
      orderBy: [
        { expr: 'total_bytes', desc: true },
        { expr: '"start"', desc: true },
      ],
      limit: 100,
    });
    const records = plan({ name: 'top-signatures', by: 'records', top: 7 });
    expect(records.shape).toMatchObject({
      type: 'list',
      orderBy: [
        { expr: 'ts', desc: true },
        { expr: 'id', desc: true },
      ],
      limit: 7,
    });
    expect(records.values).toEqual([]);
  });
});
