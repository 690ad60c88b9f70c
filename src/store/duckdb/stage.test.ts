import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeLine } from '../../normalize/index.ts';
import { EVENT_COLUMN_NAMES, type EventRow } from '../../schema/columns.ts';
import type { EventInput } from '../store.ts';
import { DuckDbStore } from './duckdb-store.ts';
import { nextChunkTag, StagingFile, stageEvents } from './stage.ts';

function record(i: number, event: Record<string, unknown> = {}): string {
  return JSON.stringify({
    firewall_name: 'fw',
    availability_zone: 'us-east-1a',
    event_timestamp: '1704067200',
    event: {
      timestamp: `2024-01-01T00:00:0${i}.123456+0000`,
      flow_id: 1000 + i,
      event_type: 'alert',
      src_ip: '10.0.0.1',
      src_port: 1024 + i,
      dest_ip: '2001:db8::1',
      dest_port: 443,
      proto: 'TCP',
      alert: { action: 'blocked', signature_id: 7, rev: 1, signature: 'sig', category: 'c', severity: 1 },
      ...event,
    },
  });
}

function eventOf(text: string, origin: string, line: number): EventInput {
  const r = normalizeLine(text);
  if (!r.ok) throw new Error(r.message);
  return { row: r.row, residual: r.residual, origin, line };
}

function put(staging: StagingFile, events: EventInput[], tag: number, origin: string): void {
  const { bytes, longestLine } = stageEvents(events, tag);
  staging.append(bytes, { tag, count: events.length, origin, longestLine });
}

async function withStore<T>(fn: (s: DuckDbStore) => Promise<T>): Promise<T> {
  const store = await DuckDbStore.open({ path: ':memory:' });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('staged commits', () => {
  it.each([
    ['quotes, backslashes and newlines', 'a "quoted"\\ value\nwith a newline'],
    ['non-ASCII and line separators', 'żółw \u2028 ✓ 😀'],
    ['an empty string', ''],
    ['a 3 MB value (longer than the default line limit)', 'x'.repeat(3_000_000)],
  ])('stores strings exactly: %s', async (_name, signature) => {
    await withStore(async (store) => {
      const text = record(1, {
        alert: { action: 'allowed', signature_id: 1, rev: 1, signature, category: 'x', severity: 2 },
      });
      await store.commitBatch({ events: [eventOf(text, 'o', 1)], rejects: [] });
      const rows = await store.query('SELECT alert_signature FROM events');
      expect(rows[0]!.alert_signature).toBe(signature);
    });
  });

  it('keeps 64- and 128-bit integers, timestamps, booleans, lists and nulls', async () => {
    await withStore(async (store) => {
      const e = eventOf(record(2, { tcp: { syn: true, fin: false } }), 'o', 5);
      const row: EventRow = { ...e.row, flow_id: 18446744073709551615n, aws_category: ['a', 'b "c"'] };
      await store.commitBatch({ events: [{ ...e, row }], rejects: [] });
      const [r] = await store.query(
        `SELECT flow_id::VARCHAR AS flow_id, src_ip_v4::VARCHAR AS src_v4, src_ip_v6, dest_ip_v4,
          dest_ip_v6::VARCHAR AS dest_v6, ts, tcp_syn, tcp_fin, tcp_ack, aws_category, origin, origin_line, residual FROM events`,
      );
      expect(r).toEqual({
        flow_id: '18446744073709551615',
        src_v4: String(row.src_ip_v4),
        src_ip_v6: null,
        dest_ip_v4: null,
        dest_v6: String(row.dest_ip_v6),
        ts: '2024-01-01T00:00:02.123456Z',
        tcp_syn: true,
        tcp_fin: false,
        tcp_ack: null,
        aws_category: ['a', 'b "c"'],
        origin: 'o',
        origin_line: 5,
        residual: e.residual,
      });
      expect(row.src_ip_v4).toBe((0xffffn << 32n) | 0x0a000001n);
      expect(BigInt(String(row.dest_ip_v6))).toBeGreaterThan(2n ** 64n);
    });
  });

  it('numbers ids in arrival order across origins and commits, with each origin kept', async () => {
    await withStore(async (store) => {
      const a = [1, 2, 3].map((i) => eventOf(record(i), "it's/a", i));
      const b = [4, 5].map((i) => eventOf(record(i), 'b', i));
      const first = await store.commitBatch({ events: [...a, ...b], rejects: [] });
      const second = await store.commitBatch({ events: [eventOf(record(6), 'c', 1)], rejects: [] });
      expect([first.firstId, first.lastId, second.firstId, second.lastId]).toEqual([1, 5, 6, 6]);
      const rows = await store.query('SELECT id, origin, origin_line, src_port FROM events ORDER BY id');
      expect(rows.map((r) => [r.id, r.origin, r.origin_line, r.src_port])).toEqual([
        [1, "it's/a", 1, 1025],
        [2, "it's/a", 2, 1026],
        [3, "it's/a", 3, 1027],
        [4, 'b', 4, 1028],
        [5, 'b', 5, 1029],
        [6, 'c', 1, 1030],
      ]);
    });
  });

  it('commits chunks staged ahead (tags in any order) with their rejections and checkpoint, then removes the file', async () => {
    await withStore(async (store) => {
      const staging = new StagingFile();
      const t1 = nextChunkTag();
      const t2 = nextChunkTag();
      const e1 = [eventOf(record(1), 'x', 1), eventOf(record(2), 'x', 2)];
      const e2 = [eventOf(record(3), 'y', 7)];
      put(staging, e2, t2, 'y');
      put(staging, e1, t1, 'x');
      const res = await store.commitStaged({
        staging,
        rejects: [{ origin: 'x', line: 3, reason: 'invalid_json', message: 'bad', raw: '{' }],
        checkpoints: [{ sourceKey: 'k', kind: 'file', origin: 'x', offset: 10, line: 3 }],
      });
      expect(res).toEqual({ inserted: 3, rejected: 1, firstId: 1, lastId: 3 });
      expect(existsSync(staging.path)).toBe(false);
      const rows = await store.query('SELECT id, origin, origin_line FROM events ORDER BY id');
      expect(rows.map((r) => [r.id, r.origin, r.origin_line])).toEqual([
        [1, 'y', 7],
        [2, 'x', 1],
        [3, 'x', 2],
      ]);
      expect((await store.listRejected()).map((r) => [r.origin, r.line, r.raw])).toEqual([['x', 3, '{']]);
      expect((await store.getCheckpoint('k'))?.offset).toBe(10);
    });
  });

  it('rolls back events, rejections and checkpoint together when the insert fails', async () => {
    await withStore(async (store) => {
      const staging = new StagingFile();
      const tag = nextChunkTag();
      // A 128-bit column holding text that is no number: the cast fails inside the INSERT.
      const bad = `{"k":${tag},"n":1,"l":2,"c${EVENT_COLUMN_NAMES.indexOf('src_ip_v6')}":"x"}\n`;
      put(staging, [eventOf(record(1), 'x', 1)], tag, 'x');
      staging.append(Buffer.from(bad), { tag, count: 1, origin: 'x', longestLine: bad.length });
      await expect(
        store.commitStaged({
          staging,
          rejects: [{ origin: 'x', line: 2, reason: 'invalid_json', message: 'bad', raw: '{' }],
          checkpoints: [{ sourceKey: 'k', kind: 'file', origin: 'x', offset: 10, line: 3 }],
        }),
      ).rejects.toThrow();
      expect(existsSync(staging.path)).toBe(false);
      expect(await store.query('SELECT * FROM events')).toEqual([]);
      expect((await store.listRejected()).length).toBe(0);
      expect(await store.getCheckpoint('k')).toBeNull();
      // The failed commit used no ids: the next one starts at 1.
      const ok = await store.commitBatch({ events: [eventOf(record(2), 'x', 2)], rejects: [] });
      expect(ok.firstId).toBe(1);
    });
  });
});
