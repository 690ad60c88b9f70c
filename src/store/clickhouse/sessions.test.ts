/**
 * Sessions on the real ClickHouse test server equal (every column) what the independent reference
 * (`src/sessions/reference.testing.ts`) gives for the same records: random and adversarial records
 * committed in batches with incremental refreshes between them, in order and reversed, then rebuilt;
 * a refresh run twice over the same events changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeLine } from '../../normalize/index.ts';
import { prng, randomRecords } from '../../sessions/random-records.testing.ts';
import { referenceSessions } from '../../sessions/reference.testing.ts';
import { SESSION_COLUMNS, type Session } from '../../sessions/types.ts';
import type { EventInput } from '../store.ts';
import { ClickHouseStore } from './clickhouse-store.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './fixture.testing.ts';
import { refreshClickHouseSessions } from './sessions.ts';
import { LIVE_SESSIONS } from './sessions-sql.ts';

describe.skipIf(CLICKHOUSE_URL === '')(
  `sessions on ClickHouse against the reference rules ${CLICKHOUSE_SKIP_REASON}`,
  () => {
    let db: Awaited<ReturnType<typeof testDatabase>>;
    let store: ClickHouseStore;
    let line = 0;

    beforeEach(async () => {
      db = await testDatabase('sessions');
      const u = new URL(CLICKHOUSE_URL);
      store = await ClickHouseStore.open({
        url: `clickhouse://default@${u.hostname}:${u.port}/${db.database}`,
      });
      line = 0;
    });
    afterEach(async () => {
      await store?.close();
      await db?.drop();
    });

    async function ingest(records: readonly unknown[]): Promise<void> {
      const events: EventInput[] = records.map((r) => {
        const n = normalizeLine(JSON.stringify(r));
        if (!n.ok) throw new Error(n.message);
        return { row: n.row, residual: n.residual, origin: 'random', line: ++line };
      });
      await store.commitBatch({ events, rejects: [] });
    }

    async function sessions(): Promise<Session[]> {
      const cols = SESSION_COLUMNS.map((c) => `"${c}"`).join(', ');
      return (await store.select(
        `SELECT ${cols} FROM ${LIVE_SESSIONS} ORDER BY request_id`,
      )) as unknown as Session[];
    }

    it.each([1, 2])(
      'seed %i: every column after each incremental refresh, and after a rebuild',
      async (seed) => {
        const records = randomRecords(seed, 70);
        const rnd = prng(seed * 7919);
        const modes = new Set<string>();
        let seen = 0;
        for (const size of [Math.ceil(records.length * 0.6), 40, 25, records.length]) {
          const batch = records.slice(seen, seen + size);
          if (batch.length === 0) break;
          seen += batch.length;
          await ingest(batch);
          const partitionRecords = [undefined, 30][Math.floor(rnd() * 2)];
          const r = await refreshClickHouseSessions(store, partitionRecords ? { partitionRecords } : {});
          modes.add(r.mode);
          expect(await sessions()).toEqual(referenceSessions(records.slice(0, seen)));
        }
        expect(modes).toEqual(new Set(['rebuild', 'incremental']));
        await refreshClickHouseSessions(store, { rebuild: true, partitionRecords: 40 });
        expect(await sessions()).toEqual(referenceSessions(records));
      },
    );

    it('every column when the halves and alerts arrive one small batch at a time, reversed', async () => {
      const reversed = [...randomRecords(11, 30)].reverse();
      for (let i = 0; i < reversed.length; i += 12) {
        await ingest(reversed.slice(i, i + 12));
        await refreshClickHouseSessions(store);
        expect(await sessions()).toEqual(referenceSessions(reversed.slice(0, i + 12)));
      }
    });

    it('a refresh that runs again on the same events (a crash before the watermark moved) changes nothing', async () => {
      const records = randomRecords(5, 40);
      await ingest(records.slice(0, 100));
      await refreshClickHouseSessions(store);
      await ingest(records.slice(100));
      await refreshClickHouseSessions(store);
      const once = await sessions();
      // Move the watermark back: the same events are refreshed again.
      await store.command(
        "INSERT INTO derived_watermarks (name, last_event_id, updated_at) VALUES ('sessions', 100, now64(6) + 1)",
      );
      const again = await refreshClickHouseSessions(store);
      expect(again.mode).toBe('incremental');
      expect(await sessions()).toEqual(once);
      expect(once).toEqual(referenceSessions(records));
    });
  },
);
