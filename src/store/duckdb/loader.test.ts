import { describe, expect, it } from 'vitest';
import { normalizeLine } from '../../normalize/index.ts';
import type { EventInput, StagedRows } from '../store.ts';
import { DuckDbStore } from './duckdb-store.ts';
import { ROW_GROUP_ROWS } from './loader.ts';

function eventOf(i: number, origin: string): EventInput {
  const ts = `2024-01-01T00:00:0${i % 10}.000000+0000`;
  const text = JSON.stringify({
    firewall_name: 'fw',
    availability_zone: 'us-east-1a',
    event_timestamp: '1704067200',
    event: {
      timestamp: ts,
      flow_id: 1000 + i,
      event_type: 'netflow',
      src_ip: '10.0.0.1',
      src_port: 1024 + i,
      dest_ip: '10.0.0.2',
      dest_port: 443,
      proto: 'TCP',
      netflow: { pkts: 1, bytes: 60, start: ts, end: ts, age: 0 },
    },
  });
  const r = normalizeLine(text);
  if (!r.ok) throw new Error(r.message);
  return { row: r.row, residual: r.residual, origin, line: i };
}

/** Rows staged the way a normalising worker stages them, with the loader's staging format. */
function staged(store: DuckDbStore, events: EventInput[], origin: string): StagedRows {
  const format = store.loader().stager!;
  const stager = format.createStager(format.next(), origin, events.length);
  for (const e of events) stager.add(e.row, e.residual, e.line);
  return stager.finish().rows;
}

async function withStore<T>(fn: (s: DuckDbStore) => Promise<T>): Promise<T> {
  const store = await DuckDbStore.open({ path: ':memory:' });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('the DuckDB loader', () => {
  it('commits rows and staged rows in the order added, with rejections and the last checkpoint of each source', async () => {
    await withStore(async (store) => {
      const loader = store.loader({ commitRecords: 100 });
      expect(loader.empty).toBe(true);
      loader.add({ events: [eventOf(1, 'a'), eventOf(2, 'a'), eventOf(3, 'b')] });
      loader.add({
        staged: staged(store, [eventOf(4, 'c'), eventOf(5, 'c')], 'c'),
        rejects: [{ origin: 'c', line: 6, reason: 'invalid_json', message: 'bad', raw: '{' }],
        checkpoints: [{ sourceKey: 'k', kind: 'file', origin: 'c', offset: 1, line: 1 }],
      });
      loader.add({ checkpoints: [{ sourceKey: 'k', kind: 'file', origin: 'c', offset: 9, line: 6 }] });
      expect(loader.empty).toBe(false);
      expect(loader.full).toBe(false);
      const res = await loader.commit();
      expect(res).toEqual({ inserted: 5, rejected: 1, firstId: 1, lastId: 5 });
      expect(loader.empty).toBe(true);
      const rows = await store.query('SELECT id, origin, origin_line FROM events ORDER BY id');
      expect(rows.map((r) => [r.id, r.origin, r.origin_line])).toEqual([
        [1, 'a', 1],
        [2, 'a', 2],
        [3, 'b', 3],
        [4, 'c', 4],
        [5, 'c', 5],
      ]);
      expect(await store.getCheckpoint('k')).toMatchObject({ offset: 9, line: 6 });
    });
  });

  it('is full at its commit size (rows and rejections), and discards what it holds', async () => {
    await withStore(async (store) => {
      const loader = store.loader({ commitRecords: 3 });
      expect(loader.batchSize(20_000)).toBe(20_000);
      loader.add({
        events: [eventOf(1, 'a'), eventOf(2, 'a')],
        rejects: [{ origin: 'a', line: 3, reason: 'invalid_json', message: 'bad', raw: '{' }],
      });
      expect(loader.full).toBe(true);
      loader.discard();
      expect(loader.empty).toBe(true);
      await loader.commit();
      expect(await store.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
    });
  });

  it('by default cuts framed batches and ends commits on the row groups of the events table', async () => {
    await withStore(async (store) => {
      const loader = store.loader();
      const size = loader.batchSize(20_000) as () => number;
      loader.framed(ROW_GROUP_ROWS - 5_000);
      expect(size()).toBe(5_000);
      // A rejected record takes no row: the row group ends one record later.
      loader.add({ rejects: [{ origin: 'a', line: 1, reason: 'invalid_json', message: 'bad', raw: '{' }] });
      expect(size()).toBe(5_001);
      loader.framed(5_001);
      expect(size()).toBe(20_000);
    });
  });
});
