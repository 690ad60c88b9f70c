import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterIngest } from '../cli/after-ingest.ts';
import { ingestPaths } from '../ingest/ingest-files.ts';
import { alert, netflow } from '../sessions/fixtures.testing.ts';
import { describeEachEngine, type OpenedStore } from '../store/engines.testing.ts';
import type { Store } from '../store/store.ts';
import { fixtureApp } from './fixture.testing.ts';

const at = (hms: string, us = '000000') => `2024-01-01T${hms}.${us}+0000`;
const iso = (hms: string, us = '000000') => `2024-01-01T${hms}.${us}Z`;
const BIG = 4_000_000_000; // above 2^32
const OTHER_PROTOS = [
  'smb',
  'ftp',
  'smtp',
  'imap',
  'pop3',
  'krb5',
  'nfs',
  'dhcp',
  'snmp',
  'tftp',
  'sip',
  'rdp',
  'mqtt',
  'ikev2',
] as const;

/**
 * fw-a: S1 (flow 1, paired, 1000/5000 bytes, start 00:00) with a blocked alert; S4 (flow 4, paired,
 * 200/800, start 00:59 but records at 01:00:30); S3 (flow 3, one half of 4e9 bytes, start 01:00) with
 * a blocked and an allowed alert. fw-b: S2 (flow 2, paired, 300/700, start 00:10) with an allowed
 * alert; 14 one-half sessions of 14 more protocols from 02:00, one a minute, 10, 20 ... 140 bytes.
 */
function lines(): string[] {
  const pair = (
    fw: string,
    flowId: number,
    start: string,
    ts: string,
    up: number,
    down: number,
    app: string,
  ) => [
    netflow({
      fw,
      flowId,
      ts: at(ts),
      start: at(start),
      src: '10.0.0.1',
      sport: 40000 + flowId,
      dst: '192.0.2.1',
      dport: 443,
      pkts: 1,
      bytes: up,
      app,
    }),
    netflow({
      fw,
      flowId,
      ts: at(ts, '000100'),
      start: at(start),
      src: '192.0.2.1',
      sport: 443,
      dst: '10.0.0.1',
      dport: 40000 + flowId,
      pkts: 1,
      bytes: down,
      app,
    }),
  ];
  const out = [
    ...pair('fw-a', 1, '00:00:00', '00:00:10', 1000, 5000, 'tls'),
    alert({ fw: 'fw-a', flowId: 1, ts: at('00:00:01'), action: 'blocked', sid: 1 }),
    ...pair('fw-b', 2, '00:10:00', '00:10:10', 300, 700, 'http'),
    alert({ fw: 'fw-b', flowId: 2, ts: at('00:10:01'), action: 'allowed', sid: 2 }),
    ...pair('fw-a', 4, '00:59:00', '01:00:30', 200, 800, 'tls'),
    netflow({
      fw: 'fw-a',
      flowId: 3,
      ts: at('01:00:00'),
      start: at('01:00:00'),
      src: '10.0.0.3',
      sport: 5353,
      dst: '198.51.100.1',
      dport: 53,
      proto: 'UDP',
      pkts: 1,
      bytes: BIG,
      app: 'dns',
    }),
    alert({ fw: 'fw-a', flowId: 3, ts: at('01:00:05'), action: 'blocked', sid: 3 }),
    alert({ fw: 'fw-a', flowId: 3, ts: at('01:00:06'), action: 'allowed', sid: 3 }),
  ];
  OTHER_PROTOS.forEach((app, i) => {
    const t = at(`02:${String(i).padStart(2, '0')}:00`);
    out.push(
      netflow({
        fw: 'fw-b',
        flowId: 100 + i,
        ts: t,
        start: t,
        src: '10.0.1.1',
        sport: 50000 + i,
        dst: '198.51.100.2',
        dport: 1000 + i,
        pkts: 1,
        bytes: 10 * (i + 1),
        app,
      }),
    );
  });
  return out;
}

describeEachEngine('the dashboard summary', (engine) => {
  let dir: string;
  let opened: OpenedStore;
  let store: Store;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nfwlens-summary-'));
    const file = join(dir, 'summary.log');
    writeFileSync(file, `${lines().join('\n')}\n`);
    opened = await engine.open();
    store = opened.store;
    await ingestPaths([file], { store });
    await afterIngest(store);
    app = await fixtureApp(store);
  });

  afterAll(async () => {
    await app?.close();
    await opened?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  }

  const EMPTY = {
    records: 0,
    alerts: 0,
    blocked_alerts: 0,
    sessions: 0,
    sessions_paired: 0,
    paired_share: null,
    bytes_to_server: 0,
    bytes_to_client: 0,
    first_ts: null,
    last_ts: null,
  };

  describe('GET /api/summary', () => {
    it.each([
      {
        name: 'everything',
        query: '',
        want: {
          records: 25,
          alerts: 4,
          blocked_alerts: 2,
          sessions: 18, // S1..S4 and the 14 one-half sessions
          sessions_paired: 3,
          paired_share: 3 / 18,
          bytes_to_server: 1000 + 300 + 200 + BIG + 1050,
          bytes_to_client: 5000 + 700 + 800,
          first_ts: iso('00:00:01'),
          last_ts: iso('02:13:00'),
        },
      },
      {
        name: 'a relative range covering everything',
        query: '?from=-24h&to=now',
        want: { records: 25, sessions: 18, bytes_to_server: BIG + 2550 },
      },
      {
        name: 'one firewall',
        query: '?firewall_name=fw-a',
        want: {
          records: 8,
          alerts: 3,
          blocked_alerts: 2,
          sessions: 3,
          sessions_paired: 2,
          paired_share: 2 / 3,
          bytes_to_server: 1000 + 200 + BIG,
          bytes_to_client: 5000 + 800,
          first_ts: iso('00:00:01'),
          last_ts: iso('01:00:30', '000100'),
        },
      },
      {
        // S4's records fall in the hour but its start (00:59) does not; the 02:00 session is excluded (to is exclusive)
        name: 'a range: records by ts, sessions by start',
        query: '?from=2024-01-01T01:00:00Z&to=2024-01-01T02:00:00Z',
        want: {
          records: 5,
          alerts: 2,
          blocked_alerts: 1,
          sessions: 1,
          sessions_paired: 0,
          paired_share: 0,
          bytes_to_server: BIG,
          bytes_to_client: 0,
          first_ts: iso('01:00:00'),
          last_ts: iso('01:00:30', '000100'),
        },
      },
      {
        name: 'a range and a firewall',
        query: '?from=2024-01-01T00:00:00Z&to=2024-01-01T02:05:00Z&firewall_name=fw-b',
        want: {
          records: 3 + 5,
          alerts: 1,
          blocked_alerts: 0,
          sessions: 1 + 5,
          sessions_paired: 1,
          paired_share: 1 / 6,
          bytes_to_server: 300 + 10 + 20 + 30 + 40 + 50,
          bytes_to_client: 700,
          first_ts: iso('00:10:01'),
          last_ts: iso('02:04:00'),
        },
      },
      {
        name: 'a firewall with nothing in the range',
        query: '?from=2024-01-01T01:00:00Z&firewall_name=fw-a&to=2024-01-01T00:30:00Z',
        want: EMPTY,
      },
      { name: 'an unknown firewall', query: '?firewall_name=fw-z', want: EMPTY },
    ])('$name', async ({ query, want }) => {
      const { status, body } = await get(`/api/summary${query}`);
      expect(status).toBe(200);
      expect(body).toMatchObject(want);
      expect(Object.keys(body).sort()).toEqual(Object.keys(EMPTY).sort());
    });

    it('counts every session, where summing the protocols report top 12 would miss some', async () => {
      const { body } = await get('/api/summary');
      const report = (await get('/api/reports/protocols?top=12')).body;
      const rows = report.rows as Record<string, number>[];
      const topSessions = rows.reduce((a, r) => a + Number(r.sessions), 0);
      expect(topSessions).toBeLessThan(body.sessions as number);
      const all = (await get('/api/reports/protocols?top=100')).body.rows as Record<string, number>[];
      expect(all).toHaveLength(17);
      expect(all.reduce((a, r) => a + Number(r.sessions), 0)).toBe(body.sessions);
    });

    it('answers 400 naming a bad time', async () => {
      const { status, body } = await get('/api/summary?from=yesterday');
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'bad_request' });
      expect(String(body.message)).toMatch(/^from/);
    });
  });
});
