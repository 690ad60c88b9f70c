/**
 * One writer per ClickHouse database, on the real test server: a second writer is refused, naming the
 * holder; readers need no lease; a released, expired or dead holder's lease is taken; a writer that
 * lost its lease writes nothing more; of two writers opening at once exactly one goes on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchCommit } from '../store.ts';
import { ClickHouseStore, WriterLeaseError } from './clickhouse-store.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './fixture.testing.ts';

const batch = (line: number): BatchCommit => ({
  events: [],
  rejects: [{ origin: 'lease-test', line, reason: 'bad_json', message: 'x', raw: '{' }],
});

describe.skipIf(CLICKHOUSE_URL === '')(`the ClickHouse writer lease ${CLICKHOUSE_SKIP_REASON}`, () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let url: string;
  const open: ClickHouseStore[] = [];
  const openStore = async (opts: Partial<Parameters<typeof ClickHouseStore.open>[0]> = {}) => {
    const s = await ClickHouseStore.open({ url, ...opts });
    open.push(s);
    return s;
  };

  beforeEach(async () => {
    db = await testDatabase('lease');
    const u = new URL(CLICKHOUSE_URL);
    url = `clickhouse://default@${u.hostname}:${u.port}/${db.database}`;
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
    await db?.drop();
  });

  it('refuses a second writer, naming the holder; readers open and read meanwhile', async () => {
    const writer = await openStore();
    await writer.commitBatch(batch(1));
    const err = await openStore().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriterLeaseError);
    expect(String(err)).toContain(`process ${process.pid} on `);
    expect(String(err)).toContain(`${db.database} already has a writer`);
    const reader = await openStore({ mode: 'read' });
    expect((await reader.status()).rejected).toBe(1);
    await expect(reader.commitBatch(batch(2))).rejects.toThrow(/opened for reading/);
    await expect(reader.refreshSessions()).rejects.toThrow(/opened for reading/);
    await writer.commitBatch(batch(2));
    expect((await reader.status()).rejected).toBe(2);
  });

  it('is released at close: the next writer goes on, its ids after the last', async () => {
    const first = await openStore();
    await first.commitBatch(batch(1));
    await first.close();
    const next = await openStore();
    await next.commitBatch(batch(2));
    expect((await next.listRejected()).map((r) => Number(r.id))).toEqual([1, 2]);
  });

  it('takes over the lease of a dead process of this host at once', async () => {
    await openStore({ lease: { pid: 2 ** 31 - 2 } }); // no such process
    const next = await openStore();
    await next.commitBatch(batch(1));
    expect((await next.status()).rejected).toBe(1);
  });

  it('a writer whose lease expired and was taken writes nothing more', async () => {
    const stalled = await openStore();
    await stalled.commitBatch(batch(1));
    // The stalled writer missed its renewals: its lease ran out.
    await stalled.command(
      `INSERT INTO writer_lease SELECT holder, host, pid, acquired_at, now64(6) - INTERVAL 1 SECOND, false, version + 100
       FROM writer_lease FINAL WHERE NOT released`,
    );
    const next = await openStore();
    await next.commitBatch(batch(2));
    await expect(stalled.commitBatch(batch(3))).rejects.toThrow(/lost the writer lease .* holds it now/);
    await expect(stalled.commitBatch(batch(4))).rejects.toThrow(WriterLeaseError);
    expect((await next.listRejected()).map((r) => r.line)).toEqual([1, 2]);
  });

  it('renews the lease while the writer runs', async () => {
    const writer = await openStore({ lease: { ttlMs: 1200 } });
    await new Promise((r) => setTimeout(r, 3000)); // past two lifetimes: renewed meanwhile
    await writer.commitBatch(batch(1));
    await expect(openStore()).rejects.toThrow(WriterLeaseError);
  });

  it('of two writers opening at once, exactly one goes on', async () => {
    const results = await Promise.allSettled([openStore(), openStore(), openStore()]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WriterLeaseError);
    }
  });
});
