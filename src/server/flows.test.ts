/** `GET /api/flows` over real HTTP: each alert says which of the flow's sessions it joins. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alert, netflow, openTestStore, type TestStore } from '../sessions/fixtures.testing.ts';
import { describeEachEngine } from '../store/engines.testing.ts';
import { fixtureApp } from './fixture.testing.ts';

const FLOW = 7_700_001;
describeEachEngine('the flows route', (engine) => {
  let t: TestStore;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    t = await openTestStore(engine);
    const half = (src: string, sport: number, dst: string, dport: number, ts: string, bytes: number) =>
      netflow({
        flowId: FLOW,
        ts,
        start: '2024-01-01T00:00:00.000000+0000',
        end: '2024-01-01T00:00:05.000000+0000',
        src,
        sport,
        dst,
        dport,
        pkts: 3,
        bytes,
        app: 'tls',
      });
    await t.ingest([
      half('35.55.41.33', 52924, '10.0.1.25', 443, '2024-01-01T00:00:10.000000+0000', 900),
      half('10.0.1.25', 443, '35.55.41.33', 52924, '2024-01-01T00:00:10.000100+0000', 4000),
      // The conversation's own alert, seen on the reply direction (server -> client).
      alert({
        flowId: FLOW,
        ts: '2024-01-01T00:00:03.000000+0000',
        action: 'allowed',
        sid: 11,
        src: '10.0.1.25',
        sport: 443,
        dst: '35.55.41.33',
        dport: 52924,
      }),
      // Another pair of hosts that happens to carry the same flow_id, inside the span.
      alert({
        flowId: FLOW,
        ts: '2024-01-01T00:00:02.000000+0000',
        action: 'blocked',
        sid: 22,
        src: '162.142.125.181',
        sport: 40000,
        dst: '10.0.1.21',
        dport: 22,
      }),
    ]);
    const app = await fixtureApp(t.store);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    close = () => app.close();
  });

  afterAll(async () => {
    await close?.();
    await t?.close();
  });

  describe('GET /api/flows', () => {
    it('marks the conversation alert as joined and the unrelated one as stand-alone', async () => {
      const res = await fetch(`${base}/api/flows?flow_id=${FLOW}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        sessions: { alert_action: string | null; alert_count: number }[];
        alerts: { alert_signature_id: number; joined_sessions: number[] }[];
      };
      expect(body.sessions).toHaveLength(1);
      expect(body.sessions[0]).toMatchObject({ alert_action: 'allowed', alert_count: 1 });
      const bySid = new Map(body.alerts.map((a) => [a.alert_signature_id, a.joined_sessions]));
      expect(bySid.get(11)).toEqual([0]);
      expect(bySid.get(22)).toEqual([]);
    });
  });
});
