import { describe, expect, it } from 'vitest';
import { duckdbReportSql } from '../store/duckdb/report-sql.ts';
import { compileReport, planReport, type RunReportOptions } from './index.ts';

const compile = (o: RunReportOptions) =>
  compileReport(planReport({ tz: 'UTC', ...o }, duckdbReportSql), duckdbReportSql);

describe('compileReport', () => {
  it('a ranking groups by the keys, ranks by the measure and keeps the top N', () => {
    const c = compile({ name: 'top-destinations', top: 5 });
    expect(c.sql).toContain('SELECT server_ip AS "dest_ip", count(*) AS "sessions"');
    expect(c.sql).toContain('FROM sessions');
    expect(c.sql).toMatch(/ORDER BY "total_bytes" DESC, "dest_ip" ASC NULLS LAST LIMIT 5$/);
    expect(c.params).toEqual([]);
  });

  it('a timeline aggregates by UTC quarter hour before any time-zone work', () => {
    const c = compile({ name: 'hourly-actions', tz: 'America/New_York' });
    const inner = c.sql.slice(c.sql.indexOf('FROM ('));
    expect(inner).toContain('time_bucket(INTERVAL 15 MINUTE, ts) AS qh');
    expect(inner).not.toContain('America/New_York');
    expect(c.sql.slice(0, c.sql.indexOf('FROM ('))).toContain("timezone('America/New_York', qh)");
  });

  it('a distinct count cannot be combined: those timelines bucket every row', () => {
    const c = compile({ name: 'blocked-sources', by: 'hour' });
    expect(c.sql).not.toContain('qh');
    expect(c.sql).toContain('count(DISTINCT dest_ip)');
  });

  it('the filter comes first, then the base condition, drills and the time range, all as parameters', () => {
    const c = compile({
      name: 'top-destinations',
      filter: 'app:tls',
      from: '2024-01-01T00:00:00Z',
      drill: [{ field: 'dest_ip', value: '2001:DB8::1' }],
    });
    expect(c.sql).toContain(
      'WHERE (lower(app_proto) = ?) AND (server_ip = ?) AND ("start" >= ?::TIMESTAMPTZ)',
    );
    expect(c.params).toEqual(['tls', '2001:db8::1', '2024-01-01T00:00:00.000000Z']);
  });

  it('drill values never reach the SQL text', () => {
    const c = compile({ name: 'protocols', drill: [{ field: 'app_proto', value: "x' OR 1=1 --" }] });
    expect(c.sql).not.toContain('OR 1=1');
    expect(c.params).toEqual(["x' OR 1=1 --"]);
  });

  it('the last level lists sessions by bytes or records newest first', () => {
    expect(compile({ name: 'protocols', by: 'sessions' }).sql).toMatch(
      /ORDER BY total_bytes DESC, "start" DESC LIMIT 100$/,
    );
    expect(compile({ name: 'top-signatures', by: 'records', top: 7 }).sql).toMatch(
      /ORDER BY ts DESC, id DESC LIMIT 7$/,
    );
  });
});
