/**
 * Property tests: each engine's sessions, after ingests in batches and incremental refreshes,
 * equal (every column) what the independent reference (`reference.testing.ts`) gives for the same
 * records, on random and adversarial data from a seeded PRNG.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../store/engines.testing.ts';
import { openTestStore, type TestStore } from './fixtures.testing.ts';
import { prng, randomRecords } from './random-records.testing.ts';
import { referenceSessions } from './reference.testing.ts';
import { refreshSessions } from './refresh.ts';
import type { Session } from './types.ts';

/** Seeds per run: 2 by default (a few seconds); NFWLENS_PROPERTY_RUNS=50 for a longer search. */
const SEEDS = Array.from({ length: Number(process.env.NFWLENS_PROPERTY_RUNS ?? 2) }, (_, i) => i + 1);

const byRequest = (a: Session, b: Session) => a.request_id - b.request_id;

/** Cuts `n` items into batches: a first large one (so later refreshes are incremental), then smaller ones. */
function batchSizes(rnd: () => number, n: number, batches: number): number[] {
  const sizes: number[] = [];
  let left = n;
  let first = Math.ceil(n * (0.6 + rnd() * 0.15));
  for (let b = 0; b < batches - 1 && left > 0; b++) {
    const size = b === 0 ? first : Math.max(1, Math.floor(left * rnd() * 0.7));
    sizes.push(Math.min(size, left));
    left -= Math.min(size, left);
    first = 0;
  }
  if (left > 0) sizes.push(left);
  return sizes;
}

describeEachEngine('sessions against the reference rules', (engine) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(engine);
  });
  afterEach(async () => {
    await t.close();
  });

  const storeSessions = async () => (await t.sessions()).sort(byRequest);

  it.each(SEEDS)(
    'seed %i: every column after each incremental refresh, and after a rebuild',
    async (seed) => {
      const records = randomRecords(seed, 70);
      const rnd = prng(seed * 7919);
      const sizes = batchSizes(rnd, records.length, 4);
      let seen = 0;
      const modes = new Set<string>();
      for (const size of sizes) {
        const batch = records.slice(seen, seen + size);
        seen += size;
        // Sometimes several batches are ingested before one refresh catches up.
        const refresh = rnd() < 0.75 || seen === size || seen === records.length;
        await t.ingest(
          batch.map((r) => JSON.stringify(r)),
          false,
        );
        if (!refresh) continue;
        // ClickHouse writes one INSERT per partition: larger partitions there (still several per refresh).
        const partitionRecords = engine.scale([undefined, 3, 7], [undefined, 12, 25])[Math.floor(rnd() * 3)];
        const r = await refreshSessions(t.store, partitionRecords ? { partitionRecords } : {});
        modes.add(r.mode);
        expect(await storeSessions()).toEqual(referenceSessions(records.slice(0, seen)));
      }
      expect(modes.has('incremental')).toBe(true);
      await refreshSessions(t.store, { rebuild: true, partitionRecords: engine.scale(5, 15) });
      expect(await storeSessions()).toEqual(referenceSessions(records));
    },
  );

  it('every column when the halves and alerts of each flow arrive one batch at a time, in any order', async () => {
    const records = randomRecords(11, 30);
    const expected = referenceSessions(records);
    expect(expected.some((s) => s.paired)).toBe(true);
    expect(expected.some((s) => s.alert_count > 0)).toBe(true);
    // Reversed order, small batches: replies before requests, alerts before their flows.
    const reversed = [...records].reverse();
    for (let i = 0; i < reversed.length; i += 12) {
      await t.ingest(reversed.slice(i, i + 12).map((r) => JSON.stringify(r)));
      expect(await storeSessions()).toEqual(referenceSessions(reversed.slice(0, i + 12)));
    }
  });
});

describe('the random records', () => {
  it('hold the adversarial cases the property tests rely on', () => {
    const records = randomRecords(1, 70);
    const sessions = referenceSessions(records);
    const keyOf = (s: Session) => `${s.firewall_name}/${s.availability_zone}/${s.flow_id}`;
    const perFlow = new Map<string, number>();
    for (const s of sessions) perFlow.set(keyOf(s), (perFlow.get(keyOf(s)) ?? 0) + 1);
    expect([...perFlow.values()].some((n) => n > 1)).toBe(true); // flow_id reuse
    expect(sessions.some((s) => !s.paired)).toBe(true);
    expect(sessions.some((s) => s.paired)).toBe(true);
    expect(sessions.some((s) => s.records > 2)).toBe(true);
    expect(sessions.some((s) => s.alert_count > 0)).toBe(true);
    expect(sessions.some((s) => s.kind === 'flow')).toBe(true);
    expect(sessions.some((s) => s.proto === 'ICMP' && s.alert_count > 0)).toBe(true);
    const alerts = records.filter((r) => JSON.stringify(r).includes('"event_type":"alert"')).length;
    const joined = sessions.reduce((a, s) => a + s.alert_count, 0);
    expect(joined).toBeLessThan(alerts); // some alerts join nothing
  });
});
