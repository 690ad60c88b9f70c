/**
 * The join of alerts to already-read sessions (for a flow's page) says exactly what the store's
 * verdicts say: on seeded random and adversarial records, each session's alert count and action are
 * those of the alerts `alertJoinsSession` gives it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchEvents } from '../search/index.ts';
import { describeEachEngine } from '../store/engines.testing.ts';
import { type JoinAlert, joinedSessions, timeMicros } from './alert-join.ts';
import { openTestStore, type TestStore } from './fixtures.testing.ts';
import { randomRecords } from './random-records.testing.ts';

describe('timeMicros', () => {
  it.each([
    ['2024-01-01T00:00:01.000123Z', 1_704_067_201_000_123n],
    ['2024-01-01T00:00:01Z', 1_704_067_201_000_000n],
    ['2024-01-01T09:00:01.5+09:00', 1_704_067_201_500_000n],
    ['not a time', null],
  ])('%s -> %s', (iso, us) => {
    expect(timeMicros(iso)).toBe(us);
  });
});

describeEachEngine('alerts joined to the sessions of a flow', (engine) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(engine);
  });
  afterEach(async () => {
    await t.close();
  });

  it.each([1, 2, 3])('seed %i: the same verdicts as the store', async (seed) => {
    await t.ingest(randomRecords(seed, 80).map((r) => JSON.stringify(r)));
    const sessions = await t.sessions();
    const page = await searchEvents(t.store, { query: 'type:alert', limit: 10_000, now: new Date() });
    const alerts = page.rows as unknown as (JoinAlert & { alert_action: string | null })[];
    expect(alerts.length).toBeGreaterThan(10);
    const joins = joinedSessions(alerts, sessions);
    let joinedSomething = 0;
    let joinedNothing = 0;
    sessions.forEach((s, i) => {
      const mine = alerts.filter((_, k) => joins[k]?.includes(i));
      const action =
        mine.length === 0 ? null : mine.some((a) => a.alert_action === 'blocked') ? 'blocked' : 'allowed';
      expect({ flow: s.flow_id, count: s.alert_count, action: s.alert_action }).toEqual({
        flow: s.flow_id,
        count: mine.length,
        action,
      });
    });
    for (const j of joins) j.length > 0 ? joinedSomething++ : joinedNothing++;
    // The data holds both kinds: alerts of a conversation, and alerts that name a flow_id only.
    expect(joinedSomething).toBeGreaterThan(0);
    expect(joinedNothing).toBeGreaterThan(0);
  });
});
