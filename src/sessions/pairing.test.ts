import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../store/engines.testing.ts';
import { comparable, netflow, openTestStore, type TestStore } from './fixtures.testing.ts';
import { referenceSessions } from './reference.testing.ts';
import type { Session } from './types.ts';

/** The paired records of the flow-log example in the NFW logging article, as one line each. */
const ARTICLE_REQUEST = JSON.stringify({
  firewall_name: 'NetworkFirewall',
  availability_zone: 'us-west-2a',
  event_timestamp: '1675151323',
  event: {
    tcp: { tcp_flags: 'df', syn: true, fin: true, rst: true, psh: true, ack: true, ecn: true, cwr: true },
    app_proto: 'tls',
    src_ip: '192.168.0.78',
    src_port: 50811,
    netflow: {
      pkts: 16,
      bytes: 3487,
      start: '2023-01-31T07:44:20.121258+0000',
      end: '2023-01-31T07:44:28.852749+0000',
      age: 8,
      min_ttl: 127,
      max_ttl: 127,
    },
    event_type: 'netflow',
    flow_id: 106638783863210,
    dest_ip: '18.180.167.106',
    proto: 'TCP',
    dest_port: 443,
    timestamp: '2023-01-31T07:48:43.647164+0000',
  },
});
const ARTICLE_REPLY = JSON.stringify({
  firewall_name: 'NetworkFirewall',
  availability_zone: 'us-west-2a',
  event_timestamp: '1675151323',
  event: {
    tcp: { tcp_flags: '1b', syn: true, fin: true, psh: true, ack: true },
    app_proto: 'tls',
    src_ip: '18.180.167.106',
    src_port: 443,
    netflow: {
      pkts: 28,
      bytes: 29719,
      start: '2023-01-31T07:44:20.121258+0000',
      end: '2023-01-31T07:44:28.852749+0000',
      age: 8,
      min_ttl: 110,
      max_ttl: 227,
    },
    event_type: 'netflow',
    flow_id: 106638783863210,
    dest_ip: '192.168.0.78',
    proto: 'TCP',
    dest_port: 50811,
    timestamp: '2023-01-31T07:48:43.647207+0000',
  },
});

const START = '2024-03-01T10:00:00.000000+0000';
const tcpPair = (flowId: number, extra: { fw?: string; az?: string; start?: string; ts?: string } = {}) => {
  const base = { flowId, start: extra.start ?? START, ...(extra.fw ? { fw: extra.fw } : {}) };
  const az = extra.az ? { az: extra.az } : {};
  const ts = extra.ts ?? '2024-03-01T10:05:00.000000+0000';
  return [
    netflow({
      ...base,
      ...az,
      ts,
      src: '10.0.0.5',
      sport: 40001,
      dst: '203.0.113.9',
      dport: 443,
      pkts: 5,
      bytes: 500,
    }),
    netflow({
      ...base,
      ...az,
      ts,
      src: '203.0.113.9',
      sport: 443,
      dst: '10.0.0.5',
      dport: 40001,
      pkts: 7,
      bytes: 7000,
    }),
  ];
};

describeEachEngine('pairing netflow halves into sessions', (engine) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(engine);
  });
  afterEach(async () => {
    await t.close();
  });

  it("pairs the article's example into one TLS session with its exact figures", async () => {
    await t.ingest([ARTICLE_REQUEST, ARTICLE_REPLY]);
    const sessions = await t.sessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      kind: 'netflow',
      firewall_name: 'NetworkFirewall',
      availability_zone: 'us-west-2a',
      flow_id: 106638783863210,
      start: '2023-01-31T07:44:20.121258Z',
      end: '2023-01-31T07:44:28.852749Z',
      age: 8,
      client_ip: '192.168.0.78',
      client_port: 50811,
      server_ip: '18.180.167.106',
      server_port: 443,
      proto: 'TCP',
      app_proto: 'tls',
      pkts_to_server: 16,
      bytes_to_server: 3487,
      pkts_to_client: 28,
      bytes_to_client: 29719,
      total_bytes: 33206,
      paired: true,
      tcp_flags_to_server: 'df',
      tcp_flags_to_client: '1b',
      request_id: 1,
      reply_id: 2,
      ts: '2023-01-31T07:48:43.647164Z',
      alert_count: 0,
      alert_action: null,
      signature_ids: [],
      records: 2,
    });
  });

  it('takes the earlier record as the request even when the reply comes first in the input', async () => {
    await t.ingest([ARTICLE_REPLY, ARTICLE_REQUEST]);
    const [s] = await t.sessions();
    expect(s).toMatchObject({ client_ip: '192.168.0.78', client_port: 50811, bytes_to_server: 3487 });
    expect(s).toMatchObject({ bytes_to_client: 29719, request_id: 2, reply_id: 1 });
  });

  it.each([
    ['request first', [ARTICLE_REQUEST], [ARTICLE_REPLY]],
    ['reply first', [ARTICLE_REPLY], [ARTICLE_REQUEST]],
  ])('pairs halves from two files ingested in two runs (%s)', async (_name, first, second) => {
    await t.ingest(first);
    const before = await t.sessions();
    expect(before).toHaveLength(1);
    expect(before[0]?.paired).toBe(false);
    await t.ingest(second);
    const after = await t.sessions();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      paired: true,
      client_port: 50811,
      bytes_to_server: 3487,
      bytes_to_client: 29719,
    });
  });

  it('keeps the same flow_id on two firewalls and two AZs apart', async () => {
    await t.ingest([
      ...tcpPair(77, { fw: 'fw-a' }),
      ...tcpPair(77, { fw: 'fw-b' }),
      ...tcpPair(77, { az: 'us-east-1b' }),
    ]);
    const sessions = await t.sessions();
    expect(sessions).toHaveLength(3);
    expect(sessions.every((s) => s.paired && s.total_bytes === 7500)).toBe(true);
    expect(new Set(sessions.map((s) => `${s.firewall_name}/${s.availability_zone}`)).size).toBe(3);
  });

  it('makes a reused flow_id with another start another session', async () => {
    await t.ingest([
      ...tcpPair(5),
      ...tcpPair(5, { start: '2024-03-01T11:00:00.000000+0000', ts: '2024-03-01T11:02:00.000000+0000' }),
    ]);
    const sessions = await t.sessions();
    expect(sessions.map((s) => [s.start, s.total_bytes, s.paired])).toEqual([
      ['2024-03-01T11:00:00.000000Z', 7500, true],
      ['2024-03-01T10:00:00.000000Z', 7500, true],
    ]);
  });

  it('keeps one-way UDP and ICMP flows as lone requests', async () => {
    await t.ingest([
      netflow({
        flowId: 1,
        ts: START,
        start: START,
        src: '10.0.0.7',
        sport: 5353,
        dst: '224.0.0.251',
        dport: 5353,
        proto: 'UDP',
        pkts: 3,
        bytes: 270,
      }),
      netflow({
        flowId: 2,
        ts: START,
        start: START,
        src: '10.0.0.7',
        dst: '198.51.100.1',
        proto: 'ICMP',
        icmpType: 8,
        pkts: 4,
        bytes: 336,
      }),
    ]);
    const sessions = await t.sessions();
    const byProto = Object.fromEntries(sessions.map((s) => [s.proto, s]));
    expect(byProto.UDP).toMatchObject({
      paired: false,
      reply_id: null,
      client_ip: '10.0.0.7',
      server_port: 5353,
      bytes_to_server: 270,
      bytes_to_client: 0,
      pkts_to_client: 0,
      app_proto: 'unknown',
    });
    expect(byProto.ICMP).toMatchObject({
      paired: false,
      client_port: null,
      server_ip: '198.51.100.1',
      total_bytes: 336,
    });
  });

  it('breaks a tie on timestamps by the larger src_port, then the smaller src_ip as text', async () => {
    const ts = '2024-03-01T10:05:00.000000+0000';
    const common = { ts, start: START, pkts: 1, bytes: 100, proto: 'UDP' };
    await t.ingest([
      netflow({ ...common, flowId: 10, src: '10.0.0.1', sport: 53, dst: '10.0.0.2', dport: 33000 }),
      netflow({
        ...common,
        flowId: 10,
        src: '10.0.0.2',
        sport: 33000,
        dst: '10.0.0.1',
        dport: 53,
        bytes: 60,
      }),
      netflow({ ...common, flowId: 11, src: '10.0.0.9', dst: '10.0.0.10', proto: 'ICMP', icmpType: 0 }),
      netflow({
        ...common,
        flowId: 11,
        src: '10.0.0.10',
        dst: '10.0.0.9',
        proto: 'ICMP',
        icmpType: 8,
        bytes: 84,
      }),
    ]);
    const byFlow = Object.fromEntries((await t.sessions()).map((s) => [s.flow_id, s]));
    expect(byFlow[10]).toMatchObject({
      client_ip: '10.0.0.2',
      client_port: 33000,
      server_port: 53,
      bytes_to_server: 60,
      bytes_to_client: 100,
    });
    // "10.0.0.10" < "10.0.0.9" as text
    expect(byFlow[11]).toMatchObject({
      client_ip: '10.0.0.10',
      server_ip: '10.0.0.9',
      bytes_to_server: 84,
      bytes_to_client: 100,
    });
  });

  it('counts a duplicated record once', async () => {
    const [req, rep] = tcpPair(3);
    await t.ingest([req!, rep!, req!]);
    const sessions = await t.sessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      records: 3,
      bytes_to_server: 500,
      bytes_to_client: 7000,
      paired: true,
    });
  });

  it('gives the sessions of the rules whatever the order and the split of the input', async () => {
    const lines = [ARTICLE_REQUEST, ARTICLE_REPLY, ...tcpPair(1), ...tcpPair(2, { fw: 'fw-b' })];
    const byRequest = (a: Session, b: Session) => a.request_id - b.request_id;
    const rules = (input: string[]) => referenceSessions(input.map((l) => JSON.parse(l)));
    await t.ingest(lines);
    expect((await t.sessions()).sort(byRequest)).toEqual(rules(lines));
    const other = await openTestStore(engine);
    try {
      const reversed = [...lines].reverse();
      for (const line of reversed) await other.ingest([line]);
      expect((await other.sessions()).sort(byRequest)).toEqual(rules(reversed));
      const once = (await t.sessions())
        .map(comparable)
        .sort((a, b) => String(a.flow_id).localeCompare(String(b.flow_id)));
      const split = (await other.sessions())
        .map(comparable)
        .sort((a, b) => String(a.flow_id).localeCompare(String(b.flow_id)));
      expect(split).toEqual(once);
      expect(once).toHaveLength(3);
    } finally {
      await other.close();
    }
  });
});
