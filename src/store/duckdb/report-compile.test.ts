import { describe, expect, it } from 'vitest';
import type { ReportQuery, ReportValue } from '../report-query.ts';
import { compileReportQuery } from './report-compile.ts';

const SESSION_VALUES: ReportValue[] = [
  { name: 'sessions', agg: { fn: 'count' } },
  { name: 'total_bytes', agg: { fn: 'sum', expr: 'total_bytes' } },
  { name: 'packets', agg: { fn: 'sum', expr: 'pkts_to_server + pkts_to_client' } },
];

/** A ranking of sessions by server, as the top-destinations report plans it. */
const ranking = (over: Partial<ReportQuery> = {}): ReportQuery => ({
  table: 'sessions',
  time: '"start"',
  shape: {
    type: 'rank',
    keys: [{ name: 'dest_ip', expr: 'server_ip', kind: 'ip' }],
    rankBy: 'total_bytes',
    limit: 5,
  },
  values: SESSION_VALUES,
  where: { sql: [], params: [] },
  hoursOfDay: [],
  range: { loUs: null, hiUs: null },
  tz: 'UTC',
  ...over,
});

/** An hourly timeline of alert actions. */
const alertTimeline = (over: Partial<ReportQuery> = {}): ReportQuery => ({
  table: 'events',
  time: 'ts',
  shape: { type: 'timeline', dim: 'hour' },
  values: [
    { name: 'allowed', agg: { fn: 'count_if', cond: "alert_action = 'allowed'" } },
    { name: 'blocked', agg: { fn: 'count_if', cond: "alert_action = 'blocked'" } },
    { name: 'total', agg: { fn: 'count' } },
  ],
  where: { sql: ["log_type = 'alert'"], params: [] },
  hoursOfDay: [],
  range: { loUs: null, hiUs: null },
  tz: 'UTC',
  ...over,
});

describe('compileReportQuery', () => {
  it('a ranking groups by the keys, ranks by the measure and keeps the top N', () => {
    const c = compileReportQuery(ranking());
    expect(c.sql).toContain(
      'SELECT server_ip AS "dest_ip", count(*) AS "sessions", coalesce(sum(total_bytes), 0) AS "total_bytes", ' +
        'coalesce(sum(pkts_to_server + pkts_to_client), 0) AS "packets"',
    );
    expect(c.sql).toContain('FROM sessions');
    expect(c.sql).toContain('GROUP BY 1 ');
    expect(c.sql).toMatch(/ORDER BY "total_bytes" DESC, "dest_ip" ASC NULLS LAST LIMIT 5$/);
    expect(c.params).toEqual([]);
  });

  it('a timeline aggregates by UTC quarter hour before any time-zone work', () => {
    const c = compileReportQuery(alertTimeline({ tz: 'America/New_York' }));
    const inner = c.sql.slice(c.sql.indexOf('FROM ('));
    expect(inner).toContain('time_bucket(INTERVAL 15 MINUTE, ts) AS qh');
    expect(inner).not.toContain('America/New_York');
    expect(c.sql.slice(0, c.sql.indexOf('FROM ('))).toContain("timezone('America/New_York', qh)");
    expect(c.sql).toContain("WHERE (log_type = 'alert') AND (ts IS NOT NULL)");
    expect(c.sql).toMatch(/GROUP BY 1 ORDER BY 1$/);
  });

  it.each([
    ['day', "strftime(timezone('UTC', qh), '%Y-%m-%d') AS bucket"],
    ['hour-of-day', "hour(timezone('UTC', qh)) AS bucket"],
  ] as const)('a %s timeline maps each quarter hour to its local bucket', (dim, bucket) => {
    expect(compileReportQuery(alertTimeline({ shape: { type: 'timeline', dim } })).sql).toContain(bucket);
  });

  it('a distinct count cannot be combined: those timelines bucket every row', () => {
    const c = compileReportQuery(
      alertTimeline({ values: [{ name: 'destinations', agg: { fn: 'count_distinct', expr: 'dest_ip' } }] }),
    );
    expect(c.sql).not.toContain('qh');
    expect(c.sql).toContain('count(DISTINCT dest_ip)');
  });

  it('the given conditions come first, then hours of the day and the time range, all as parameters', () => {
    const c = compileReportQuery(
      ranking({
        where: { sql: ['lower(app_proto) = ?', 'server_ip = ?'], params: ['tls', '2001:db8::1'] },
        hoursOfDay: [3],
        range: { loUs: Date.UTC(2024, 0, 1) * 1000, hiUs: Date.UTC(2024, 0, 2) * 1000 },
      }),
    );
    expect(c.sql).toContain(
      'WHERE (lower(app_proto) = ?) AND (server_ip = ?) AND (hour(timezone(\'UTC\', "start")) = ?) ' +
        'AND ("start" >= ?::TIMESTAMPTZ) AND ("start" < ?::TIMESTAMPTZ)',
    );
    expect(c.params).toEqual([
      'tls',
      '2001:db8::1',
      3,
      '2024-01-01T00:00:00.000000Z',
      '2024-01-02T00:00:00.000000Z',
    ]);
  });

  it('parameters never reach the SQL text', () => {
    const c = compileReportQuery(ranking({ where: { sql: ['app_proto = ?'], params: ["x' OR 1=1 --"] } }));
    expect(c.sql).not.toContain('OR 1=1');
    expect(c.params).toEqual(["x' OR 1=1 --"]);
  });

  it('a listing selects its columns in order and sorts by its keys', () => {
    const sessions = compileReportQuery(
      ranking({
        shape: {
          type: 'list',
          columns: ['start', 'server_ip', 'total_bytes'],
          orderBy: [
            { expr: 'total_bytes', desc: true },
            { expr: '"start"', desc: true },
          ],
          limit: 100,
        },
        values: [],
      }),
    );
    expect(sessions.sql).toBe(
      'SELECT "start", "server_ip", "total_bytes" FROM sessions  ORDER BY total_bytes DESC, "start" DESC LIMIT 100',
    );
    const records = compileReportQuery(
      alertTimeline({
        shape: {
          type: 'list',
          columns: ['id', 'ts'],
          orderBy: [
            { expr: 'ts', desc: true },
            { expr: 'id', desc: true },
          ],
          limit: 7,
        },
        values: [],
      }),
    );
    expect(records.sql).toMatch(
      /FROM events WHERE \(log_type = 'alert'\) ORDER BY ts DESC, id DESC LIMIT 7$/,
    );
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    const shape = { type: 'rank', keys: [], rankBy: 'sessions', limit: 0.5 } as const;
    expect(() => compileReportQuery(ranking({ shape }))).toThrow(/whole number >= 1, got 0.5/);
  });
});
