import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../store/engines.testing.ts';
import { ARTICLE_LINES, type ReportTestStore, storeWith } from './fixtures.testing.ts';
import { listReports, REPORTS, runReport } from './index.ts';
import { NET_LINES } from './net-fixture.testing.ts';

describeEachEngine('the mission article records', (engine) => {
  let t: ReportTestStore;
  beforeAll(async () => {
    t = await storeWith(ARTICLE_LINES, engine);
  });
  afterAll(() => t.close());

  it('top-destinations: the paired TLS flow and the one-way ICMP flow, per session', async () => {
    const r = await runReport(t.store, { name: 'top-destinations', tz: 'UTC' });
    expect(r.columns).toEqual([
      'dest_ip',
      'sessions',
      'bytes_to_server',
      'bytes_to_client',
      'total_bytes',
      'packets',
    ]);
    // TLS pair: 16 pkts/3,487 B up, 28 pkts/29,719 B down; ICMP one-way: 3 pkts/180 B up.
    expect(r.rows).toEqual([
      {
        dest_ip: '18.180.167.106',
        sessions: 2,
        bytes_to_server: 3487 + 180,
        bytes_to_client: 29719,
        total_bytes: 3487 + 180 + 29719,
        packets: 16 + 28 + 3,
      },
    ]);
    expect(r.level).toBe('aggregate');
    expect(r.next_dims).toEqual(['client_ip', 'app_proto', 'server_port', 'sessions']);
  });

  it('protocols: tls and the unknown protocol of the ICMP flow', async () => {
    const r = await runReport(t.store, { name: 'protocols', tz: 'UTC' });
    expect(r.rows).toEqual([
      { app_proto: 'tls', sessions: 1, bytes_to_server: 3487, bytes_to_client: 29719, total_bytes: 33206 },
      { app_proto: 'unknown', sessions: 1, bytes_to_server: 180, bytes_to_client: 0, total_bytes: 180 },
    ]);
  });

  it('a paired flow counts once, with both directions (the per-session rule)', async () => {
    const records = await runReport(t.store, { measure: 'records', by: 'log_type', tz: 'UTC' });
    expect(records.rows).toContainEqual({ log_type: 'flow', records: 3 });
    const r = await runReport(t.store, {
      name: 'top-destinations',
      tz: 'UTC',
      drill: [
        { field: 'dest_ip', value: '18.180.167.106' },
        { field: 'client_ip', value: '192.168.0.78' },
        { field: 'app_proto', value: 'tls' },
        { field: 'server_port', value: '443' },
      ],
    });
    expect(r.level).toBe('sessions');
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      flow_id: 106638783863210,
      client_ip: '192.168.0.78',
      client_port: 50811,
      server_ip: '18.180.167.106',
      server_port: 443,
      pkts_to_server: 16,
      bytes_to_server: 3487,
      pkts_to_client: 28,
      bytes_to_client: 29719,
      total_bytes: 33206,
      paired: true,
    });
  });

  it('hourly-actions in Asia/Tokyo: both alerts in the 17:00 hour', async () => {
    const r = await runReport(t.store, { name: 'hourly-actions', tz: 'Asia/Tokyo' });
    expect(r.rows).toEqual([{ bucket: '2023-01-31T17:00:00+09:00', allowed: 1, blocked: 1, total: 2 }]);
  });

  it('firewalls: one endpoint, its alerts and its latest record', async () => {
    const r = await runReport(t.store, { name: 'firewalls', tz: 'UTC' });
    expect(r.rows).toEqual([
      {
        firewall_name: 'NetworkFirewall',
        availability_zone: 'us-west-2a',
        records: 5,
        alerts: 2,
        blocked: 1,
        last_seen: '2023-01-31T08:26:12.436507Z',
      },
    ]);
  });
});

describeEachEngine('built-in reports on a hand-made network', (engine) => {
  let t: ReportTestStore;
  beforeAll(async () => {
    t = await storeWith(NET_LINES, engine);
  });
  afterAll(() => t.close());

  const run = (name: string, extra: object = {}) => runReport(t.store, { name, tz: 'UTC', ...extra });

  it('top-destinations ranks by bytes both ways', async () => {
    const r = await run('top-destinations');
    expect(r.rows).toEqual([
      {
        dest_ip: '203.0.113.10',
        sessions: 2,
        bytes_to_server: 1500,
        bytes_to_client: 58000,
        total_bytes: 59500,
        packets: 43,
      },
      {
        dest_ip: '198.51.100.7',
        sessions: 2,
        bytes_to_server: 580,
        bytes_to_client: 6000,
        total_bytes: 6580,
        packets: 13,
      },
      {
        dest_ip: '192.0.2.53',
        sessions: 1,
        bytes_to_server: 80,
        bytes_to_client: 120,
        total_bytes: 200,
        packets: 2,
      },
    ]);
  });

  it('protocols, top-sources and top-ports', async () => {
    expect((await run('protocols')).rows.map((r) => [r.app_proto, r.sessions, r.total_bytes])).toEqual([
      ['tls', 2, 59500],
      ['http', 1, 6400],
      ['dns', 1, 200],
      ['unknown', 1, 180],
    ]);
    expect((await run('top-sources')).rows).toEqual([
      {
        src_ip: '10.0.0.1',
        sessions: 2,
        bytes_to_server: 1400,
        bytes_to_client: 56000,
        total_bytes: 57400,
        packets: 40,
      },
      {
        src_ip: '10.0.0.2',
        sessions: 2,
        bytes_to_server: 680,
        bytes_to_client: 8000,
        total_bytes: 8680,
        packets: 16,
      },
      {
        src_ip: '10.0.0.3',
        sessions: 1,
        bytes_to_server: 80,
        bytes_to_client: 120,
        total_bytes: 200,
        packets: 2,
      },
    ]);
    // Ranked by sessions, ties by port.
    expect(
      (await run('top-ports')).rows.map((r) => [r.dest_port, r.proto, r.sessions, r.total_bytes]),
    ).toEqual([
      [443, 'TCP', 2, 59500],
      [22, 'TCP', 1, 180],
      [53, 'UDP', 1, 200],
      [80, 'TCP', 1, 6400],
    ]);
  });

  it('top-signatures splits allowed and blocked; other actions count in the total', async () => {
    expect((await run('top-signatures')).rows).toEqual([
      { signature_id: 10, signature: 'rule 10', allowed: 0, blocked: 5, total: 5 },
      { signature_id: 20, signature: 'rule 20', allowed: 3, blocked: 0, total: 4 },
      { signature_id: 30, signature: 'rule 30', allowed: 0, blocked: 1, total: 1 },
    ]);
  });

  it('blocked-sources, top-sni and firewalls', async () => {
    expect((await run('blocked-sources')).rows).toEqual([
      { src_ip: '10.0.0.9', blocked: 5, destinations: 2, signatures: 1 },
      { src_ip: '10.0.0.8', blocked: 1, destinations: 1, signatures: 1 },
    ]);
    expect((await run('top-sni')).rows).toEqual([
      { server_name: 'api.example.com', records: 1, allowed: 1, blocked: 0 },
      { server_name: 'evil.example.net', records: 1, allowed: 0, blocked: 1 },
      { server_name: 'www.example.org', records: 1, allowed: 1, blocked: 0 },
    ]);
    expect(
      (await run('firewalls')).rows.map((r) => [r.firewall_name, r.availability_zone, r.records, r.alerts]),
    ).toEqual([
      ['fw-a', 'us-east-1a', 18, 9],
      ['fw-b', 'us-east-1b', 1, 1],
    ]);
  });

  it('top N keeps the first rows of the ranking', async () => {
    const r = await run('top-destinations', { top: 1 });
    expect(r.rows.map((x) => x.dest_ip)).toEqual(['203.0.113.10']);
  });

  it('a filter that matches nothing gives no rows', async () => {
    for (const name of ['top-destinations', 'protocols', 'top-signatures']) {
      const r = await run(name, { filter: 'port:9999' });
      expect(r.rows, name).toEqual([]);
    }
    const timeline = await run('hourly-actions', { filter: 'src_ip:1.2.3.4' });
    expect(timeline.rows).toEqual([]);
  });

  it('the generic form: a measure by a dimension, with a filter', async () => {
    const r = await runReport(t.store, {
      measure: 'total_bytes',
      by: 'app_proto',
      filter: 'proto:TCP',
      tz: 'UTC',
    });
    expect(r.name).toBe('custom');
    const again = await runReport(t.store, {
      name: 'custom',
      measure: 'total_bytes',
      by: 'app_proto',
      filter: 'proto:TCP',
      tz: 'UTC',
    });
    expect(again.rows).toEqual(r.rows);
    expect(r.columns).toEqual(['app_proto', 'total_bytes']);
    expect(r.rows).toEqual([
      { app_proto: 'tls', total_bytes: 59500 },
      { app_proto: 'http', total_bytes: 6400 },
      { app_proto: 'unknown', total_bytes: 180 },
    ]);
  });

  it.each(REPORTS.map((r) => r.name))(
    '%s runs with a time range and lists its drill dimensions',
    async (name) => {
      const r = await run(name, { from: '2024-03-10T00:00:00Z', to: '2024-03-11T00:00:00Z' });
      expect(r.name).toBe(name);
      expect(r.level).toBe('aggregate');
      expect(r.next_dims.length).toBeGreaterThan(1);
      expect(r.rows.length).toBeGreaterThan(0);
    },
  );

  it('listReports describes every report', () => {
    const list = listReports();
    expect(list.map((r) => r.name)).toEqual([
      'hourly-actions',
      'top-destinations',
      'protocols',
      'top-sources',
      'top-ports',
      'top-signatures',
      'blocked-sources',
      'top-sni',
      'firewalls',
    ]);
    expect(list[0]).toMatchObject({
      measure: 'total',
      by: 'hour',
      drill: ['dest_ip', 'src_ip', 'dest_port', 'signature_id'],
    });
  });
});
