import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../store/engines.testing.ts';
import { alert, endpoints, type Half, netflow, openTestStore, type TestStore } from './fixtures.testing.ts';
import { refreshSessions } from './refresh.ts';

const FW = { fw: 'ingress-fw', az: 'us-east-1b' };
const FLOW = 1097866239973063;

/** A TLS session 35.55.41.33:52924 -> 10.0.1.25:443 from 10:00:00 to 10:01:00, both halves logged at 10:01:00. */
const TLS: Half = {
  ...FW,
  flowId: FLOW,
  ts: '2024-05-02T10:01:00.000000+0000',
  start: '2024-05-02T10:00:00.000000+0000',
  end: '2024-05-02T10:01:00.000000+0000',
  src: '35.55.41.33',
  sport: 52924,
  dst: '10.0.1.25',
  dport: 443,
  pkts: 10,
  bytes: 1200,
  app: 'tls',
};
const reply = (h: Half, over: Partial<Half> = {}): Half => ({
  ...h,
  src: h.dst,
  sport: h.dport,
  dst: h.src,
  dport: h.sport,
  pkts: 12,
  bytes: 9000,
  ...over,
});
const tlsPair = (over: Partial<Half> = {}) => [
  netflow({ ...TLS, ...over }),
  netflow(reply({ ...TLS, ...over })),
];

describeEachEngine('which alerts join a session', (engine) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(engine);
  });
  afterEach(async () => {
    await t.close();
  });

  const only = async () => {
    const sessions = await t.sessions();
    expect(sessions).toHaveLength(1);
    return sessions[0]!;
  };

  it('does not join an alert between two other hosts that carries the same flow_id within the span', async () => {
    await t.ingest([
      ...tlsPair(),
      // "ET SCAN Potential SSH Scan", 162.142.125.181 -> 10.0.1.21:22, four minutes before the start
      alert({
        ...FW,
        flowId: FLOW,
        ts: '2024-05-02T09:56:00.000000+0000',
        action: 'blocked',
        sid: 2001219,
        src: '162.142.125.181',
        sport: 61000,
        dst: '10.0.1.21',
        dport: 22,
      }),
    ]);
    expect(await only()).toMatchObject({ alert_count: 0, alert_action: null, signature_ids: [] });
    // The alert is still stored as an alert record.
    expect((await t.store.status()).records_by_log_type.alert).toBe(1);
  });

  it.each([
    ['the same host, another port', { sport: 52925 }],
    ['the same port, another host', { src: '35.55.41.34' }],
    ['the server port on the client side', { sport: 443, dport: 52924 }],
    ['a missing port where the session has one', { sport: null }],
  ])('does not join an alert on other endpoints: %s', async (_name, over) => {
    await t.ingest([
      ...tlsPair(),
      alert({ ...FW, ...endpoints(TLS), ...over, flowId: FLOW, ts: TLS.end!, action: 'blocked', sid: 1 }),
    ]);
    expect((await only()).alert_count).toBe(0);
  });

  it('joins an alert seen from the server to the client (the reply direction)', async () => {
    await t.ingest([
      ...tlsPair(),
      alert({ ...FW, ...endpoints(TLS, true), flowId: FLOW, ts: TLS.end!, action: 'blocked', sid: 7 }),
      alert({ ...FW, ...endpoints(TLS), flowId: FLOW, ts: TLS.end!, action: 'allowed', sid: 3 }),
    ]);
    expect(await only()).toMatchObject({ alert_count: 2, alert_action: 'blocked', signature_ids: [3, 7] });
  });

  it.each([
    ['3 minutes after the end', '2024-05-02T10:04:00.000000+0000', 1],
    ['exactly 5 minutes after the end', '2024-05-02T10:06:00.000000+0000', 1],
    ['5 minutes and 1 µs after the end', '2024-05-02T10:06:00.000001+0000', 0],
    ['8 minutes after the end', '2024-05-02T10:09:00.000000+0000', 0],
    ['exactly 5 minutes before the start', '2024-05-02T09:55:00.000000+0000', 1],
    ['5 minutes and 1 µs before the start', '2024-05-02T09:54:59.999999+0000', 0],
  ])('applies the 5-minute slack: an alert %s', async (_name, ts, joined) => {
    await t.ingest([
      ...tlsPair(),
      alert({ ...FW, ...endpoints(TLS), flowId: FLOW, ts, action: 'allowed', sid: 1 }),
    ]);
    expect((await only()).alert_count).toBe(joined);
  });

  it('widens the span to the later of the two halves when they are logged after the end', async () => {
    // end 10:01, request logged 10:01, reply 10:07: an alert at 10:11 (10 min after the end) joins
    await t.ingest([
      netflow(TLS),
      netflow(reply(TLS, { ts: '2024-05-02T10:07:00.000000+0000' })),
      alert({
        ...FW,
        ...endpoints(TLS),
        flowId: FLOW,
        ts: '2024-05-02T10:11:00.000000+0000',
        action: 'blocked',
        sid: 1,
      }),
    ]);
    expect(await only()).toMatchObject({ alert_count: 1, alert_action: 'blocked' });
  });

  it('joins an ICMP alert with port 0 to an ICMP flow without ports', async () => {
    const icmp: Half = {
      ...FW,
      flowId: 42,
      ts: TLS.ts,
      start: TLS.start,
      end: TLS.end!,
      src: '10.0.1.9',
      dst: '198.51.100.1',
      proto: 'ICMP',
      icmpType: 8,
      pkts: 4,
      bytes: 336,
    };
    await t.ingest([
      netflow(icmp),
      netflow({ ...reply(icmp), icmpType: 0 }),
      alert({
        ...FW,
        flowId: 42,
        ts: TLS.end!,
        action: 'blocked',
        sid: 9,
        src: '198.51.100.1',
        sport: 0,
        dst: '10.0.1.9',
        dport: 0,
        proto: 'ICMP',
      }),
    ]);
    expect(await only()).toMatchObject({ client_port: null, alert_count: 1, alert_action: 'blocked' });
  });
});

describeEachEngine('alerts arriving after their sessions', (engine) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(engine);
  });
  afterEach(async () => {
    await t.close();
  });

  /** Two sessions under one flow_id (a reused id within minutes), between different hosts. */
  const other: Partial<Half> = { src: '35.55.41.40', sport: 40000, start: '2024-05-02T10:00:30.000000+0000' };

  it('recomputes exactly the sessions a new alert joins', async () => {
    await t.ingest([...tlsPair(), ...tlsPair(other)]);
    const before = await t.sessions();
    expect(before).toHaveLength(2);

    // An alert on neither session's endpoints: nothing to recompute.
    await t.ingest(
      [
        alert({
          ...FW,
          flowId: FLOW,
          ts: TLS.end!,
          action: 'blocked',
          sid: 5,
          src: '10.9.9.9',
          dst: '10.0.1.25',
        }),
      ],
      false,
    );
    expect(await refreshSessions(t.store)).toMatchObject({ mode: 'incremental', sessions_updated: 0 });
    expect(await t.sessions()).toEqual(before);

    // An alert on the second session, from its server: that one only.
    await t.ingest(
      [
        alert({
          ...FW,
          ...endpoints({ ...TLS, ...other }, true),
          flowId: FLOW,
          ts: TLS.end!,
          action: 'blocked',
          sid: 6,
        }),
      ],
      false,
    );
    expect(await refreshSessions(t.store)).toMatchObject({ mode: 'incremental', sessions_updated: 1 });
    const after = await t.sessions();
    const byClient = Object.fromEntries(after.map((s) => [s.client_ip, s]));
    expect(byClient['35.55.41.33']).toEqual(before.find((s) => s.client_ip === '35.55.41.33'));
    expect(byClient['35.55.41.40']).toMatchObject({
      alert_count: 1,
      alert_action: 'blocked',
      signature_ids: [6],
    });
  });
});
