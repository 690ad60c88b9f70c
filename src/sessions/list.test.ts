import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../store/engines.testing.ts';
import { alert, netflow, openTestStore, type TestStore } from './fixtures.testing.ts';
import { listSessionPages, listSessions } from './list.ts';
import { SESSION_COLUMNS, type Session } from './types.ts';

/** Three sessions an hour apart, growing in bytes, one with a blocked alert. */
function lines(): string[] {
  const out: string[] = [];
  for (const [i, hour] of [
    [1, '08'],
    [2, '09'],
    [3, '10'],
  ] as const) {
    const start = `2024-03-01T${hour}:00:00.000000+0000`;
    const c = { flowId: i, start, ts: `2024-03-01T${hour}:02:00.000000+0000` };
    const server = i === 3 ? '2001:db8::5' : `192.0.2.${i}`;
    out.push(
      netflow({
        ...c,
        src: `10.0.${i}.1`,
        sport: 40000,
        dst: server,
        dport: i === 1 ? 22 : 443,
        pkts: i,
        bytes: i * 100,
      }),
      netflow({
        ...c,
        src: server,
        sport: i === 1 ? 22 : 443,
        dst: `10.0.${i}.1`,
        dport: 40000,
        pkts: i,
        bytes: [0, 5000, 900, 70][i]!,
      }),
    );
  }
  out.push(
    alert({
      src: '10.0.2.1',
      sport: 40000,
      dst: '192.0.2.2',
      dport: 443,
      flowId: 2,
      ts: '2024-03-01T09:00:10.000000+0000',
      action: 'blocked',
      sid: 2100,
    }),
  );
  return out;
}

describeEachEngine('listing sessions', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine);
    await t.ingest(lines());
  });
  afterAll(async () => {
    await t.close();
  });
  const flows = async (opts: Parameters<typeof listSessions>[1]) =>
    (await listSessions(t.store, opts)).map((s) => s.flow_id);

  it.each([
    ['newest first by default', {}, [3, 2, 1]],
    ['largest first by total_bytes', { sort: 'total_bytes' as const }, [1, 2, 3]],
    ['limit', { sort: 'total_bytes' as const, limit: 1 }, [1]],
    ['a filter on the server port', { filter: 'server_port:443' }, [3, 2]],
    ['an alias and a comparison', { filter: 'bytes>1000' }, [2, 1]],
    ['a CIDR on the client', { filter: 'client:10.0.2.0/24' }, [2]],
    ['an IPv6 server', { filter: 'server:2001:db8::/32' }, [3]],
    ['the verdict', { filter: 'action:blocked' }, [2]],
    ['a signature id', { filter: 'sid:2100' }, [2]],
    ['not paired', { filter: 'paired:false' }, []],
    ['from (inclusive)', { from: '2024-03-01T09:00:00Z' }, [3, 2]],
    ['to (exclusive)', { to: '2024-03-01T09:00:00Z' }, [1]],
    ['from and to', { from: '2024-03-01T08:30:00Z', to: '2024-03-01T09:30:00Z' }, [2]],
    ['a relative time', { from: '-60m', now: new Date('2024-03-01T10:30:00Z') }, [3]],
  ])('%s', async (_name, opts, expected) => {
    expect(await flows(opts)).toEqual(expected);
  });

  it('lists the columns of the session column table, in its order', async () => {
    const [row] = await listSessions(t.store, { limit: 1 });
    expect(Object.keys(row ?? {})).toEqual(SESSION_COLUMNS);
  });

  it('rejects a bad filter and a bad time with a message', async () => {
    await expect(listSessions(t.store, { filter: 'no_such_field:1' })).rejects.toThrow(/no_such_field/);
    await expect(listSessions(t.store, { from: 'yesterday-ish' })).rejects.toThrow(/invalid time/);
  });
});

describeEachEngine("listing sessions by their joined alerts' texts", (engine) => {
  let t: TestStore;
  const at = (hour: string) => `2024-03-01T${hour}:00:00.000000+0000`;
  /** Flow n: a paired session 10.0.0.n:40000 -> 192.0.2.n:443 at 0n:00, with these alerts. */
  const alerts: Record<number, Array<{ sid: number; signature: string; category?: string }>> = {
    1: [
      { sid: 2001, signature: 'ET SCAN Suspicious inbound to SSH', category: 'Attempted Information Leak' },
    ],
    2: [{ sid: 2002, signature: 'ET POLICY curl User-Agent Outbound' }],
    3: [],
    4: [
      { sid: 2002, signature: 'ET POLICY curl User-Agent Outbound' },
      { sid: 2003, signature: 'ET SCANNER nmap probe' },
    ],
  };
  beforeAll(async () => {
    t = await openTestStore(engine);
    const out: string[] = [];
    for (const [id, list] of Object.entries(alerts)) {
      const n = Number(id);
      const c = { flowId: n, start: at(`0${n}`), ts: at(`0${n}`) };
      const client = `10.0.0.${n}`;
      const server = `192.0.2.${n}`;
      out.push(
        netflow({ ...c, src: client, sport: 40000, dst: server, dport: 443, pkts: 1, bytes: 100 }),
        netflow({ ...c, src: server, sport: 443, dst: client, dport: 40000, pkts: 1, bytes: 200 }),
      );
      for (const a of list)
        out.push(
          alert({ ...a, flowId: n, ts: c.ts, action: 'allowed', src: client, dst: server, dport: 443 }),
        );
    }
    // An alert of its own flow, with no flow records: its signature matches, but it joins no session.
    out.push(
      alert({
        flowId: 9,
        ts: at('05'),
        action: 'blocked',
        sid: 2004,
        signature: 'ET SCAN Suspicious outbound',
      }),
    );
    await t.ingest(out);
  });
  afterAll(async () => {
    await t.close();
  });
  const flows = async (filter: string) =>
    (await listSessions(t.store, { filter })).map((s) => s.flow_id).sort();

  it.each([
    ['a phrase inside the signature, ignoring case', 'signature:"scan suspicious"', [1]],
    ['a whole word only', 'signature:scan', [1]],
    ['a regex', 'signature:/scan/i', [1, 4]],
    ['either of two', 'signature:curl or sid:2001', [1, 2, 4]],
    ['the sessions none of whose alerts match', 'not signature:curl', [1, 3]],
    ['any signature at all', 'signature:*', [1, 2, 4]],
    ['the category', 'category:"information leak"', [1]],
    ['with another field', 'signature:curl and client:10.0.0.4', [4]],
    ['nothing matches', 'signature:"no such rule"', []],
  ])('%s: %s', async (_name, filter, expected) => {
    expect(await flows(filter)).toEqual(expected);
  });
});

describeEachEngine('listing sessions a page at a time', (engine) => {
  let t: TestStore;
  /** 23 one-half sessions: starts in three groups (ties), bytes in four values (ties). */
  const count = 23;
  beforeAll(async () => {
    t = await openTestStore(engine);
    const out: string[] = [];
    for (let i = 1; i <= count; i++) {
      const start = `2024-03-01T0${i % 3}:00:00.000000+0000`;
      out.push(
        netflow({
          flowId: i,
          start,
          ts: start,
          src: '10.0.0.1',
          sport: 40000 + i,
          dst: '192.0.2.1',
          dport: 443,
          pkts: 1,
          bytes: (i % 4) * 100,
        }),
      );
    }
    await t.ingest(out);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['start', 1],
    ['start', 5],
    ['start', 23],
    ['total_bytes', 4],
    ['total_bytes', 100],
  ] as const)('by %s in pages of %i: the same rows in the same order as one read', async (sort, size) => {
    const whole = await listSessions(t.store, { sort, limit: 1000 });
    expect(whole).toHaveLength(count);
    const pages: Session[][] = [];
    for await (const page of listSessionPages(t.store, { sort, limit: 1000 }, size)) pages.push(page);
    expect(pages.map((p) => p.length).every((n) => n <= size)).toBe(true);
    expect(pages.flat().map((s) => s.flow_id)).toEqual(whole.map((s) => s.flow_id));
  });

  it('stops at the limit and keeps a filter', async () => {
    const pages: Session[][] = [];
    for await (const page of listSessionPages(t.store, { limit: 7, filter: 'bytes>0' }, 3)) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const rows = pages.flat();
    expect(rows.every((s) => s.total_bytes > 0)).toBe(true);
    expect(rows.map((s) => s.flow_id)).toEqual(
      (await listSessions(t.store, { limit: 7, filter: 'bytes>0' })).map((s) => s.flow_id),
    );
  });
});
